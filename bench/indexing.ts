// End to end on the real services: enqueue N stories with fresh ids, one worker process in
// this process drains them into Elasticsearch. Reports stories/s for enqueue and for
// processing, bulk request sizes and latency. Needs scripts/services up.
// npm run bench:indexing [-- --limit 5000 --concurrency 512]   (default: WIREDESK_CONCURRENCY or the config's)
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { loadConfig } from '../src/config.ts';
import { createEsClient } from '../src/elastic/client.ts';
import { dropIndex } from '../src/elastic/setup.ts';
import { createLogger } from '../src/logger.ts';
import { createRedis } from '../src/queue/connection.ts';
import { enqueueArticle } from '../src/queue/producer.ts';
import { createStoryQueue } from '../src/queue/queue.ts';
import { startStoryWorker } from '../src/runtime/story-worker.ts';
import { benchCorpus, removeQueueKeys, report } from './corpus.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const limit = arg('limit', 5000);
const concurrencyArg = arg('concurrency', 0);
const tag = randomBytes(3).toString('hex');
const config = loadConfig({ ...process.env, WIREDESK_INDEX: `wd-bench-${tag}`, WIREDESK_QUEUE_PREFIX: `wdbench-${tag}`, ...(concurrencyArg ? { WIREDESK_CONCURRENCY: String(concurrencyArg) } : {}) });
const concurrency = config.worker.concurrency;
const logger = createLogger({ logLevel: 'warn', logFormat: 'json' });
const { name, articles } = benchCorpus(limit);

const connection = createRedis(config, 'producer');
const queue = createStoryQueue(config, connection);
const t0 = performance.now();
let enqueued = 0;
const batch: Promise<unknown>[] = [];
for (const [i, a] of articles.entries()) {
  // A fresh id per run: a unique source name changes nothing in the body, so prefix the body.
  batch.push(enqueueArticle(queue, { ...a, content: `${a.content}\n\nbench-${tag}-${i}` }).then((o) => o.status === 'enqueued' && enqueued++));
  if (batch.length >= 64) await Promise.all(batch.splice(0));
}
await Promise.all(batch);
const enqueueMs = performance.now() - t0;

const t1 = performance.now();
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
const worker = await startStoryWorker(config, logger, { exitWhenDrained: true });
await worker.stopped;
clearInterval(sampler);
const processMs = performance.now() - t1;
const { completed, failed } = worker.counts();

const es = createEsClient(config);
await es.indices.refresh({ index: config.index });
const { count } = await es.count({ index: config.index });
await dropIndex(es, config.index);
await es.close();
await new Queue(config.queueName, { connection, prefix: config.queuePrefix }).obliterate({ force: true });
await queue.close();
await removeQueueKeys(connection, config.queuePrefix);
await connection.quit();

report('indexing', [
  { phase: 'enqueue', stories: enqueued, seconds: (enqueueMs / 1000).toFixed(2), 'stories/s': Math.round((enqueued / enqueueMs) * 1000) },
  { phase: 'work + index', stories: completed, seconds: (processMs / 1000).toFixed(2), 'stories/s': Math.round((completed / processMs) * 1000) },
], {
  corpus: name,
  stories: articles.length,
  enqueued,
  completed,
  failed,
  indexed: count,
  concurrency,
  enqueuePerSec: Math.round((enqueued / enqueueMs) * 1000),
  processPerSec: Math.round((completed / processMs) * 1000),
  // This process holds the producer's batch and the corpus too: an upper bound for a worker alone.
  peakRssMb: Math.round(peakRss / 2 ** 20),
});
