import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoryDocument } from '../../src/article/story.ts';
import { BulkIndexer } from '../../src/elastic/bulk-indexer.ts';
import { createEsClient } from '../../src/elastic/client.ts';
import { getStory } from '../../src/elastic/search.ts';
import { ensureIndex } from '../../src/elastic/setup.ts';
import { enrich } from '../../src/pipeline.ts';
import { SEED, sandbox, type Sandbox } from './harness.ts';

describe('setup migrating to a new template version', () => {
  let box: Sandbox;
  let es: ReturnType<typeof createEsClient>;
  const seed = enrich({ content: readFileSync(SEED, 'utf8') });
  const doc = (n: number, patch: Partial<StoryDocument> = {}): StoryDocument => ({ ...seed, id: `wd-${String(n).padStart(32, '0')}`, ...patch });
  const OLD = 700;

  beforeAll(async () => {
    box = sandbox('migrate');
    es = createEsClient(box.config);
  });
  afterAll(async () => {
    await es.close();
    await box.cleanup();
  });

  it('keeps every document, takes writes made during the copy, and never lets an old copy overwrite a newer version', async () => {
    const alias = box.config.index;
    await ensureIndex(es, alias, { templateVersion: 1 });
    const writer = new BulkIndexer({ client: es, alias, maxDocs: 500, maxBytes: 20_000_000, flushMs: 10 });
    await Promise.all(Array.from({ length: OLD }, (_, i) => writer.index(doc(i))));

    let wroteDuringCopy = false;
    const result = await ensureIndex(es, alias, {
      templateVersion: 2,
      onCopy: async () => {
        if (wroteDuringCopy) return;
        wroteDuringCopy = true;
        // While the copy runs: a brand-new story, and a newer version of one not yet copied.
        await Promise.all([writer.index(doc(OLD + 1)), writer.index(doc(OLD - 1, { version: 7, headline: 'updated during migration' }))]);
      },
    });
    await writer.close();

    expect(wroteDuringCopy).toBe(true);
    expect(result).toMatchObject({ index: `${alias}-v2`, migrated: { from: [`${alias}-v1`] } });
    expect(result.migrated!.copied + result.migrated!.skippedNewer).toBe(OLD);
    expect(result.migrated!.skippedNewer).toBe(1);

    expect(Object.keys(await es.indices.getAlias({ name: alias }))).toEqual([`${alias}-v2`]);
    await es.indices.refresh({ index: alias });
    expect((await es.count({ index: alias })).count).toBe(OLD + 1);
    expect((await getStory(es, alias, doc(OLD - 1).id))?.headline).toBe('updated during migration');
    expect(await getStory(es, alias, doc(OLD + 1).id)).not.toBeNull();
    // The old index stays, out of the alias, for the operator to delete.
    expect((await es.count({ index: `${alias}-v1` })).count).toBe(OLD);

    expect(await ensureIndex(es, alias, { templateVersion: 2 })).toMatchObject({ created: false });
  });
});
