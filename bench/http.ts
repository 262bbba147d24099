// HTTP ingest throughput on the real services: a `serve` (no worker) in this process, stories
// POSTed one per request and in batches, each enqueued with a fresh id. Reports articles/s and
// request latency. Needs scripts/services up.
// npx tsx bench/http.ts [-- --limit 3000 --concurrency 16 --batch 100]
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/config.ts';
import { createEsClient } from '../src/elastic/client.ts';
import { dropIndex } from '../src/elastic/setup.ts';
import { createLogger } from '../src/logger.ts';
import { createRedis } from '../src/queue/connection.ts';
import { startServer } from '../src/server/serve.ts';
import { benchCorpus, percentile, removeQueueKeys, report } from './corpus.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const limit = arg('limit', 3000);
const concurrency = arg('concurrency', 16);
const batch = arg('batch', 100);
const tag = randomBytes(3).toString('hex');
const token = randomBytes(16).toString('hex');
const config = loadConfig({ ...process.env, WIREDESK_INDEX: `wd-bench-${tag}`, WIREDESK_QUEUE_PREFIX: `wdbench-${tag}`, WIREDESK_API_TOKEN: token, WIREDESK_RATE_LIMIT: '1000000' });
const server = await startServer(config, createLogger({ logLevel: 'warn', logFormat: 'json' }), { port: 0 });
const { name, articles } = benchCorpus(limit);
// A run-unique suffix: every story is new, so each is really enqueued.
const fresh = (round: string) => articles.map((a, i) => ({ ...a, content: `${a.content}\n\n(${round} ${tag} ${i})` }));

async function run(label: string, bodies: unknown[][]): Promise<Record<string, string | number>> {
  const latencies: number[] = [];
  let next = 0;
  let accepted = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const started = performance.now();
        const r = await fetch(`${server.url}/articles`, { method: 'POST', body: JSON.stringify(body.length === 1 ? body[0] : body), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
        const answer = (await r.json()) as { enqueued?: number };
        if (r.status !== 202) throw new Error(`${r.status}: ${JSON.stringify(answer)}`);
        accepted += answer.enqueued ?? 0;
        latencies.push(performance.now() - started);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { mode: label, articles: accepted, requests: bodies.length, 'articles/s': Math.round(accepted / seconds), 'p50 ms': percentile(latencies, 50).toFixed(1), 'p95 ms': percentile(latencies, 95).toFixed(1) };
}

try {
  const single = fresh('single').map((a) => [a]);
  const batched: unknown[][] = [];
  const many = fresh('batch');
  for (let i = 0; i < many.length; i += batch) batched.push(many.slice(i, i + batch));
  const rows = [await run('1 per request', single), await run(`${batch} per request`, batched)];
  report('http-ingest', rows, { corpus: name, concurrency, batch, singleArticlesPerSecond: rows[0]!['articles/s'], batchArticlesPerSecond: rows[1]!['articles/s'] });
} finally {
  await server.stop();
  // Everything the run made: its queues (the story queue and those `serve` opens beside it) and its index.
  // (A worker connection queues its commands while it connects.)
  const connection = createRedis(config, 'worker');
  await removeQueueKeys(connection, config.queuePrefix);
  await connection.quit();
  const es = createEsClient(config);
  await dropIndex(es, config.index);
  await es.close();
}
