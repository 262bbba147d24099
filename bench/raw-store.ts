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
