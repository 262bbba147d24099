import type { Client } from '@elastic/elasticsearch';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Config } from '../config.ts';
import { BulkIndexer } from '../elastic/bulk-indexer.ts';
import { BatchClusterer } from '../elastic/clusters.ts';
import { QuotationRecorder } from '../elastic/quotations.ts';
import type { Logger } from '../logger.ts';
import { AfterCoalescer, afterBackoff, afterBatchSchema, afterPending, afterQueueName, createAfterQueue, RELABEL_JOB, relabelJobId, relabelSchema, type AfterJobData } from '../queue/after.ts';
import { createRedis } from '../queue/connection.ts';

/**
 * Stories a second from which follow-ups gather for up to a second rather than 5 ms: a stream
 * that fast gets one forced refresh of the story index a second instead of one per handful of
 * stories (4 pairs of 6,000-story drains: refreshes ~170 → ~66, Elasticsearch CPU −17 to −35%,
 * 5–32% more stories a second). A quieter feed keeps its follow-ups, and its jobs' completion,
 * within milliseconds.
 */
const STREAM_RATE = 20;
/**
 * How long a bulk load's follow-up batches gather (instead of 5 ms): nothing is searchable before
 * the load ends anyway, and every batch forces the refresh a bulk load is meant to spare.
 */
const BULK_LOAD_GATHER_MS = 2000;

export interface AfterWorkerOptions {
  config: Config;
  logger: Logger;
  es: Client;
  indexerOptions: Omit<ConstructorParameters<typeof BulkIndexer>[0], 'writers'>;
  /** Follow-up jobs in flight at once. */
  concurrency?: number;
  /** The worker is bulk-loading: follow-up batches gather for `BULK_LOAD_GATHER_MS`. */
  bulkLoad?: boolean;
  /** Jobs in flight, shared with the story worker (a stop hands them all back). */
  inFlight: Map<string, { job: Job; token: string | undefined }>;
}

export interface AfterResult {
  stories: number;
  relabelled: number;
  rounds: number;
  leftovers: number;
  quotes: number;
}

export interface RunningAfterWorker {
  worker: Worker<AfterJobData, AfterResult | number, string>;
  /** Where story jobs leave their follow-ups (batched). */
  coalescer: AfterCoalescer;
  indexer: BulkIndexer;
  /** Follow-ups waiting, delayed or in flight, and those not yet sent. */
  pending(): Promise<number>;
  counts(): { completed: number; failed: number };
  closeQueue(): Promise<void>;
  connections: ReturnType<typeof createRedis>[];
}

/**
 * The follow-up side of a worker process (`<queue>-after`): batches of just-indexed stories get
 * their clusters settled and their quotation occurrences recorded, and leftover cluster moves
 * are finished by relabel jobs. Elasticsearch out of reach fails the attempt; the generous
 * attempts with pauses up to a minute outlast the story jobs' outage window.
 */
export function startAfterWorker(opts: AfterWorkerOptions): RunningAfterWorker {
  const { config, logger, es } = opts;
  const perRound = 500;
  const indexer = new BulkIndexer({ ...opts.indexerOptions, maxDocs: perRound, flushMs: 5, writers: perRound });
  const clusterer = new BatchClusterer({ client: es, alias: config.index, indexer, logger, perRound });
  const quotations = new QuotationRecorder(es, config.index, { logger });
  const queueConnection = createRedis(config, 'producer');
  const queue = createAfterQueue(config, queueConnection);
  const coalescer = new AfterCoalescer(queue, { windowMs: opts.bulkLoad ? BULK_LOAD_GATHER_MS : undefined, busyRate: STREAM_RATE, busy: async () => (await queue.getWaitingCount()) > 0 });
  const connection = createRedis(config, 'worker');
  const tally = { completed: 0, failed: 0 };

  const run = async (job: Job<AfterJobData, AfterResult | number, string>): Promise<AfterResult | number> => {
    if (job.name === RELABEL_JOB) {
      const move = relabelSchema.safeParse(job.data);
      if (!move.success) throw new UnrecoverableError(`invalid_job: ${move.error.message}`);
      return clusterer.relabel(move.data);
    }
    const parsed = afterBatchSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid_job: ${parsed.error.message}`);
    const { stories } = parsed.data;
    const started = performance.now();
    const timed = async <T>(p: Promise<T>): Promise<[T, number]> => [await p, Math.round(performance.now() - started)];
    const [[outcome, clusterMs], [quotes, quotesMs]] = await Promise.all([
      timed(clusterer.settle(stories)),
      timed(quotations.recordIndexed(stories.filter((s) => s.quotes).map((s) => s.id))),
    ]);
    logger.debug({ jobId: job.id, stories: stories.length, ...outcome, leftovers: outcome.leftovers.length, quotes, clusterMs, quotesMs }, 'follow-up batch settled');
    if (outcome.leftovers.length) {
      await queue.addBulk(outcome.leftovers.map((m) => ({ name: RELABEL_JOB, data: m, opts: { jobId: relabelJobId(m) } })));
    }
    return { stories: stories.length, relabelled: outcome.relabelled, rounds: outcome.rounds, leftovers: outcome.leftovers.length, quotes };
  };

  const worker = new Worker<AfterJobData, AfterResult | number, string>(
    afterQueueName(config),
    async (job, token) => {
      const key = `${job.id}:${token ?? ''}`;
      opts.inFlight.set(key, { job, token });
      try {
        return await run(job);
      } finally {
        opts.inFlight.delete(key);
      }
    },
    {
      connection,
      prefix: config.queuePrefix,
      concurrency: opts.concurrency ?? 2,
      lockDuration: config.worker.lockMs,
      stalledInterval: config.worker.stalledIntervalMs,
      maxStalledCount: config.worker.maxStalledCount,
      settings: { backoffStrategy: (attemptsMade: number) => afterBackoff(attemptsMade, config.worker.backoffMs) },
    },
  );
  worker.on('completed', () => (tally.completed += 1));
  worker.on('failed', (job, err) => {
    tally.failed += 1;
    logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, reason: err.message }, 'follow-up job failed; retried with backoff while attempts last');
  });
  worker.on('error', (err) => logger.error({ err }, 'follow-up worker error'));

  return {
    worker,
    coalescer,
    indexer,
    async pending() {
      return (await afterPending(queue)) + coalescer.size + indexer.size;
    },
    counts: () => ({ ...tally }),
    async closeQueue() {
      await coalescer.flush();
      await queue.close();
    },
    connections: [connection, queueConnection],
  };
}
