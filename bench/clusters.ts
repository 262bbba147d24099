// What story clusters cost end to end, and what they find: a `wiredesk worker` process draining
// the same Reuters-21578 stories with WIREDESK_CLUSTERS=false and =true, alternating (A B A B),
// stories/s for each; then how many stories of the clustered run were copies, and the largest
// clusters. npm run bench:clusters [-- --limit 4000]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.ts';
import { createEsClient } from '../src/elastic/client.ts';
import { dropIndex } from '../src/elastic/setup.ts';
import { createRedis } from '../src/queue/connection.ts';
import { createStoryQueue } from '../src/queue/queue.ts';
import { benchCorpus, enqueueAll, median, removeQueueKeys, report } from './corpus.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/wiredesk.js', import.meta.url));
const limitArg = process.argv.indexOf('--limit');
const limit = limitArg > 0 ? Number(process.argv[limitArg + 1]) : 4000;
const { name, articles } = benchCorpus(limit);
const tag = randomBytes(3).toString('hex');

async function drain(clusters: boolean, run: number, keep: boolean) {
  const env = { ...process.env, WIREDESK_CLUSTERS: String(clusters), WIREDESK_INDEX: `wd-bench-clusters-${tag}-${run}`, WIREDESK_QUEUE_PREFIX: `wdbench-clusters-${tag}-${run}`, WIREDESK_LOG_LEVEL: 'warn', WIREDESK_LOG_FORMAT: 'json' };
  const config = loadConfig(env);
  const connection = createRedis(config, 'producer');
  const queue = createStoryQueue(config, connection);
  await enqueueAll(queue, articles);
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'worker', '--exit-when-drained', '--no-feeds'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`the worker exited with ${code}`);
  const counts = await queue.getJobCounts('completed', 'failed');
  await queue.obliterate({ force: true });
  await queue.close();
  await removeQueueKeys(connection, config.queuePrefix);
  await connection.quit();
  const es = createEsClient(config);
  let found: Record<string, unknown> = {};
  if (keep) {
    await es.indices.refresh({ index: config.index });
    const r = await es.search({
      index: config.index,
      size: 0,
      aggs: { copies: { filter: { term: { 'cluster.role': 'copy' } } }, clusters: { cardinality: { field: 'cluster.id' } }, largest: { terms: { field: 'cluster.id', size: 5, min_doc_count: 2 } } },
    });
    const a = r.aggregations as { copies: { doc_count: number }; clusters: { value: number }; largest: { buckets: { key: string; doc_count: number }[] } };
    found = { copies: a.copies.doc_count, clusters: a.clusters.value, largest: a.largest.buckets.map((b) => b.doc_count) };
  }
  await dropIndex(es, config.index);
  await es.close();
  return { perSec: (counts.completed ?? 0) / seconds, failed: counts.failed ?? 0, ...found };
}

const off: number[] = [];
const on: number[] = [];
let found: Record<string, unknown> = {};
for (let i = 0; i < 2; i++) {
  off.push((await drain(false, i * 2, false)).perSec);
  const r = await drain(true, i * 2 + 1, i === 1);
  on.push(r.perSec);
  if (i === 1) found = r;
  console.error(`round ${i + 1}: off ${Math.round(off.at(-1)!)}, on ${Math.round(on.at(-1)!)} stories/s`);
}
report('clusters', [
  { run: 'clusters off', 'stories/s': Math.round(median(off)) },
  { run: 'clusters on', 'stories/s': Math.round(median(on)) },
], { corpus: name, stories: articles.length, off: off.map(Math.round), on: on.map(Math.round), ...found });
