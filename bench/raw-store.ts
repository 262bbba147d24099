import { rawRecordOf } from '../src/elastic/raw-store.ts';
import { benchCorpus, percentile, report } from './corpus.ts';

/**
 * What keeping raw articles costs: bytes stored in `<alias>-raw` per byte received (the record
 * as sent in `_bulk`: gzip + base64 content and the metadata), and how long compressing one
 * story takes (on libuv's thread pool, off the event loop). No services needed.
 */
const { name, articles } = benchCorpus();
let received = 0;
let stored = 0;
const micros: number[] = [];
/** Received and stored bytes of the content alone, by the story's size. */
const buckets = new Map<string, { stories: number; received: number; stored: number }>();
const bucketOf = (bytes: number) => (bytes < 1000 ? 'under 1 KB' : bytes < 4000 ? '1-4 KB' : '4 KB and over');
const t0 = performance.now();
for (const [i, a] of articles.entries()) {
  const raw = { content: a.content, format: a.format ?? 'auto', receivedAt: '2024-01-01T00:00:00Z', ...(a.source ? { source: a.source } : {}) };
  const s = performance.now();
  const record = await rawRecordOf({ id: `wd-${String(i).padStart(32, '0')}`, version: 1 }, raw);
  micros.push((performance.now() - s) * 1000);
  const bytes = Buffer.byteLength(a.content);
  received += bytes;
  stored += Buffer.byteLength(JSON.stringify(record));
  const b = buckets.get(bucketOf(bytes)) ?? { stories: 0, received: 0, stored: 0 };
  b.stories += 1;
  b.received += bytes;
  b.stored += record.content.length;
  buckets.set(bucketOf(bytes), b);
}
const seconds = (performance.now() - t0) / 1000;
report(
  'raw-store',
  [
    {
      corpus: name,
      stories: articles.length,
      'received MB': (received / 1e6).toFixed(1),
      'stored MB': (stored / 1e6).toFixed(1),
      'stored/received': (stored / received).toFixed(2),
      'p50 µs': Math.round(percentile(micros, 50)),
      'p99 µs': Math.round(percentile(micros, 99)),
      'stories/s (one at a time)': Math.round(articles.length / seconds),
    },
    ...[...buckets].map(([size, b]) => ({ corpus: `  content ${size}`, stories: b.stories, 'received MB': (b.received / 1e6).toFixed(1), 'stored MB': (b.stored / 1e6).toFixed(1), 'stored/received': (b.stored / b.received).toFixed(2), 'p50 µs': '', 'p99 µs': '', 'stories/s (one at a time)': '' })),
  ],
  { stories: articles.length, received, stored, ratio: stored / received },
);

/**
 * `-- --es [--limit n]`: the indexing cost on the real Elasticsearch. The same enriched
 * documents are written through the bulk indexer (jobs all waiting on it, as in a worker) into
 * fresh indices, without and then with their raw companions, alternately, twice.
 */
if (process.argv.includes('--es')) {
  const { randomBytes } = await import('node:crypto');
  const { loadConfig } = await import('../src/config.ts');
  const { createEsClient } = await import('../src/elastic/client.ts');
  const { BulkIndexer } = await import('../src/elastic/bulk-indexer.ts');
  const { rawCompanion } = await import('../src/elastic/raw-store.ts');
  const { dropIndex, ensureIndex } = await import('../src/elastic/setup.ts');
  const { enrich } = await import('../src/pipeline.ts');
  const i = process.argv.indexOf('--limit');
  const limit = i > 0 ? Number(process.argv[i + 1]) : 3000;
  const sample = articles.slice(0, limit).map((a) => {
    const raw = { content: a.content, format: a.format ?? 'auto', receivedAt: '2024-01-01T00:00:00Z', ...(a.source ? { source: a.source } : {}) };
    return { raw, doc: enrich(raw, { now: () => new Date('2024-01-01T00:00:05Z') }) };
  });
  const config = loadConfig(process.env);
  const es = createEsClient(config);
  const rows: Record<string, string | number>[] = [];
  for (const round of [1, 2]) {
    for (const withRaw of [false, true]) {
      const alias = `wd-bench-raw-${randomBytes(3).toString('hex')}`;
      await ensureIndex(es, alias);
      const indexer = new BulkIndexer({ client: es, alias, ...config.bulk, writers: config.worker.concurrency });
      let bytes = 0;
      const tz = performance.now();
      const companions = withRaw ? await Promise.all(sample.map(({ raw, doc }) => rawCompanion(alias, doc, raw))) : [];
      const gzipMs = performance.now() - tz;
      const t0 = performance.now();
      await Promise.all(sample.map(({ doc }, n) => indexer.index(doc, withRaw ? [companions[n]!] : [])));
      await indexer.close();
      const seconds = (performance.now() - t0) / 1000;
      await es.indices.refresh({ index: alias });
      const stats = await es.indices.stats({ index: [`${alias}-v*`, `${alias}-raw-v1`], metric: 'store' });
      bytes = stats._all.total?.store?.size_in_bytes ?? 0;
      rows.push({ round, 'raw kept': withRaw ? 'yes' : 'no', stories: sample.length, 'stories/s': Math.round(sample.length / seconds), 'compress s': (gzipMs / 1000).toFixed(2), 'store MB': (bytes / 1e6).toFixed(1) });
      await dropIndex(es, alias);
    }
  }
  await es.close();
  report('raw-store-es', rows, { stories: sample.length });
}
