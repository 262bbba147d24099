import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@elastic/elasticsearch';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWiredesk } from '../integration/harness.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createEsClient } from '../../src/elastic/client.ts';
import { prepare } from '../../src/pipeline.ts';
import { createRedis, type RedisConnection } from '../../src/queue/connection.ts';
import { createStoryQueue, type StoryQueue } from '../../src/queue/queue.ts';
import { clusterStory } from './cluster-stories.ts';
import { dropRawIndex } from '../../src/elastic/raw-store.ts';

/**
 * Scale-out on real engines, on loopback: `scripts/services up --cluster` (3 Elasticsearch
 * nodes, a 6-node Redis Cluster), two wiredesk worker processes on them with a hash-tag prefix,
 * stories ingested in batches while the elected Elasticsearch master (holding a copy of the
 * index's shard) and then the Redis master holding the queue's slot are killed with SIGKILL.
 * At the end every story is in the index exactly once and no job failed.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'bin/wiredesk.js');
const SERVICES = path.join(ROOT, 'scripts/services');

const STORIES = 500;
const BATCHES = 5;
const WORKERS = 2;
/** Kill the Elasticsearch master once this many stories are done, the Redis master at the second. */
const KILL_ES_AT = 125;
const KILL_REDIS_AT = 275;

const ES_URLS = ['http://127.0.0.1:9201', 'http://127.0.0.1:9202', 'http://127.0.0.1:9203'];
const REDIS_SEEDS = ['127.0.0.1:7001', '127.0.0.1:7002', '127.0.0.1:7003', '127.0.0.1:7004', '127.0.0.1:7005', '127.0.0.1:7006'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (message: string) => console.log(`[cluster] ${message}`);
/** A promise that gives up after `ms` (Redis and Elasticsearch calls made mid-failover). */
const within = <T>(ms: number, p: Promise<T>, what: string): Promise<T> =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000}s`)), ms).unref())]);
/** Set to keep the cluster up after the run (for working on this test): it takes a minute to start. */
const KEEP = process.env.WIREDESK_CLUSTER_KEEP === '1';

let servicesUp: { ok: true } | { ok: false; reason: string; unobtainable: boolean } = { ok: false, reason: 'not started', unobtainable: false };

beforeAll(() => {
  const started = Date.now();
  const up = spawnSync(SERVICES, ['up', '--cluster'], { encoding: 'utf8', timeout: 400_000 });
  const output = `${up.stdout ?? ''}${up.stderr ?? ''}`;
  process.stdout.write(output);
  log(`scripts/services up --cluster: exit ${up.status} in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  if (up.status === 0) servicesUp = { ok: true };
  else {
    // Only a distribution that cannot be had (no Maven, no network) makes this a skip.
    const unobtainable = /could not fetch|Maven \(mvn\) is needed/.test(output);
    servicesUp = { ok: false, reason: output.trim().split('\n').slice(-3).join(' / '), unobtainable };
  }
}, 420_000);

afterAll(() => {
  if (KEEP) return log('WIREDESK_CLUSTER_KEEP=1: the cluster stays up (scripts/services down --cluster stops it)');
  const down = spawnSync(SERVICES, ['down', '--cluster'], { encoding: 'utf8', timeout: 120_000 });
  process.stdout.write(`${down.stdout ?? ''}${down.stderr ?? ''}`);
}, 150_000);

interface Worker {
  child: ChildProcess;
  exit: Promise<number | null>;
  stdout: () => string;
}

function startWorker(env: NodeJS.ProcessEnv, logFile: string): Worker {
  const child = spawn(process.execPath, [BIN, 'worker', '--no-feeds'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.pipe(createWriteStream(logFile));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exit, stdout: () => out };
}

const runCli = (env: NodeJS.ProcessEnv, args: string[], timeoutMs = 90_000) => runWiredesk(env, args, { timeoutMs });

/** The Elasticsearch elected master: its name and process id (asked of any live node). */
async function esMaster(es: Client): Promise<{ name: string; pid: number }> {
  const info = await es.nodes.info({ node_id: '_master', metric: 'process' });
  const [node] = Object.values(info.nodes);
  return { name: node!.name, pid: Number(node!.process!.id) };
}

/** The Redis Cluster master serving a key's slot: its address and process id. */
async function redisMasterFor(key: string): Promise<{ address: string; pid: number; slot: number }> {
  for (const seed of REDIS_SEEDS) {
    const [host, port] = seed.split(':') as [string, string];
    const redis = new Redis({ host, port: Number(port), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      const slot = Number(await redis.call('CLUSTER', 'KEYSLOT', key));
      const ranges = (await redis.call('CLUSTER', 'SLOTS')) as [number, number, [string, number, ...unknown[]], ...unknown[]][];
      const range = ranges.find(([from, to]) => slot >= from && slot <= to);
      if (!range) continue;
      const [mhost, mport] = range[2];
      const master = new Redis({ host: mhost, port: mport, maxRetriesPerRequest: 0, retryStrategy: () => null });
      master.on('error', () => undefined);
      try {
        const server = (await master.info('server')) as string;
        const pid = Number(/process_id:(\d+)/.exec(server)![1]);
        return { address: `${mhost}:${mport}`, pid, slot };
      } finally {
        master.disconnect();
      }
    } catch {
      // this seed is down: ask the next
    } finally {
      redis.disconnect();
    }
  }
  throw new Error(`no Redis Cluster node could say which master serves ${key}`);
}

async function queueCounts(queue: StoryQueue): Promise<Record<string, number> | null> {
  try {
    return await within(5000, queue.getJobCounts('wait', 'prioritized', 'active', 'delayed', 'completed', 'failed'), 'job counts');
  } catch {
    return null; // mid-failover
  }
}

async function indexedIds(es: Client, index: string): Promise<string[]> {
  await es.indices.refresh({ index });
  const r = await es.search({ index, size: STORIES * 2, _source: false, query: { match_all: {} } });
  return r.hits.hits.map((h) => h._id!);
}

describe('scale-out: a 3-node Elasticsearch cluster and a Redis Cluster', () => {
  const tag = randomBytes(3).toString('hex');
  const hashTag = `wdcluster-${tag}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WIREDESK_ES_URL: ES_URLS.join(','),
    WIREDESK_REDIS_CLUSTER_NODES: REDIS_SEEDS.join(','),
    WIREDESK_QUEUE_PREFIX: `{${hashTag}}`,
    WIREDESK_INDEX: `wd-cluster-${tag}`,
    WIREDESK_LOG_LEVEL: 'warn',
    WIREDESK_LOG_FORMAT: 'json',
    WIREDESK_CONCURRENCY: '16',
    WIREDESK_THREADS: '1',
    WIREDESK_BULK_FLUSH_MS: '100',
    // Jobs of a worker that lost Redis for a failover come back in seconds, not half a minute.
    WIREDESK_LOCK_MS: '15000',
    WIREDESK_STALLED_INTERVAL_MS: '5000',
  };
  let config: Config;
  let es: Client | null = null;
  let connection: RedisConnection | null = null;
  let queue: StoryQueue | null = null;
  const workers: Worker[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'wd-cluster-'));
  let passed = false;

  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    if (queue) await queue.obliterate({ force: true }).catch(() => undefined);
    await queue?.close().catch(() => undefined);
    await connection?.quit().catch(() => undefined);
    if (es) {
      const resolved = await es.indices.get({ index: config.index }).catch(() => null);
      if (resolved) await es.indices.delete({ index: Object.keys(resolved) }).catch(() => undefined);
      await es.indices.deleteIndexTemplate({ name: config.index }).catch(() => undefined);
      await dropRawIndex(es, config.index).catch(() => undefined);
      await es.close();
    }
    if (passed) rmSync(dir, { recursive: true, force: true });
    else log(`worker logs and batches kept in ${dir}`);
  }, 120_000);

  it('indexes every story exactly once while an Elasticsearch master and a Redis master are killed', async (ctx) => {
    if (!servicesUp.ok) {
      if (servicesUp.unobtainable) {
        console.warn(`[cluster] SKIPPED: the Elasticsearch distribution cannot be obtained (${servicesUp.reason})`);
        ctx.skip();
      }
      throw new Error(`scripts/services up --cluster failed: ${servicesUp.reason}`);
    }
    const t0 = Date.now();
    const since = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
    config = loadConfig(env);
    es = createEsClient(config);
    connection = createRedis(config, 'producer');
    queue = createStoryQueue(config, connection);
    await queue.waitUntilReady();

    // The index, set up through the CLI on the cluster: auto_expand_replicas gives it one replica.
    const setup = await runCli(env, ['setup']);
    expect(setup.code, setup.stderr).toBe(0);

    // The harder case: the node killed is the elected master and holds a copy of the shard.
    // Keep the shard's two copies off the third node until then.
    const master = await esMaster(es);
    const nodes = (await es.cat.nodes({ format: 'json', h: 'name' })) as { name: string }[];
    const spare = nodes.map((n) => n.name).filter((n) => n !== master.name).sort()[0]!;
    await es.indices.putSettings({ index: config.index, settings: { 'index.routing.allocation.exclude._name': spare } });
    await es.cluster.health({ index: config.index, wait_for_status: 'green', wait_for_no_relocating_shards: true, timeout: '90s' });
    const shards = (await es.cat.shards({ index: config.index, format: 'json', h: 'prirep,state,node' })) as { prirep: string; state: string; node: string }[];
    log(`index ${config.index}: ${shards.map((s) => `${s.prirep === 'p' ? 'primary' : 'replica'} ${s.state} on ${s.node}`).join(', ')}; elected master ${master.name} (pid ${master.pid})`);
    expect(shards.filter((s) => s.state === 'STARTED')).toHaveLength(2);
    expect(shards.map((s) => s.node)).toContain(master.name);
    const masterHeld = shards.find((s) => s.node === master.name)!.prirep === 'p' ? 'primary' : 'replica';

    // The stories, and the ids the producer will give them.
    const raws = Array.from({ length: STORIES }, (_, n) => clusterStory(n));
    const expected = new Set(raws.map((r) => prepare(r).id));
    expect(expected.size).toBe(STORIES);
    const perBatch = Math.ceil(STORIES / BATCHES);
    const batchFiles = Array.from({ length: BATCHES }, (_, b) => {
      const file = path.join(dir, `batch-${String(b).padStart(2, '0')}.jsonl`);
      writeFileSync(file, `${raws.slice(b * perBatch, (b + 1) * perBatch).map((r) => JSON.stringify(r)).join('\n')}\n`);
      return file;
    });

    for (let i = 0; i < WORKERS; i++) workers.push(startWorker(env, path.join(dir, `worker-${i}.log`)));

    // Producer: one `wiredesk ingest` per batch; a batch refused mid-failover is sent again
    // (the story id is the job id, so a repeat is a duplicate, never a second job).
    const producer = (async () => {
      for (const [b, file] of batchFiles.entries()) {
        for (let attempt = 1; ; attempt++) {
          const r = await runCli(env, ['ingest', '--json', file]);
          if (r.code === 0) {
            const s = JSON.parse(r.stdout) as { enqueued: number; duplicates: number };
            log(`batch ${b} at ${since()}: enqueued ${s.enqueued}, duplicates ${s.duplicates}${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
            break;
          }
          log(`batch ${b} attempt ${attempt} at ${since()}: exit ${r.code}: ${r.stderr.trim().split('\n').pop()}`);
          if (attempt >= 10) throw new Error(`ingest of batch ${b} failed 10 times: ${r.stderr}`);
          await sleep(2000);
        }
        await sleep(300);
      }
    })();

    // Watch progress; kill the Elasticsearch master, then the Redis master, mid-run.
    const events = { push: (line: string) => log(line) };
    let esKilledAt = 0;
    let redisKilledAt = 0;
    let redisVictim: Awaited<ReturnType<typeof redisMasterFor>> | null = null;
    let newEsMaster = '';
    let newRedisMaster = '';
    const deadline = Date.now() + 300_000;
    let producerDone = false;
    void producer.then(() => (producerDone = true), () => (producerDone = true));
    let last: Record<string, number> | null = null;
    for (;;) {
      const counts = await queueCounts(queue);
      if (counts) last = counts;
      const done = last?.completed ?? 0;
      if (!esKilledAt && done >= KILL_ES_AT) {
        process.kill(master.pid, 'SIGKILL');
        esKilledAt = Date.now();
        events.push(`${since()}: SIGKILL Elasticsearch elected master ${master.name} (pid ${master.pid}, held the ${masterHeld}) with ${done} stories done`);
        // Let the lost copy be rebuilt on the spare node (after the node-left delay).
        void (async () => {
          for (let i = 0; i < 100 && !newEsMaster; i++) {
            try {
              const m = await within(3000, esMaster(es!), 'master');
              if (m.name !== master.name) {
                newEsMaster = m.name;
                events.push(`${since()}: Elasticsearch elected ${m.name} after ${((Date.now() - esKilledAt) / 1000).toFixed(1)}s`);
                await es!.indices.putSettings({ index: config.index, settings: { 'index.routing.allocation.exclude._name': null } });
              }
            } catch {
              // no master yet
            }
            await sleep(200);
          }
        })();
      }
      if (esKilledAt && !redisKilledAt && done >= KILL_REDIS_AT) {
        redisVictim = await redisMasterFor(hashTag);
        process.kill(redisVictim.pid, 'SIGKILL');
        redisKilledAt = Date.now();
        events.push(`${since()}: SIGKILL Redis master ${redisVictim.address} (pid ${redisVictim.pid}, slot ${redisVictim.slot} of {${hashTag}}) with ${done} stories done`);
        void (async () => {
          for (let i = 0; i < 200 && !newRedisMaster; i++) {
            try {
              const m = await within(3000, redisMasterFor(hashTag), 'slot master');
              if (m.address !== redisVictim!.address) {
                newRedisMaster = m.address;
                events.push(`${since()}: Redis Cluster promoted ${m.address} after ${((Date.now() - redisKilledAt) / 1000).toFixed(1)}s`);
              }
            } catch {
              // no master for the slot yet
            }
            await sleep(200);
          }
        })();
      }
      const pending = last ? last.wait! + last.prioritized! + last.active! + last.delayed! : 1;
      if (producerDone && redisKilledAt && counts && pending === 0 && (last!.completed! + last!.failed! >= STORIES)) break;
      if (Date.now() > deadline) {
        log(`not drained after 300s: ${JSON.stringify(last)}`);
        break;
      }
      if (Math.round((Date.now() - t0) / 250) % 20 === 0) log(`${since()}: ${JSON.stringify(last)}`);
      for (const w of workers) if (w.child.exitCode !== null) throw new Error(`a worker exited (${w.child.exitCode}): ${w.stdout()}`);
      await sleep(250);
    }
    await producer;
    const drainedAt = since();

    // Stop the workers gracefully: they report their own tallies. One that has not exited 45 s
    // after SIGTERM is killed and shows as exit null (seen after a Redis failover: see the README).
    for (const w of workers) w.child.kill('SIGTERM');
    const codes = await Promise.all(
      workers.map((w) =>
        within(45_000, w.exit, 'worker exit').catch(() => {
          w.child.kill('SIGKILL');
          return null;
        }),
      ),
    );
    const tallies = workers.map((w) => w.stdout().trim());

    const final = await queue.getJobCounts('wait', 'prioritized', 'active', 'delayed', 'completed', 'failed');
    const ids = await indexedIds(es, config.index);
    const distinct = new Set(ids);
    const missing = [...expected].filter((id) => !distinct.has(id));
    const failedJobs = final.failed ? await queue.getFailed(0, 5) : [];
    const health = await es.cluster.health({ index: config.index });

    log(`${STORIES} stories in ${BATCHES} batches, ${WORKERS} workers; drained at ${drainedAt}, total ${since()}`);
    log(`workers: ${tallies.join(' | ')} (exit ${codes.join(', ')})`);
    log(`queue: ${JSON.stringify(final)}; index: ${ids.length} documents, ${distinct.size} distinct ids, ${missing.length} missing; index health ${health.status}`);
    if (missing.length || final.failed) {
      for (const [i] of workers.entries()) log(`worker-${i}.log tail:\n${readFileSync(path.join(dir, `worker-${i}.log`), 'utf8').split('\n').slice(-15).join('\n')}`);
      for (const j of failedJobs) log(`failed ${j.id}: ${j.failedReason}`);
    }

    expect(esKilledAt, 'the Elasticsearch master was killed mid-run').toBeGreaterThan(0);
    expect(redisKilledAt, 'the Redis master was killed mid-run').toBeGreaterThan(0);
    expect(newEsMaster, 'Elasticsearch elected another master').not.toBe('');
    expect(newRedisMaster, 'Redis Cluster promoted a replica').not.toBe('');
    expect(missing).toEqual([]);
    expect(ids.length).toBe(STORIES);
    expect(distinct.size).toBe(STORIES);
    expect(final.failed).toBe(0);
    expect(final.completed).toBe(STORIES);
    expect(final.wait! + final.prioritized! + final.active! + final.delayed!).toBe(0);
    expect(tallies.every((t) => /worker stopped: \d+ completed, 0 failed/.test(t))).toBe(true);
    expect(codes, 'workers exit 0 after SIGTERM').toEqual(Array(WORKERS).fill(0));
    passed = true;
  }, 600_000);
});
