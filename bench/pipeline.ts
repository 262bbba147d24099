// enrich() throughput on one core: stories/s and µs per story, by stage, median of 5 runs.
// npm run bench:pipeline [-- --limit 5000]
import { extractStory, prepare } from '../src/pipeline.ts';
import { benchCorpus, median, report } from './corpus.ts';

const limitArg = process.argv.indexOf('--limit');
const limit = limitArg > 0 ? Number(process.argv[limitArg + 1]) : 5000;
const { name, articles } = benchCorpus(limit);
const now = new Date('2026-01-01T00:00:00Z');

// Warm up (model loads, JIT) outside the timed runs.
for (const a of articles.slice(0, 200)) extractStory(prepare(a, now), now);

const runs: { prepareMs: number; extractMs: number; failed: number }[] = [];
for (let run = 0; run < 5; run++) {
  let prepareMs = 0;
  let extractMs = 0;
  let failed = 0;
  for (const a of articles) {
    const t0 = performance.now();
    let prepared;
    try {
      prepared = prepare(a, now);
    } catch {
      failed += 1;
      continue;
    }
    const t1 = performance.now();
    extractStory(prepared, now);
    prepareMs += t1 - t0;
    extractMs += performance.now() - t1;
  }
  runs.push({ prepareMs, extractMs, failed });
}
const n = articles.length;
const totalMs = median(runs.map((r) => r.prepareMs + r.extractMs));
const rows = [
  { stage: 'read + normalise', 'µs/story': (median(runs.map((r) => r.prepareMs)) * 1000 / n).toFixed(1) },
  { stage: 'extract + document', 'µs/story': (median(runs.map((r) => r.extractMs)) * 1000 / n).toFixed(1) },
  { stage: 'enrich (total)', 'µs/story': ((totalMs * 1000) / n).toFixed(1) },
];
report('pipeline', rows, {
  corpus: name,
  stories: n,
  storiesPerSec: Math.round((n / totalMs) * 1000),
  usPerStory: Math.round((totalMs * 1000) / n),
  rssMB: Math.round(process.memoryUsage().rss / 1024 / 1024),
  unreadable: runs[0]!.failed,
});
