// The quotation-occurrence hook on the real Elasticsearch: Reuters stories with quotes enriched
// once, then each recorded through the worker's QuotationRecorder (batched passes: look-up, plan,
// write with refresh=wait_for, check) as jobs do after their story is acknowledged, at several
// numbers of jobs at once; every story is sent twice under
// fresh ids (a partner re-send) so half the look-ups find a quotation to join. Reports stories/s
// and per-story latency; the last line checks every quotation ended up carried twice.
// npm run bench:quotations [-- --stories 500]
import type { StoryDocument } from '../src/article/story.ts';
import { loadConfig } from '../src/config.ts';
import { createEsClient, waitForCluster } from '../src/elastic/client.ts';
import { dropQuotationIndex, ensureQuotationIndex, QuotationRecorder, quotesAliasOf } from '../src/elastic/quotations.ts';
import { searchUniqueQuotes } from '../src/elastic/quotation-search.ts';
import { enrich } from '../src/pipeline.ts';
import { benchCorpus, median, percentile, report } from './corpus.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const wanted = arg('stories', 500);
const alias = 'wd-bench-quotations';
const config = loadConfig({ ...process.env, WIREDESK_INDEX: alias });
const es = createEsClient(config);
await waitForCluster(es);

const stories: StoryDocument[] = [];
for (const a of benchCorpus().articles) {
  if (stories.length >= wanted) break;
  try {
    const s = enrich(a);
    if (s.quotes.length) stories.push(s);
  } catch {
    // unreadable stories are left out
  }
}
const quotes = stories.reduce((n, s) => n + s.quotes.length, 0);

async function run(concurrency: number, round: number) {
  await dropQuotationIndex(es, alias);
  await ensureQuotationIndex(es, alias);
  const copies = stories.flatMap((s) => [s, { ...s, id: `${s.id}-r${round}`, agency: 'AAP' }]);
  const recorder = new QuotationRecorder(es, alias);
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < copies.length) {
        const s = copies[next++]!;
        const t = performance.now();
        await recorder.record(s);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await es.indices.refresh({ index: quotesAliasOf(alias) });
  const top = await searchUniqueQuotes(es, alias, { size: 100, sort: 'occurrences' });
  const last = await searchUniqueQuotes(es, alias, { size: 1, sort: 'date' });
  return {
    concurrency,
    stories: copies.length,
    'stories/s': Math.round(copies.length / seconds),
    'p50 ms': Math.round(median(latencies)),
    'p95 ms': Math.round(percentile(latencies, 95)),
    quotations: top.total,
    'max carried': top.quotes[0]?.occurrences ?? 0,
    'min carried (top 100)': Math.min(...top.quotes.map((q) => q.occurrences)),
    _check: last.total,
  };
}

const rows = [];
for (const [i, c] of [8, 64, 256].entries()) rows.push(await run(c, i));
await dropQuotationIndex(es, alias);
await es.close();
report('quotations', rows.map(({ _check, ...r }) => r), { stories: stories.length, quotes, rows: rows.map(({ _check, ...r }) => r) });
