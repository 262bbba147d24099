import { Worker } from 'bullmq';
import type { Config } from '../config.ts';
import { BulkIndexer } from '../elastic/bulk-indexer.ts';
import { createEsClient, waitForCluster } from '../elastic/client.ts';
import { ensureIndex } from '../elastic/setup.ts';
import type { Logger } from '../logger.ts';
import { createRedis } from './connection.ts';
import { createStoryProcessor } from './processor.ts';
import { createStoryQueue, type StoryJobData, type StoryJobResult } from './queue.ts';

export interface StoryWorkerOptions {
  /** Stop once nothing is waiting, delayed or active (batch runs). */
  exitWhenDrained?: boolean;
  concurrency?: number;
}

export interface RunningStoryWorker {
  /** Resolves once the worker has stopped and every connection is closed. */
  stopped: Promise<void>;
  /** Stops taking jobs, lets those in flight finish, flushes the indexer, closes connections. */
  stop(): Promise<void>;
  counts(): { completed: number; failed: number };
}

const PENDING_STATES = ['wait', 'active', 'delayed', 'prioritized', 'paused', 'waiting-children'] as const;

/** Starts a worker on the story queue: Elasticsearch must be healthy; the index is set up if missing. */
export async function startStoryWorker(config: Config, logger: Logger, opts: StoryWorkerOptions = {}): Promise<RunningStoryWorker> {
  const es = createEsClient(config);
  await waitForCluster(es);
  const setup = await ensureIndex(es, config.index);
  const connection = createRedis(config, 'worker');
  const queueConnection = createRedis(config, 'producer');
  const queue = createStoryQueue(config, queueConnection);
  const concurrency = opts.concurrency ?? config.worker.concurrency;
  const indexer = new BulkIndexer({ client: es, alias: config.index, ...config.bulk, writers: concurrency, logger });
  const processor = createStoryProcessor({ indexer, alias: config.index, logger });
  const worker = new Worker<StoryJobData, StoryJobResult, string>(config.queueName, processor, {
    connection,
    prefix: config.queuePrefix,
    concurrency,
  });
  const tally = { completed: 0, failed: 0 };
  worker.on('completed', () => (tally.completed += 1));
  worker.on('failed', (job, err) => {
    tally.failed += 1;
    logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, reason: err.message }, 'story job failed');
  });
  worker.on('error', (err) => logger.error({ err }, 'worker error'));
  logger.info({ queue: config.queueName, prefix: config.queuePrefix, index: setup.index, concurrency }, 'worker started');

  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopping: Promise<void> | null = null;
  let drainTimer: NodeJS.Timeout | null = null;

  const stop = () => {
    stopping ??= (async () => {
      if (drainTimer) clearInterval(drainTimer);
      logger.info('worker stopping: finishing jobs in flight');
      await worker.close();
      await indexer.close();
      await queue.close();
      await Promise.allSettled([connection.quit(), queueConnection.quit()]);
      await es.close();
      logger.info(tally, 'worker stopped');
      resolveStopped();
    })();
    return stopping;
  };

  if (opts.exitWhenDrained) {
    let checking = false;
    drainTimer = setInterval(async () => {
      if (checking || stopping) return;
      checking = true;
      try {
        const counts = await queue.getJobCounts(...PENDING_STATES);
        if (Object.values(counts).every((n) => n === 0) && indexer.size === 0) void stop();
      } catch (err) {
        logger.warn({ err }, 'could not read queue counts');
      } finally {
        checking = false;
      }
    }, 300);
  }
  return { stopped, stop, counts: () => ({ ...tally }) };
}
