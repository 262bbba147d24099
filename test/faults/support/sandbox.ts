import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { loadConfig, type Config } from '../../../src/config.ts';
import { createEsClient } from '../../../src/elastic/client.ts';
import { dropIndex } from '../../../src/elastic/setup.ts';
import { createStoryQueue, type StoryQueue } from '../../../src/queue/queue.ts';
import { JOB_STATES } from '../../../src/queue/status.ts';
import { Processes, type Proc } from './processes.ts';

export interface IngestSummary {
  enqueued: number;
  duplicates: number;
  rejected: { where: string; reason: string }[];
}

/** The shared Elasticsearch: tests read results from it directly, never through a test's proxy. */
export const SHARED_ES = process.env.WIREDESK_ES_URL ?? 'http://127.0.0.1:9200';
export const SHARED_REDIS = process.env.WIREDESK_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type Counts = Record<(typeof JOB_STATES)[number], number>;

/**
 * One fault scenario's private world: its own index and queue prefix, a temp dir for files and
 * process logs, the processes it starts, and a watch on the queue's events (stalls, failures).
 * `cleanup()` kills every process, drops the index, removes every Redis key under the prefix
 * and the temp dir, whatever state the test left.
 */
export class FaultSandbox {
  readonly env: Record<string, string>;
  readonly procs: Processes;
  /** Job ids the queue reported as stalled (BullMQ's `stalled` event), in order. */
  readonly stalled: string[] = [];
  /** Job ids that failed for good (BullMQ's `failed` event), with the reason. */
  readonly failed: { id: string; reason: string }[] = [];
  private redis: Redis | null = null;
  private queueHandle: StoryQueue | null = null;
  private events: QueueEvents | null = null;

  private constructor(
    readonly name: string,
    readonly dir: string,
    env: Record<string, string>,
  ) {
    this.env = env;
    this.procs = new Processes(dir);
  }

  static async create(name: string, env: Record<string, string> = {}): Promise<FaultSandbox> {
    const tag = `${name}-${randomBytes(3).toString('hex')}`;
    const dir = await mkdtemp(path.join(tmpdir(), `wd-faults-${name}-`));
    return new FaultSandbox(name, dir, {
      WIREDESK_INDEX: `wd-faults-${tag}`,
      WIREDESK_QUEUE_PREFIX: `wdfaults-${tag}`,
      WIREDESK_REDIS_URL: SHARED_REDIS,
      WIREDESK_ES_URL: SHARED_ES,
      WIREDESK_LOG_LEVEL: 'info',
      WIREDESK_LOG_FORMAT: 'json',
      ...env,
    });
  }

  get config(): Config {
    return loadConfig({ ...this.env });
  }

  file(name: string): string {
    return path.join(this.dir, name);
  }

  /**
   * The test's own handle on the queue. Its connection retries for ever (like a worker's), so
   * counting goes on across a Redis restart.
   */
  queue(): StoryQueue {
    if (!this.queueHandle) {
      this.redis = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null, connectionName: 'wiredesk-faults-test' });
      this.redis.on('error', () => undefined);
      this.queueHandle = createStoryQueue(this.config, this.redis);
      this.queueHandle.on('error', () => undefined);
    }
    return this.queueHandle;
  }

  private resetQueue(): void {
    void this.queueHandle?.close().catch(() => undefined);
    this.redis?.disconnect();
    this.queueHandle = null;
    this.redis = null;
  }

  /** Starts recording stalled and failed jobs from the queue's event stream (call before the workers start). */
  async watchEvents(): Promise<void> {
    const connection = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null });
    connection.on('error', () => undefined);
    this.events = new QueueEvents(this.config.queueName, { connection, prefix: this.config.queuePrefix, autorun: true });
    this.events.on('error', () => undefined);
    this.events.on('stalled', ({ jobId }) => this.stalled.push(jobId));
    this.events.on('failed', ({ jobId, failedReason }) => this.failed.push({ id: jobId, reason: failedReason }));
    await this.events.waitUntilReady();
  }

  async counts(): Promise<Counts> {
    return (await this.queue().getJobCounts(...JOB_STATES)) as Counts;
  }

  /**
   * Polls the queue until `expected` jobs are completed or failed and nothing is waiting,
   * delayed or active, or until `timeoutMs`; `onTick` sees each reading. Returns the last counts.
   */
  async waitUntilSettled(expected: number, timeoutMs: number, onTick?: (c: Counts) => unknown): Promise<Counts> {
    const deadline = Date.now() + timeoutMs;
    let last: Counts | null = null;
    for (;;) {
      try {
        last = await withTimeout(this.counts(), 5000);
        if (process.env.WIREDESK_FAULTS_DEBUG) console.log(`[faults] ${this.name} ${new Date().toISOString().slice(11, 19)} ${JSON.stringify(last)}`);
        await onTick?.(last);
        const pending = last.waiting + last.prioritized + last.active + last.delayed + last.paused;
        if (pending === 0 && last.completed + last.failed >= expected) return last;
      } catch (err) {
        if (process.env.WIREDESK_FAULTS_DEBUG) console.log(`[faults] ${this.name} counts: ${(err as Error).message}`);
        // Redis away for a moment (a scenario may have killed it): read again, on a fresh
        // connection, so a connection left hanging by the restart cannot stall the test.
        this.resetQueue();
      }
      if (Date.now() > deadline) return last ?? (await this.counts());
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Every `_id` in the sandbox's index on the shared Elasticsearch, after a refresh, and the document count. */
  async indexed(): Promise<{ ids: Set<string>; count: number; partial: number }> {
    const es = createEsClient({ es: { url: SHARED_ES } });
    try {
      const index = this.config.index;
      const exists = await es.indices.exists({ index });
      if (!exists) return { ids: new Set(), count: 0, partial: 0 };
      await es.indices.refresh({ index });
      const count = (await es.count({ index })).count;
      const ids = new Set<string>();
      let after: unknown[] | undefined;
      for (;;) {
        const r = await es.search({ index, size: 5000, _source: false, sort: [{ id: 'asc' }], ...(after ? { search_after: after as never } : {}) });
        for (const h of r.hits.hits) ids.add(h._id!);
        if (r.hits.hits.length < 5000) break;
        after = r.hits.hits.at(-1)!.sort as unknown[];
      }
      // `extraction: "partial"` marks a story over its extraction budget (where the mapping has the field).
      const partial = await es
        .count({ index, query: { term: { extraction: 'partial' } } })
        .then((c) => c.count)
        .catch(() => 0);
      return { ids, count, partial };
    } finally {
      await es.close();
    }
  }

  /** Starts `wiredesk worker --no-feeds` with the sandbox's environment; resolves once it logs that it started. */
  async startWorker(name: string, env: Record<string, string> = {}, args: string[] = []): Promise<Proc> {
    const p = this.procs.wiredesk(name, ['worker', '--no-feeds', ...args], { ...this.env, ...env });
    await p.waitFor(/"msg":"worker started"/, 90_000);
    return p;
  }

  /** `wiredesk ingest <file> --json`: the summary it prints. */
  async ingest(file: string, name = 'ingest'): Promise<IngestSummary> {
    const r = await this.procs.run(name, ['ingest', file, '--json'], this.env);
    if (r.code !== 0) throw new Error(`wiredesk ingest exited ${r.code}: ${r.stderr.slice(-2000)}`);
    return JSON.parse(r.stdout) as IngestSummary;
  }

  /** `wiredesk status --json`, run as a user would. */
  async status(): Promise<{ counts: Counts; failures: { id: string; reason: string }[] }> {
    const r = await this.procs.run('status', ['status', '--json', '--failures', '5'], this.env);
    if (r.code !== 0) throw new Error(`wiredesk status exited ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout) as { counts: Counts; failures: { id: string; reason: string }[] };
  }

  /** A process's pino JSON log lines, parsed (other lines skipped). */
  static logLines(text: string): Record<string, unknown>[] {
    return text
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => {
        try {
          return JSON.parse(l) as Record<string, unknown>;
        } catch {
          return {};
        }
      })
      .filter((o) => Object.keys(o).length > 0);
  }

  async cleanup(): Promise<void> {
    await this.procs.killAll();
    this.procs.dispose();
    await this.events?.close().catch(() => undefined);
    await this.queueHandle?.close().catch(() => undefined);
    this.redis?.disconnect();
    const config = this.config;
    const es = createEsClient({ es: { url: SHARED_ES } });
    await dropIndex(es, config.index).catch(() => undefined);
    await es.close();
    await deleteKeys(config.redisUrl, `${config.queuePrefix}:*`).catch(() => undefined);
    if (!process.env.WIREDESK_FAULTS_KEEP) await rm(this.dir, { recursive: true, force: true });
  }
}

/** Deletes every key matching `pattern` (SCAN, then UNLINK in batches). */
export async function deleteKeys(redisUrl: string, pattern: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: true, retryStrategy: () => null });
  redis.on('error', () => undefined);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e as Error)),
    );
  });
}
