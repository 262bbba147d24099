import type { Client, estypes } from '@elastic/elasticsearch';
import type { StoryDocument } from '../article/story.ts';
import { applyCorrections, correctionSchema, type Correction } from '../review/corrections.ts';
import { createIndexIfMissing, esStatusOf } from './errors.ts';

/**
 * Editors' corrections in their own index, `<alias>-corrections`, one document per story and
 * quote words (`_id` = `<storyId>:<quoteHash>`), apart from the story documents so a re-send or a
 * re-enrichment that rewrites a story cannot lose them. Only the fields looked up by are
 * indexed; the rest is `_source`.
 */
export const correctionsIndexOf = (alias: string) => `${alias}-corrections`;

const MAPPING: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: {
    key: { type: 'keyword' },
    storyId: { type: 'keyword' },
    quoteHash: { type: 'keyword' },
    correctedBy: { type: 'keyword' },
    correctedAt: { type: 'date' },
  },
};

/** Corrections read back, each checked against the one schema (a hand-edited document is skipped, not trusted). */
function parsed(hits: estypes.SearchHit<unknown>[]): Correction[] {
  const out: Correction[] = [];
  for (const h of hits) {
    const r = correctionSchema.safeParse(h._source);
    if (r.success) out.push(r.data);
  }
  return out;
}

const PAGE = 2000;

export interface CorrectionStoreOptions {
  /** How long the copy of all corrections `apply` uses is trusted before it is read again. */
  cacheMs: number;
}

/**
 * The corrections index: store one, read a story's, read them all; and `apply`, the indexing
 * hook, from an in-process copy of every correction read again after `cacheMs`. Corrections are
 * editors' hand work (thousands, not millions), so the copy is small, and the hook costs no
 * request per story: at most one paged read per `cacheMs` per process.
 */
export class CorrectionStore {
  readonly index: string;
  private snapshot: { at: number; byStory: Map<string, Correction[]> } | null = null;
  private loading: Promise<Map<string, Correction[]>> | null = null;
  private created = false;

  constructor(
    private readonly client: Client,
    alias: string,
    private readonly opts: CorrectionStoreOptions,
  ) {
    this.index = correctionsIndexOf(alias);
  }

  /** Creates the index where missing (idempotent; another process creating it at the same moment is fine). */
  async ensure(): Promise<void> {
    if (this.created) return;
    await createIndexIfMissing(this.client, { index: this.index, settings: { number_of_shards: 1, auto_expand_replicas: '0-1' }, mappings: MAPPING });
    this.created = true;
  }

  /** Stores a correction (replacing one for the same words), searchable when this returns. */
  async put(c: Correction): Promise<void> {
    await this.ensure();
    await this.client.index({ index: this.index, id: c.key, document: correctionSchema.parse(c), refresh: 'wait_for' });
    const mine = this.snapshot?.byStory;
    if (mine) mine.set(c.storyId, [...(mine.get(c.storyId) ?? []).filter((x) => x.key !== c.key), c]);
  }

  /** A story's corrections as stored this moment (not the cached copy). */
  async forStory(storyId: string): Promise<Correction[]> {
    try {
      const r = await this.client.search({ index: this.index, query: { term: { storyId } }, size: 10_000 });
      return parsed(r.hits.hits);
    } catch (err) {
      if (esStatusOf(err) === 404) return [];
      throw err;
    }
  }

  /** Every correction, in key order, a page at a time (the export). */
  async *all(): AsyncGenerator<Correction> {
    let after: estypes.SortResults | undefined;
    for (;;) {
      let r: estypes.SearchResponse<unknown>;
      try {
        r = await this.client.search({ index: this.index, size: PAGE, sort: [{ key: 'asc' }], ...(after ? { search_after: after } : {}) });
      } catch (err) {
        if (esStatusOf(err) === 404) return;
        throw err;
      }
      const hits = r.hits.hits;
      yield* parsed(hits);
      if (hits.length < PAGE) return;
      after = hits[hits.length - 1]!.sort;
    }
  }

  /**
   * The indexing hook: the story with the corrections for it applied, from the cached copy
   * (read again once it is older than `cacheMs`; one read at a time however many stories wait).
   */
  async apply(doc: StoryDocument): Promise<StoryDocument> {
    const byStory = this.snapshot && Date.now() - this.snapshot.at < this.opts.cacheMs ? this.snapshot.byStory : await this.reload();
    const mine = byStory.get(doc.id);
    return mine ? applyCorrections(doc, mine) : doc;
  }

  private reload(): Promise<Map<string, Correction[]>> {
    this.loading ??= (async () => {
      try {
        const at = Date.now();
        const byStory = new Map<string, Correction[]>();
        for await (const c of this.all()) {
          const list = byStory.get(c.storyId);
          if (list) list.push(c);
          else byStory.set(c.storyId, [c]);
        }
        this.snapshot = { at, byStory };
        return byStory;
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  /** Deletes the index (tests). */
  async drop(): Promise<void> {
    await this.client.indices.delete({ index: this.index }, { ignore: [404] });
    this.created = false;
    this.snapshot = null;
  }
}
