import { readFileSync } from 'node:fs';
import type { Client, estypes } from '@elastic/elasticsearch';
import type { StoryDocument } from '../article/story.ts';
import { ServiceUnavailableError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { formsOf, type Form, type Occurrence } from '../lineage/occurrence.ts';
import { planStory, rekey, type Plan, type Stored } from '../lineage/resolve.ts';
import { fromIndexDocument, type IndexedStory } from './document.ts';
import { createIndexIfMissing, dropVersionedIndices } from './errors.ts';

/**
 * The quotation occurrences index (`<alias>-quotes`): one document per quote form a live story
 * carries, written after the story is acknowledged. Unique quotations are aggregations over it
 * (src/elastic/quotation-search.ts). No scripts: concurrent writers are kept honest with
 * optimistic concurrency (`if_seq_no`), and a story's writes are checked again once they are
 * searchable (see `recordStoryQuotes`).
 */

const TEMPLATE_FILE = new URL('../../config/elasticsearch/quotes.template.json', import.meta.url);

interface QuotesTemplateFile {
  version: number;
  template: { settings: Record<string, unknown>; mappings: estypes.MappingTypeMapping };
}

export function loadQuotesTemplate(): QuotesTemplateFile {
  const { _comment, ...file } = JSON.parse(readFileSync(TEMPLATE_FILE, 'utf8')) as QuotesTemplateFile & { _comment?: string };
  return file;
}

/** The alias the occurrences are written and read through. */
export const quotesAliasOf = (alias: string) => `${alias}-quotes`;
const quotesIndexOf = (alias: string, version: number) => `${quotesAliasOf(alias)}-v${version}`;

export interface QuotesSetupResult {
  alias: string;
  index: string;
  version: number;
  created: boolean;
  /** Stories whose quotes were read into a new index (setup only). */
  backfilled?: number;
}

/**
 * Makes sure the occurrences template, index and alias exist (idempotent). A new template
 * version gets a new index; with `backfill` (setup) an index not yet built from the stories is
 * built (every live story's quotes resolved in publication order), then marked in its `_meta`,
 * and the alias moves to it; workers only create what is missing.
 */
export async function ensureQuotationIndex(client: Client, alias: string, opts: { backfill?: boolean; logger?: Logger; onStory?: (done: number) => void } = {}): Promise<QuotesSetupResult> {
  const file = loadQuotesTemplate();
  const qAlias = quotesAliasOf(alias);
  const index = quotesIndexOf(alias, file.version);
  await client.indices.putIndexTemplate({
    name: qAlias,
    index_patterns: [`${qAlias}-v*`],
    version: file.version,
    priority: 200,
    template: { settings: file.template.settings, mappings: file.template.mappings },
    _meta: { managedBy: 'wiredesk' },
  });
  let created = false;
  if (!(await client.indices.exists({ index }))) {
    created = await createIndexIfMissing(client, { index });
    await client.cluster.health({ index, wait_for_status: 'yellow', timeout: '30s' });
  }
  const current = (await client.indices.existsAlias({ name: qAlias })) ? Object.keys(await client.indices.getAlias({ name: qAlias })) : [];
  if (!current.includes(index) && (current.length === 0 || opts.backfill)) {
    // Written to at once; the older index stays readable through the alias until the backfill ends.
    await client.indices.updateAliases({ actions: [...current.map((i) => ({ add: { index: i, alias: qAlias, is_write_index: false } })), { add: { index, alias: qAlias, is_write_index: true } }] });
  }
  const result: QuotesSetupResult = { alias: qAlias, index, version: file.version, created };
  if (!opts.backfill) return result;
  const mapping = await client.indices.getMapping({ index });
  if (mapping[index]?.mappings._meta?.backfilled) return result;
  result.backfilled = await backfill(client, alias, opts.logger, opts.onStory);
  await client.indices.putMapping({ index, _meta: { backfilled: new Date().toISOString() } });
  const others = Object.keys(await client.indices.getAlias({ name: qAlias })).filter((i) => i !== index);
  if (others.length) await client.indices.updateAliases({ actions: others.map((i) => ({ remove: { index: i, alias: qAlias } })) });
  return result;
}

/** The largest parts of a stored story, which the occurrences never read: left out of every read here. */
const UNREAD_FIELDS = ['body', 'entities', 'facets'];
const storyOfStored = (source: IndexedStory) => fromIndexDocument({ ...source, body: source.body ?? '', entities: source.entities ?? [] });

/** Every live story's quotes, oldest story first, through the same resolution as the worker's. */
async function backfill(client: Client, alias: string, logger?: Logger, onStory?: (done: number) => void): Promise<number> {
  if (!(await client.indices.existsAlias({ name: alias }))) return 0;
  const pit = await client.openPointInTime({ index: alias, keep_alive: '2m' });
  let done = 0;
  try {
    let after: estypes.SortResults | undefined;
    for (;;) {
      const page = await client.search<IndexedStory>({
        pit: { id: pit.id, keep_alive: '2m' },
        size: 200,
        query: { bool: { must_not: [{ term: { pubStatus: 'canceled' } }], filter: [{ nested: { path: 'quotes', query: { exists: { field: 'quotes.text' } } } }] } },
        sort: [{ publishedAt: { order: 'asc', missing: '_last' } }, { id: 'asc' }],
        _source: { excludes: UNREAD_FIELDS },
        ...(after ? { search_after: after } : {}),
      });
      const hits = page.hits.hits;
      if (!hits.length) break;
      for (const h of hits) {
        await recordStoryQuotes(client, alias, storyOfStored(h._source!), logger);
        done += 1;
        onStory?.(done);
      }
      after = hits[hits.length - 1]!.sort;
    }
  } finally {
    await client.closePointInTime({ id: pit.id }).catch(() => undefined);
  }
  return done;
}

/** Deletes the occurrences indices and template (tests, benchmarks). */
export async function dropQuotationIndex(client: Client, alias: string): Promise<void> {
  await dropVersionedIndices(client, quotesAliasOf(alias));
}

/** The most occurrences one lookup reads back; beyond it the rarest candidates are not seen. */
const LOOKUP_SIZE = 2000;
const asStored = (h: estypes.SearchHit<Occurrence>): Stored => ({ id: h._id!, seqNo: h._seq_no!, primaryTerm: h._primary_term!, doc: h._source! });

/** The two look-ups of a story: its own occurrences, and others sharing a key or a six-word window with its forms. */
function lookupSearches(qAlias: string, storyId: string, forms: Form[]): estypes.MsearchRequestItem[] {
  const keys = forms.map((f) => f.key);
  const heads = forms.flatMap((f) => (f.head ? [f.head] : []));
  const shingles = [...new Set(forms.flatMap((f) => f.shingles))];
  const should: estypes.QueryDslQueryContainer[] = [];
  if (keys.length) should.push({ terms: { key: keys } });
  if (heads.length) should.push({ terms: { shingles: heads } });
  if (shingles.length) should.push({ terms: { head: shingles } });
  return [
    { index: qAlias },
    { query: { term: { storyId } }, size: LOOKUP_SIZE, seq_no_primary_term: true },
    { index: qAlias },
    should.length
      ? { query: { bool: { should, minimum_should_match: 1, must_not: [{ term: { storyId } }] } }, size: LOOKUP_SIZE, seq_no_primary_term: true, sort: [{ publishedAt: { order: 'asc', missing: '_last' } }, '_doc'] }
      : { query: { match_none: {} }, size: 0 },
  ];
}

/** Every member of the quotations being absorbed, so none is left under the old id. */
async function membersOf(client: Client, qAlias: string, ids: string[]): Promise<Stored[]> {
  if (!ids.length) return [];
  const r = await client.search<Occurrence>({ index: qAlias, query: { terms: { 'quotation.id': ids } }, size: 10_000, seq_no_primary_term: true });
  return r.hits.hits.map(asStored);
}

interface Item {
  story: StoryDocument;
  forms: Form[];
  pass: number;
  written: number;
  deleted: number;
}

/**
 * One pass over several stories: one `_msearch` of look-ups, the pure plans, one search for the
 * members of absorbed quotations, one `_bulk` (searchable before it returns). A story is settled
 * when its plan had nothing to change; one that wrote is checked again by the next pass, and
 * one whose write lost a race (409) is planned again.
 */
async function passOver(client: Client, qAlias: string, items: Item[]): Promise<{ settled: boolean[]; conflicts: boolean }> {
  const r = await client.msearch<Occurrence>({ searches: items.flatMap((it) => lookupSearches(qAlias, it.story.id, it.forms)) });
  const hitsOf = (i: number) => {
    const item = r.responses[i];
    if (!item) return [];
    if ('error' in item) throw new ServiceUnavailableError(`the quotation look-up failed (${item.error.type}: ${item.error.reason ?? ''})`);
    return item.hits.hits.map(asStored);
  };
  const plans: Plan[] = items.map((it, i) => planStory(it.story.version, it.forms, { own: hitsOf(2 * i), related: hitsOf(2 * i + 1) }));
  const absorbed = [...new Set(plans.flatMap((p) => [...p.merges.keys()]))];
  if (absorbed.length) {
    const members = await membersOf(client, qAlias, absorbed);
    for (const p of plans) if (p.merges.size) p.writes.push(...rekey(members, p.merges, new Set(p.writes.map((w) => w.id))));
  }
  const operations: unknown[] = [];
  const owner: number[] = [];
  plans.forEach((plan, i) => {
    if (plan.stale) return;
    for (const w of plan.writes) {
      if (w.ifSeqNo === undefined) operations.push({ create: { _index: qAlias, _id: w.id } }, w.doc);
      else operations.push({ index: { _index: qAlias, _id: w.id, if_seq_no: w.ifSeqNo, if_primary_term: w.ifPrimaryTerm } }, w.doc);
      owner.push(i);
    }
    for (const d of plan.deletes) {
      operations.push({ delete: { _index: qAlias, _id: d.id, if_seq_no: d.ifSeqNo, if_primary_term: d.ifPrimaryTerm } });
      owner.push(i);
    }
    items[i]!.written += plan.writes.length;
    items[i]!.deleted += plan.deletes.length;
  });
  const settled = plans.map((p) => p.stale || (!p.writes.length && !p.deletes.length));
  let conflicts = false;
  if (operations.length) {
    const response = await client.bulk({ operations, refresh: 'wait_for' });
    response.items.forEach((entry) => {
      const item = Object.values(entry)[0]!;
      if (item.status === 409) conflicts = true;
      else if (item.error && !(item.status === 404 && entry.delete)) throw new ServiceUnavailableError(`quotation occurrence ${item._id} not written (${item.error.type}: ${item.error.reason ?? ''})`);
    });
  }
  return { settled, conflicts };
}

/** Passes a story may take before its occurrences are left to the next related story to settle. */
const PASSES = 6;

const itemOf = (story: StoryDocument): Item => ({ story, forms: formsOf(story), pass: 0, written: 0, deleted: 0 });

/**
 * Writes a story's quotation occurrences (or removes them all, for a withdrawn story or one
 * without quotes), idempotently. Each pass reads what the index holds, plans with the pure
 * `planStory` and writes with optimistic concurrency; passes repeat until one has nothing left
 * to change. Writes are searchable before a pass ends, so of two stories written at the same
 * moment the later look-up always sees the other's occurrences, and a write planned on a view
 * that changed meanwhile is refused (409) and planned again.
 */
export async function recordStoryQuotes(client: Client, alias: string, story: StoryDocument, logger?: Logger): Promise<{ written: number; deleted: number }> {
  const qAlias = quotesAliasOf(alias);
  const item = itemOf(story);
  for (; item.pass < PASSES; item.pass++) {
    const { settled, conflicts } = await passOver(client, qAlias, [item]);
    if (settled[0]) return { written: item.written, deleted: item.deleted };
    // The winner's write may not be searchable yet.
    if (conflicts) await client.indices.refresh({ index: qAlias });
  }
  logger?.warn({ storyId: story.id }, `quotation occurrences still changing after ${PASSES} passes; the next write of a related story settles them`);
  return { written: item.written, deleted: item.deleted };
}

/**
 * `recordStoryQuotes` for many stories at once, as the worker's jobs finish: stories waiting
 * while a pass is under way go together in the next (at most `maxBatch`, `requests` passes at
 * once), so a pass costs two `_msearch`, a search and one `_bulk` whatever the number of stories.
 * Each story's promise settles when its own occurrences are settled.
 */
export class QuotationRecorder {
  private readonly queue: (Item & { resolve: (r: { written: number; deleted: number }) => void; reject: (err: Error) => void })[] = [];
  private running = 0;
  private readonly qAlias: string;

  constructor(
    private readonly client: Client,
    private readonly alias: string,
    private readonly opts: { maxBatch?: number; requests?: number; logger?: Logger } = {},
  ) {
    this.qAlias = quotesAliasOf(alias);
  }

  /**
   * Records the occurrences of stories as indexed this moment (a real-time `mget`, without their
   * bodies); ids not found are skipped. Resolves with how many stories were recorded.
   */
  async recordIndexed(ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    const r = await this.client.mget<IndexedStory>({ index: this.alias, ids, _source_excludes: UNREAD_FIELDS });
    const stories = r.docs.flatMap((d) => ('found' in d && d.found && d._source ? [storyOfStored(d._source)] : []));
    await Promise.all(stories.map((story) => this.record(story)));
    return stories.length;
  }

  record(story: StoryDocument): Promise<{ written: number; deleted: number }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...itemOf(story), resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length && this.running < (this.opts.requests ?? 2)) {
      const batch = this.queue.splice(0, this.opts.maxBatch ?? 500);
      this.running += 1;
      void this.run(batch).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private async run(batch: QuotationRecorder['queue']): Promise<void> {
    let outcome;
    try {
      outcome = await passOver(this.client, this.qAlias, batch);
      if (outcome.conflicts) await this.client.indices.refresh({ index: this.qAlias });
    } catch (err) {
      for (const it of batch) it.reject(err as Error);
      return;
    }
    batch.forEach((it, i) => {
      it.pass += 1;
      if (outcome.settled[i]) return it.resolve({ written: it.written, deleted: it.deleted });
      if (it.pass >= PASSES) {
        this.opts.logger?.warn({ storyId: it.story.id }, `quotation occurrences still changing after ${PASSES} passes; the next write of a related story settles them`);
        return it.resolve({ written: it.written, deleted: it.deleted });
      }
      this.queue.push(it);
    });
  }
}
