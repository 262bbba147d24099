import type { Client } from '@elastic/elasticsearch';
import type { StoryDocument } from '../article/story.ts';
import type { EnrichPool } from '../enrichment/pool.ts';
import { readRawArticles } from '../elastic/raw-store.ts';
import type { SetupOptions } from '../elastic/setup.ts';
import { isKillNotice, partialStory } from '../pipeline.ts';

/**
 * `setup --migrate reenrich`: the new index is filled with documents enriched again from the
 * kept raw articles (one `mget` of raw records a page, the stages on the enrichment pool's
 * threads) instead of copies. A withdrawn story, one whose raw article is not kept, or one
 * whose raw article no longer reads as that story is copied as it was.
 */
export function reenrichForMigration(client: Client, alias: string, pool: EnrichPool): NonNullable<SetupOptions['reenrich']> {
  return async (docs) => {
    const raws = await readRawArticles(client, alias, docs.filter((d) => !d.withdrawnAt).map((d) => d.id));
    let reenriched = 0;
    const out = await Promise.all(
      docs.map(async (doc): Promise<StoryDocument> => {
        const raw = doc.withdrawnAt ? undefined : raws.get(doc.id);
        if (!raw) return doc;
        const now = new Date();
        const read = await pool.prepare(raw, now);
        if (!read.ok || read.prepared.id !== doc.id || isKillNotice(read.prepared)) return doc;
        const fresh = await pool.extract(read.prepared, now).catch((err: Error) => partialStory(read.prepared, now, err.message));
        reenriched += 1;
        return fresh;
      }),
    );
    return { docs: out, reenriched };
  };
}
