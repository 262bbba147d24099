// The throughput picture in one run (issue: throughput near the machine's limit):
//   enrich_per_core  enrich() on one thread, stories/s
//   raw_bulk_per_s   the finished documents sent straight to _bulk (no queue, no extraction),
//                    best of a few batch sizes and concurrencies
//   ceiling          cores / (1 / enrich_per_core + cores / raw_bulk_per_s): enrichment and
//                    Elasticsearch share the cores
//   e2e_per_s        a `wiredesk worker` process with the defaults draining the queue
//   ratio            e2e / ceiling
//   worker_rss_mb    that process's peak resident memory (sampled), and at 1/4 and at the end
//   cli_help_ms / cli_extract_ms   `wiredesk --help` and `wiredesk extract <seed>`, median of 5
//   queue_noop_per_s our producer + a worker with our options and a no-op processor; beside it
//                    plain BullMQ defaults (add + Worker, concurrency 1)
// Needs Redis and Elasticsearch (scripts/services up). Reuters-21578 from ../shared/data when
// present, else the bundled samples. `npm run bench -- --quick` runs 1,000 stories.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Queue, Worker } from 'bullmq';
import type { RawArticle } from '../src/article/raw.ts';
import { loadConfig } from '../src/config.ts';
import { createEsClient } from '../src/elastic/client.ts';
import { toIndexDocument } from '../src/elastic/document.ts';
import { dropIndex, ensureIndex } from '../src/elastic/setup.ts';
import { createRedis } from '../src/queue/connection.ts';
import { enqueueArticle } from '../src/queue/producer.ts';
import { createStoryQueue } from '../src/queue/queue.ts';
import { enrich } from '../src/pipeline.ts';
import { benchCorpus, median, report } from './corpus.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/wiredesk.js', import.meta.url));
const SEED = fileURLToPath(new URL('../samples/000_482e6b3d5c193770.txt', import.meta.url));
const quick = process.argv.includes('--quick');
const limitAt = process.argv.indexOf('--limit');
const stories = limitAt > 0 ? Number(process.argv[limitAt + 1]) : quick ? 1000 : 20_000;
const cores = availableParallelism();
const tag = randomBytes(3).toString('hex');
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** `stories` raw articles with distinct ids: the corpus repeated, each copy marked in its body. */
function corpus(): { name: string; articles: RawArticle[] } {
  const { name, articles } = benchCorpus();
  const out: RawArticle[] = [];
  for (let i = 0; out.length < stories; i++) {
    const a = articles[i % articles.length]!;
    out.push({ ...a, content: `${a.content}\n\nbench-${tag}-${i}` });
  }
  return { name, articles: out };
}

function enrichPerCore(articles: RawArticle[]): { perSec: number; docs: ReturnType<typeof enrich>[] } {
  const sample = articles.slice(0, Math.min(articles.length, quick ? 1000 : 3000));
  for (const a of sample.slice(0, 200)) enrich(a);
  const docs: ReturnType<typeof enrich>[] = [];
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    docs.length = 0;
    const t0 = performance.now();
    for (const a of sample) {
      try {
        docs.push(enrich(a));
      } catch {
        // Unreadable stories are part of the corpus; they cost their time all the same.
      }
    }
    times.push(performance.now() - t0);
  }
  return { perSec: (sample.length / median(times)) * 1000, docs };
}

async function rawBulk(docs: ReturnType<typeof enrich>[]): Promise<{ perSec: number; batch: number; concurrency: number; rows: Record<string, string | number>[] }> {
  const config = loadConfig({ ...process.env, WIREDESK_INDEX: `wd-bench-bulk-${tag}` });
  const es = createEsClient(config);
  const rows: Record<string, string | number>[] = [];
  let best = { perSec: 0, batch: 0, concurrency: 0 };
  try {
    for (const batch of [250, 500, 1000]) {
      for (const concurrency of [1, 2]) {
        await ensureIndex(es, config.index);
        const bodies: string[][] = [];
        for (let i = 0; i < docs.length; i += batch) {
          bodies.push(docs.slice(i, i + batch).flatMap((d) => [JSON.stringify({ index: { _index: config.index, _id: d.id, version: d.version, version_type: 'external_gte' } }), JSON.stringify(toIndexDocument(d))]));
        }
        const t0 = performance.now();
        let next = 0;
        await Promise.all(Array.from({ length: concurrency }, async () => {
          while (next < bodies.length) {
            const body = bodies[next++]!;
            await es.bulk({ operations: body, require_alias: true });
          }
        }));
        const perSec = (docs.length / (performance.now() - t0)) * 1000;
        rows.push({ part: 'raw _bulk', batch, concurrency, 'docs/s': Math.round(perSec) });
        if (perSec > best.perSec) best = { perSec, batch, concurrency };
        await dropIndex(es, config.index);
      }
    }
  } finally {
    await dropIndex(es, config.index).catch(() => undefined);
    await es.close();
  }
  return { ...best, rows };
}

function rssMbOf(pid: number): number {
  const r = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' });
  return Math.round(Number(r.stdout.trim() || 0) / 1024);
}

async function endToEnd(articles: RawArticle[]): Promise<{ perSec: number; peakRss: number; rssQuarter: number; rssEnd: number; failed: number; indexed: number }> {
  const env = { ...process.env, WIREDESK_INDEX: `wd-bench-e2e-${tag}`, WIREDESK_QUEUE_PREFIX: `wdbench-${tag}`, WIREDESK_LOG_FORMAT: 'json', WIREDESK_LOG_LEVEL: 'info' };
  const config = loadConfig(env);
  const connection = createRedis(config, 'producer');
  const queue = createStoryQueue(config, connection);
  const pending: Promise<unknown>[] = [];
  for (const a of articles) {
    pending.push(enqueueArticle(queue, a));
    if (pending.length >= 256) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  log(`${articles.length} stories enqueued; starting a worker process`);
  const child = spawn(process.execPath, [BIN, 'worker', '--exit-when-drained', '--no-feeds'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let started = 0;
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (!started && stderr.includes('"worker started"')) started = performance.now();
  });
  let peakRss = 0;
  let rssQuarter = 0;
  const sampler = setInterval(async () => {
    if (!child.pid) return;
    const rss = rssMbOf(child.pid);
    peakRss = Math.max(peakRss, rss);
    if (!rssQuarter) {
      const { completed } = await queue.getJobCounts('completed');
      if ((completed ?? 0) >= articles.length / 4) rssQuarter = rss;
    }
  }, 250);
  let rssEnd = 0;
  const endSampler = setInterval(() => child.pid && (rssEnd = rssMbOf(child.pid) || rssEnd), 250);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const ended = performance.now();
  clearInterval(sampler);
  clearInterval(endSampler);
  if (code !== 0) throw new Error(`the worker exited with ${code}: ${stderr.slice(-2000)}`);
  const counts = await queue.getJobCounts('completed', 'failed');
  const es = createEsClient(config);
  await es.indices.refresh({ index: config.index });
  const { count } = await es.count({ index: config.index });
  await dropIndex(es, config.index);
  await es.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await connection.quit();
  return { perSec: (articles.length / (ended - started)) * 1000, peakRss, rssQuarter, rssEnd, failed: counts.failed ?? 0, indexed: count };
}

function cliMs(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'ignore'] });
    if (r.status !== 0) throw new Error(`wiredesk ${args.join(' ')} exited with ${r.status}`);
    if (i > 0) times.push(performance.now() - t0);
  }
  return median(times);
}

async function queueNoop(n: number): Promise<{ ours: number; plain: number }> {
  const receivedAt = new Date().toISOString();
  const articles = Array.from({ length: n }, (_, i) => ({ content: `LONDON, March 3 (Reuters) - Noop story ${tag} number ${i} says nothing at all.`, receivedAt }));
  const run = async (prefix: string, ours: boolean) => {
    const config = loadConfig({ ...process.env, WIREDESK_QUEUE_PREFIX: prefix });
    const connection = createRedis(config, 'producer');
    const workerConnection = createRedis(config, 'worker');
    const queue = ours ? createStoryQueue(config, connection) : new Queue(config.queueName, { connection, prefix });
    let done = 0;
    let resolveDone!: () => void;
    const finished = new Promise<void>((r) => (resolveDone = r));
    const worker = new Worker(config.queueName, async () => undefined, {
      connection: workerConnection,
      prefix,
      ...(ours ? { concurrency: config.worker.concurrency, lockDuration: config.worker.lockMs } : {}),
    });
    worker.on('completed', () => ++done === n && resolveDone());
    const t0 = performance.now();
    const pending: Promise<unknown>[] = [];
    for (const [i, a] of articles.entries()) {
      pending.push(ours ? enqueueArticle(queue as ReturnType<typeof createStoryQueue>, a) : queue.add('story', a, { jobId: `plain-${i}` }));
      if (pending.length >= 256) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
    await finished;
    const perSec = (n / (performance.now() - t0)) * 1000;
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    await Promise.allSettled([connection.quit(), workerConnection.quit()]);
    return perSec;
  };
  return { ours: await run(`wdbench-noop-${tag}`, true), plain: await run(`wdbench-plain-${tag}`, false) };
}

const { name, articles } = corpus();
log(`corpus ${name}, ${articles.length} stories, ${cores} cores`);
const enrichResult = enrichPerCore(articles);
log(`enrich ${Math.round(enrichResult.perSec)} stories/s on one core`);
const bulk = await rawBulk(enrichResult.docs);
const ceiling = cores / (1 / enrichResult.perSec + cores / bulk.perSec);
const e2e = await endToEnd(articles);
const cliHelp = cliMs(['--help']);
const cliExtract = cliMs(['extract', SEED]);
const noop = await queueNoop(quick ? 2000 : 10_000);

const summary = {
  corpus: name,
  stories: articles.length,
  cores,
  enrich_per_core: Math.round(enrichResult.perSec),
  raw_bulk_per_s: Math.round(bulk.perSec),
  raw_bulk_best: { batch: bulk.batch, concurrency: bulk.concurrency },
  ceiling: Math.round(ceiling),
  e2e_per_s: Math.round(e2e.perSec),
  ratio: Math.round((e2e.perSec / ceiling) * 100) / 100,
  worker_rss_mb: e2e.peakRss,
  worker_rss_quarter_mb: e2e.rssQuarter,
  worker_rss_end_mb: e2e.rssEnd,
  e2e_failed: e2e.failed,
  e2e_indexed: e2e.indexed,
  cli_help_ms: Math.round(cliHelp),
  cli_extract_ms: Math.round(cliExtract),
  queue_noop_per_s: Math.round(noop.ours),
  queue_noop_plain_bullmq_per_s: Math.round(noop.plain),
};
report('all', [
  { part: 'enrich, one core', value: summary.enrich_per_core, unit: 'stories/s' },
  ...bulk.rows.map((r) => ({ part: `raw _bulk ${r.batch} × ${r.concurrency}`, value: r['docs/s']!, unit: 'docs/s' })),
  { part: 'ceiling', value: summary.ceiling, unit: 'stories/s' },
  { part: 'end to end, one worker', value: summary.e2e_per_s, unit: 'stories/s' },
  { part: 'ratio e2e / ceiling', value: summary.ratio, unit: '' },
  { part: 'worker RSS peak / at 1/4 / end', value: `${e2e.peakRss} / ${e2e.rssQuarter} / ${e2e.rssEnd}`, unit: 'MB' },
  { part: 'wiredesk --help', value: summary.cli_help_ms, unit: 'ms' },
  { part: 'wiredesk extract <seed>', value: summary.cli_extract_ms, unit: 'ms' },
  { part: 'queue no-op, ours', value: summary.queue_noop_per_s, unit: 'jobs/s' },
  { part: 'queue no-op, plain BullMQ defaults', value: summary.queue_noop_plain_bullmq_per_s, unit: 'jobs/s' },
], summary);
process.exit(0);
