// Search latency at scale on the real Elasticsearch: the Reuters corpus enriched once, then
// replayed with fresh ids and shifted dates up to --stories documents (default 100,000), bulk
// indexed into a private alias; then each query shape runs --runs times (after a warm-up) and
// p50/p95 are reported. --keep leaves the index for another run (--reuse picks it up).
// npm run bench:search [-- --stories 100000 --runs 50]
import { createHash } from 'node:crypto';
import type { StoryDocument } from '../src/article/story.ts';
import { loadConfig } from '../src/config.ts';
import { BulkIndexer } from '../src/elastic/bulk-indexer.ts';
import { createEsClient, waitForCluster } from '../src/elastic/client.ts';
import { searchQuotes, searchStories, type SearchParams } from '../src/elastic/search.ts';
import { dropIndex, ensureIndex } from '../src/elastic/setup.ts';
import { enrich } from '../src/pipeline.ts';
import { benchCorpus, median, percentile, report } from './corpus.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const target = arg('stories', 100_000);
const runs = arg('runs', 50);
const keep = process.argv.includes('--keep');
const alias = 'wd-bench-search';
const config = loadConfig({ ...process.env, WIREDESK_INDEX: alias });
const es = createEsClient(config);
await waitForCluster(es);

const reuse = process.argv.includes('--reuse') && (await es.indices.existsAlias({ name: alias }));
if (!reuse) {
  await dropIndex(es, alias);
  await ensureIndex(es, alias);
  const t0 = performance.now();
  const base: StoryDocument[] = [];
  for (const a of benchCorpus().articles) {
    try {
      base.push(enrich(a));
    } catch {
      // unreadable stories are not indexed
    }
  }
  const enrichS = (performance.now() - t0) / 1000;
  const indexer = new BulkIndexer({ client: es, alias, maxDocs: 1000, maxBytes: 10_000_000, flushMs: 50, maxBuffered: 4000 });
  const t1 = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let n = 0; n < target; n++) {
    const doc = base[n % base.length]!;
    const round = Math.floor(n / base.length);
    // A fresh id, and the story moved forward by a year per replay round.
    const shift = (iso: string | null) => (iso ? new Date(Date.parse(iso) + round * 365 * 86_400_000).toISOString() : null);
    pending.push(
      indexer.index({
        ...doc,
        id: `wd-${createHash('sha256').update(`${doc.id}:${round}`).digest('hex').slice(0, 32)}`,
        publishedAt: shift(doc.publishedAt),
        dateline: doc.dateline ? { ...doc.dateline, date: shift(doc.dateline.date)?.slice(0, 10) ?? null } : null,
      }),
    );
    if (pending.length >= 2000) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  await indexer.close();
  await es.indices.refresh({ index: alias });
  await es.indices.forcemerge({ index: alias, max_num_segments: 1 }).catch(() => undefined);
  console.log(`indexed ${target} stories (${base.length} enriched in ${enrichS.toFixed(1)} s, indexed in ${((performance.now() - t1) / 1000).toFixed(1)} s)`);
}
const { count } = await es.count({ index: alias });

const SHAPES: [string, () => Promise<unknown>][] = [
  ['full text', () => searchStories(es, alias, { q: 'oil prices' })],
  ['filtered full text', () => searchStories(es, alias, { q: 'oil prices', country: 'US', from: '1990-01-01', to: '1995-12-31' } as SearchParams)],
  ['entity filter, by date', () => searchStories(es, alias, { org: 'OPEC', sort: 'date' })],
  ['full text + facets', () => searchStories(es, alias, { q: 'bank', facets: true })],
  ['quotes by speaker', () => searchQuotes(es, alias, { speaker: 'Baker' })],
];
const rows = [];
const summary: Record<string, number> = {};
for (const [name, run] of SHAPES) {
  for (let i = 0; i < 5; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  rows.push({ query: name, 'p50 ms': median(ms).toFixed(1), 'p95 ms': percentile(ms, 95).toFixed(1) });
  summary[`${name.replace(/[^a-z]+/g, '_')}_p95_ms`] = Math.round(percentile(ms, 95) * 10) / 10;
}
if (!keep) await dropIndex(es, alias);
await es.close();
report('search', rows, { stories: count, runs, ...summary });
