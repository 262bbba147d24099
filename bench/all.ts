// The throughput picture in one run (issue: throughput near the machine's limit):
//   enrich_per_core  enrich() on one thread, stories/s (median of 3 passes after an untimed one)
//   raw_bulk_per_s   the finished documents sent straight to _bulk (no queue, no extraction),
//                    best of a few batch sizes and concurrencies, after one untimed pass: a JVM
//                    just started compiles its indexing and search code for tens of seconds
//   ceiling          cores / (1 / enrich_per_core + cores / raw_bulk_per_s): enrichment and
//                    Elasticsearch share the cores
//   e2e_per_s        a `wiredesk worker` process with the defaults draining the queue, from its
//                    start (model loads and JIT warm-up included) to its exit
//   e2e_steady_per_s the same run from a quarter of the jobs done to the last: the rate once the
//                    worker's threads are compiled, comparable with the warmed-up rates above
//   ratio            e2e / ceiling
//   e2e_bulk_load_per_s the same worker run with `--bulk-load` (WIREDESK_BULK_LOAD), as a backfill runs
//   worker_rss_mb    that process's peak resident memory (sampled), and at 1/4 and at the end
//   cli_help_ms / cli_extract_ms   `wiredesk --help` and `wiredesk extract <seed>`, median of 5
//   queue_noop_per_s our producer + a worker with our options and a no-op processor; beside it
//                    plain BullMQ defaults (add + Worker, concurrency 1), and our story processor
//                    with its stages stubbed (what its Redis bookkeeping costs: job logs, progress)
//   indexer sweep    our BulkIndexer alone over the finished documents, with many jobs waiting on
//                    it at once: jobs in flight × batch size × concurrent `_bulk` requests
// `--sweep` adds end-to-end runs over jobs in flight × batch size × concurrent `_bulk` requests
// (WIREDESK_CONCURRENCY, WIREDESK_BULK_MAX_DOCS, WIREDESK_BULK_REQUESTS), which set the defaults.
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
import { createStoryProcessor } from '../src/queue/processor.ts';
import type { EnrichPool } from '../src/enrichment/pool.ts';
import { BulkIndexer } from '../src/elastic/bulk-indexer.ts';
import { createLogger } from '../src/logger.ts';
import { enrich, prepare } from '../src/pipeline.ts';
import { ensureBundle } from './bundle.ts';
import { benchCorpus, enqueueAll, median, removeQueueKeys, report } from './corpus.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/wiredesk.js', import.meta.url));
const SEED = fileURLToPath(new URL('../samples/000_482e6b3d5c193770.txt', import.meta.url));
const quick = process.argv.includes('--quick');
const sweep = process.argv.includes('--sweep');
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
  const docs: ReturnType<typeof enrich>[] = [];
  const times: number[] = [];
  // Pass 0 is untimed: V8 is still optimising the tagger and quote code for the first
  // thousand-odd stories (its compiler threads busy), and the rate wanted is the steady one.
  for (let run = 0; run <= 3; run++) {
    docs.length = 0;
    const t0 = performance.now();
    for (const a of sample) {
      try {
        docs.push(enrich(a));
      } catch {
        // Unreadable stories are part of the corpus; they cost their time all the same.
      }
    }
    if (run > 0) times.push(performance.now() - t0);
  }
  return { perSec: (sample.length / median(times)) * 1000, docs };
}

/**
 * One untimed pass of the documents through `_bulk`, with a refresh and a search, into a scratch
 * index: on a JVM just started, the first thousands of documents cost Elasticsearch 2-3x what
 * later ones do (the JIT), which would otherwise land on whichever measure runs first.
 */
async function warmElasticsearch(es: ReturnType<typeof createEsClient>, index: string, docs: ReturnType<typeof enrich>[]): Promise<void> {
  await ensureIndex(es, index);
  for (let i = 0; i < docs.length; i += 500) {
    await es.bulk({ operations: docs.slice(i, i + 500).flatMap((d) => [{ index: { _index: index, _id: d.id } }, toIndexDocument(d)]), require_alias: true });
  }
  await es.indices.refresh({ index });
  await es.search({ index, query: { terms: { 'minhash.bands': docs.slice(0, 50).flatMap((d) => d.minhash?.bands ?? []) } }, size: 50 });
  await dropIndex(es, index);
}

async function rawBulk(docs: ReturnType<typeof enrich>[]): Promise<{ perSec: number; batch: number; concurrency: number; rows: Record<string, string | number>[] }> {
  const config = loadConfig({ ...process.env, WIREDESK_INDEX: `wd-bench-bulk-${tag}` });
  const es = createEsClient(config);
  const rows: Record<string, string | number>[] = [];
  let best = { perSec: 0, batch: 0, concurrency: 0 };
  try {
    await warmElasticsearch(es, config.index, docs);
    for (const batch of quick ? [250, 500] : [250, 500, 1000]) {
      for (const concurrency of quick ? [1, 2] : [1, 2, 3]) {
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

/** `n` documents: the enriched ones repeated, each copy with an id of its own. */
function manyDocs(docs: ReturnType<typeof enrich>[], n: number): ReturnType<typeof enrich>[] {
  return Array.from({ length: n }, (_, i) => ({ ...docs[i % docs.length]!, id: `${docs[i % docs.length]!.id}-${i}` }));
}

/**
 * Our BulkIndexer alone (no queue, no enrichment): `writers` callers, each indexing the next
 * document as soon as its last one is acknowledged, as jobs in flight do once enrichment is fast.
 */
async function indexerSweep(docs: ReturnType<typeof enrich>[]): Promise<{ part: string; value: number; unit: string }[]> {
  const config = loadConfig({ ...process.env, WIREDESK_INDEX: `wd-bench-indexer-${tag}` });
  const es = createEsClient(config);
  const rows: { part: string; value: number; unit: string }[] = [];
  try {
    for (const [writers, maxDocs, requests] of [[128, 500, 1], [128, 250, 2], [512, 500, 1], [512, 250, 2], [512, 500, 2], [1024, 500, 2]] as const) {
      await ensureIndex(es, config.index);
      const indexer = new BulkIndexer({ client: es, alias: config.index, maxDocs, maxBytes: config.bulk.maxBytes, flushMs: config.bulk.flushMs, requests, writers });
      let next = 0;
      const t0 = performance.now();
      await Promise.all(Array.from({ length: writers }, async () => {
        while (next < docs.length) await indexer.index(docs[next++]!);
      }));
      await indexer.close();
      const perSec = (docs.length / (performance.now() - t0)) * 1000;
      rows.push({ part: `indexer: ${writers} in flight, batch ${maxDocs} × ${requests}`, value: Math.round(perSec), unit: 'docs/s' });
      log(`${rows.at(-1)!.part}: ${rows.at(-1)!.value} docs/s`);
      await dropIndex(es, config.index);
    }
  } finally {
    await dropIndex(es, config.index).catch(() => undefined);
    await es.close();
  }
  return rows;
}

function rssMbOf(pid: number): number {
  const r = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' });
  return Math.round(Number(r.stdout.trim() || 0) / 1024);
}

let e2eRuns = 0;
async function endToEnd(articles: RawArticle[], overrides: Record<string, string> = {}): Promise<{ perSec: number; steadyPerSec: number; peakRss: number; rssQuarter: number; rssEnd: number; failed: number; indexed: number }> {
  const run = `${tag}-${e2eRuns++}`;
  const env = { ...process.env, ...overrides, WIREDESK_INDEX: `wd-bench-e2e-${run}`, WIREDESK_QUEUE_PREFIX: `wdbench-${run}`, WIREDESK_LOG_FORMAT: 'json', WIREDESK_LOG_LEVEL: 'info' };
  const config = loadConfig(env);
  const connection = createRedis(config, 'producer');
  const queue = createStoryQueue(config, connection);
  await enqueueAll(queue, articles);
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
  let quarter: { at: number; done: number } | null = null;
  const sampler = setInterval(async () => {
    if (!child.pid) return;
    const rss = rssMbOf(child.pid);
    peakRss = Math.max(peakRss, rss);
    if (!rssQuarter) {
      const c = await queue.getJobCounts('completed', 'failed');
      const done = (c.completed ?? 0) + (c.failed ?? 0);
      if (done >= articles.length / 4) {
        rssQuarter = rss;
        quarter = { at: performance.now(), done };
      }
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
  await removeQueueKeys(connection, config.queuePrefix);
  await connection.quit();
  const steady = quarter as { at: number; done: number } | null;
  return { perSec: (articles.length / (ended - started)) * 1000, steadyPerSec: steady ? ((articles.length - steady.done) / (ended - steady.at)) * 1000 : 0, peakRss, rssQuarter, rssEnd, failed: counts.failed ?? 0, indexed: count };
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

/**
 * Our story processor with its stages stubbed: one prepared story and one document for every
 * job, an indexer that acknowledges at once. What is left is the processor's Redis bookkeeping.
 */
function stubbedProcessor(receivedAt: string) {
  const prepared = prepare({ content: 'LONDON, March 3 (Reuters) - The stubbed story says nothing at all.', receivedAt });
  const doc = enrich({ content: 'LONDON, March 3 (Reuters) - The stubbed story says nothing at all.', receivedAt });
  const pool = { prepare: async () => ({ ok: true, prepared }), extract: async () => doc } as unknown as EnrichPool;
  const indexer = { index: async () => 'created' } as unknown as BulkIndexer;
  return createStoryProcessor({ pool, indexer, findStory: async () => null, outageWindowMs: 1000, backoffMs: 1000, alias: 'bench', logger: createLogger({ logLevel: 'warn', logFormat: 'json' }) });
}

async function queueNoop(n: number): Promise<{ ours: number; plain: number; processor: number }> {
  const receivedAt = new Date().toISOString();
  const articles = Array.from({ length: n }, (_, i) => ({ content: `LONDON, March 3 (Reuters) - Noop story ${tag} number ${i} says nothing at all.`, receivedAt }));
  const processor = stubbedProcessor(receivedAt);
  const run = async (prefix: string, ours: boolean, withProcessor = false) => {
    const config = loadConfig({ ...process.env, WIREDESK_QUEUE_PREFIX: prefix });
    const connection = createRedis(config, 'producer');
    const workerConnection = createRedis(config, 'worker');
    const queue = ours ? createStoryQueue(config, connection) : new Queue(config.queueName, { connection, prefix });
    let done = 0;
    let resolveDone!: () => void;
    const finished = new Promise<void>((r) => (resolveDone = r));
    const worker = new Worker(config.queueName, (withProcessor ? processor : async () => undefined) as () => Promise<unknown>, {
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
  return { ours: await run(`wdbench-noop-${tag}`, true), plain: await run(`wdbench-plain-${tag}`, false), processor: await run(`wdbench-proc-${tag}`, true, true) };
}

ensureBundle(log);
const { name, articles } = corpus();
log(`corpus ${name}, ${articles.length} stories, ${cores} cores`);
const enrichResult = enrichPerCore(articles);
log(`enrich ${Math.round(enrichResult.perSec)} stories/s on one core`);
const bulkDocs = manyDocs(enrichResult.docs, Math.min(articles.length, quick ? 1000 : 5000));
const bulk = await rawBulk(bulkDocs);
const indexerRows = await indexerSweep(bulkDocs);
const ceiling = cores / (1 / enrichResult.perSec + cores / bulk.perSec);
const e2e = await endToEnd(articles);
const e2eBulkLoad = await endToEnd(articles, { WIREDESK_BULK_LOAD: 'true' });
/** Jobs in flight × batch size × concurrent `_bulk` requests, end to end (`--sweep`). */
const sweepRows: { part: string; value: number; unit: string }[] = [];
if (sweep) {
  const sample = articles.slice(0, Math.min(articles.length, 5000));
  for (const [concurrency, maxDocs, requests, flushMs] of [[512, 250, 2, 250], [1000, 500, 2, 250], [512, 500, 2, 250], [1000, 250, 2, 250], [1000, 500, 1, 250], [1000, 500, 3, 250], [512, 250, 2, 250], [1000, 500, 2, 250]] as const) {
    const r = await endToEnd(sample, { WIREDESK_CONCURRENCY: String(concurrency), WIREDESK_BULK_MAX_DOCS: String(maxDocs), WIREDESK_BULK_REQUESTS: String(requests), WIREDESK_BULK_FLUSH_MS: String(flushMs) });
    sweepRows.push({ part: `e2e ${sample.length}: ${concurrency} in flight, batch ${maxDocs} × ${requests}, ${flushMs} ms`, value: Math.round(r.perSec), unit: 'stories/s' });
    log(sweepRows.at(-1)!.part + `: ${sweepRows.at(-1)!.value} stories/s`);
  }
}
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
  e2e_steady_per_s: Math.round(e2e.steadyPerSec),
  ratio: Math.round((e2e.perSec / ceiling) * 100) / 100,
  ratio_steady: Math.round((e2e.steadyPerSec / ceiling) * 100) / 100,
  e2e_bulk_load_per_s: Math.round(e2eBulkLoad.perSec),
  worker_rss_mb: e2e.peakRss,
  worker_rss_quarter_mb: e2e.rssQuarter,
  worker_rss_end_mb: e2e.rssEnd,
  e2e_failed: e2e.failed,
  e2e_indexed: e2e.indexed,
  cli_help_ms: Math.round(cliHelp),
  cli_extract_ms: Math.round(cliExtract),
  queue_noop_per_s: Math.round(noop.ours),
  queue_noop_plain_bullmq_per_s: Math.round(noop.plain),
  queue_processor_stubbed_per_s: Math.round(noop.processor),
};
report('all', [
  { part: 'enrich, one core', value: summary.enrich_per_core, unit: 'stories/s' },
  ...bulk.rows.map((r) => ({ part: `raw _bulk ${r.batch} × ${r.concurrency}`, value: r['docs/s']!, unit: 'docs/s' })),
  ...indexerRows,
  { part: 'ceiling', value: summary.ceiling, unit: 'stories/s' },
  { part: 'end to end, one worker', value: summary.e2e_per_s, unit: 'stories/s' },
  { part: 'end to end, from 1/4 of the jobs done', value: summary.e2e_steady_per_s, unit: 'stories/s' },
  { part: 'end to end, one worker, --bulk-load', value: summary.e2e_bulk_load_per_s, unit: 'stories/s' },
  ...sweepRows,
  { part: 'ratio e2e / ceiling (whole run / steady)', value: `${summary.ratio} / ${summary.ratio_steady}`, unit: '' },
  { part: 'worker RSS peak / at 1/4 / end', value: `${e2e.peakRss} / ${e2e.rssQuarter} / ${e2e.rssEnd}`, unit: 'MB' },
  { part: 'wiredesk --help', value: summary.cli_help_ms, unit: 'ms' },
  { part: 'wiredesk extract <seed>', value: summary.cli_extract_ms, unit: 'ms' },
  { part: 'queue no-op, ours', value: summary.queue_noop_per_s, unit: 'jobs/s' },
  { part: 'queue no-op, plain BullMQ defaults', value: summary.queue_noop_plain_bullmq_per_s, unit: 'jobs/s' },
  { part: 'queue, our processor, stages stubbed', value: summary.queue_processor_stubbed_per_s, unit: 'jobs/s' },
], summary);
process.exit(0);
