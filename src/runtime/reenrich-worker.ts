import { Worker, type Job } from 'bullmq';
import type { Config } from '../config.ts';
import { BulkIndexer } from '../elastic/bulk-indexer.ts';
import type { Logger } from '../logger.ts';
import { createRedis } from '../queue/connection.ts';
import { createStoryProcessor, type ProcessorDeps } from '../queue/processor.ts';
import type { StoryJobData, StoryJobResult, StoryQueue } from '../queue/queue.ts';
import { createReenrichProcessor, createReenrichQueue, reenrichQueueName, type ReenrichJobData } from '../queue/reprocess.ts';

/** How often the live queue is looked at to decide whether re-enrichment may run. */
const GATE_MS = 250;

export interface ReenrichWorkerOptions {
  config: Config;
  logger: Logger;
  /** The live queue: re-enrichment runs only while nothing waits on it. */
  liveQueue: StoryQueue;
  /** What the live processor is built from; re-enrichment gets its own indexer and no raw companion. */
  processorDeps: Omit<ProcessorDeps, 'indexer' | 'companionsOf'>;
  indexerOptions: Omit<ConstructorParameters<typeof BulkIndexer>[0], 'writers'>;
  readRaw: (storyId: string) => Promise<StoryJobData | null>;
  concurrency: number;
  /** Jobs in flight, shared with the live worker (a stop hands them all back). */
  inFlight: Map<string, { job: Job<StoryJobData, StoryJobResult> | Job<ReenrichJobData, StoryJobResult>; token: string | undefined }>;
}

export interface RunningReenrichWorker {
  worker: Worker<ReenrichJobData, StoryJobResult, string>;
  indexer: BulkIndexer;
  /** Re-enrichment jobs waiting, delayed or active, and documents in its indexer. */
  pending(): Promise<number>;
  counts(): { completed: number; failed: number };
  /** Stops the gate; `close` the worker and indexer as the caller's stop path decides. */
  stopGate(): void;
  closeQueue(): Promise<void>;
  connections: ReturnType<typeof createRedis>[];
}

/**
 * The re-enrichment side of a worker process: a BullMQ worker on the re-enrichment queue that
 * starts paused and is let run only while no live story waits (live copy first, in every
 * worker process, since they all look at the same queue). It has an indexer of its own, so
 * its documents neither fill the live indexer's buffer nor wait for live writers to flush.
 */
export function startReenrichWorker(opts: ReenrichWorkerOptions): RunningReenrichWorker {
  const { config, logger } = opts;
  const indexer = new BulkIndexer({ ...opts.indexerOptions, writers: opts.concurrency });
  const runStory = createStoryProcessor({ ...opts.processorDeps, indexer });
  const runJob = createReenrichProcessor({ readRaw: opts.readRaw, runStory });
  const queueConnection = createRedis(config, 'producer');
  const queue = createReenrichQueue(config, queueConnection);
  const connection = createRedis(config, 'worker');
  const tally = { completed: 0, failed: 0 };
  const worker = new Worker<ReenrichJobData, StoryJobResult, string>(
    reenrichQueueName(config),
    async (job, token) => {
      const key = `${job.id}:${token ?? ''}`;
      opts.inFlight.set(key, { job, token });
      try {
        return await runJob(job, token);
      } finally {
        opts.inFlight.delete(key);
      }
    },
    {
      connection,
      prefix: config.queuePrefix,
      concurrency: opts.concurrency,
      autorun: false,
      lockDuration: config.worker.lockMs,
      stalledInterval: config.worker.stalledIntervalMs,
      maxStalledCount: config.worker.maxStalledCount,
    },
  );
  worker.on('completed', () => (tally.completed += 1));
  worker.on('failed', (job, err) => {
    tally.failed += 1;
    logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, reason: err.message }, 're-enrichment job failed');
  });
  worker.on('error', (err) => logger.error({ err }, 're-enrichment worker error'));

  let looking = false;
  let stopped = false;
  const gate = setInterval(async () => {
    if (looking || stopped) return;
    looking = true;
    try {
      const c = await opts.liveQueue.getJobCounts('wait', 'prioritized');
      const liveWaiting = (c.wait ?? 0) + (c.prioritized ?? 0);
      if (stopped || worker.closing) return;
      if (liveWaiting > 0 && worker.isRunning() && !worker.isPaused()) {
        // Jobs already taken finish; no new one is taken until the live queue is empty again.
        await worker.pause(true);
        logger.debug({ liveWaiting }, 're-enrichment paused: live stories wait');
      } else if (liveWaiting === 0 && (!worker.isRunning() || worker.isPaused())) {
        worker.resume();
      }
    } catch (err) {
      logger.debug({ err }, 'could not read the live queue for the re-enrichment gate');
    } finally {
      looking = false;
    }
  }, GATE_MS);
  gate.unref();

  return {
    worker,
    indexer,
    async pending() {
      const c = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'paused', 'waiting-children');
      return Object.values(c).reduce((a, b) => a + b, 0) + indexer.size;
    },
    counts: () => ({ ...tally }),
    stopGate() {
      stopped = true;
      clearInterval(gate);
    },
    async closeQueue() {
      await queue.close();
    },
    connections: [connection, queueConnection],
  };
}
