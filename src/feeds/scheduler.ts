import { Queue, Worker } from 'bullmq';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { EnrichPool, readPoolOptions } from '../enrichment/pool.ts';
import { createRedis } from '../queue/connection.ts';
import { listenForErrors, type StoryQueue } from '../queue/queue.ts';
import { pollFeed, type FeedConfig, type PollDeps, type PollResult } from './poll.ts';

export const FEED_JOB = 'poll-feed';
const SCHEDULER_PREFIX = 'feed:';

export interface FeedJobData {
  name: string;
  url: string;
}

export type FeedQueue = Queue<FeedJobData, PollResult, string>;

export interface RunningFeeds {
  queue: FeedQueue;
  stop(): Promise<void>;
}

/** The queue that carries feed polls, beside the story queue (`<queueName>-feeds`). */
export const feedQueueName = (config: Pick<Config, 'queueName'>) => `${config.queueName}-feeds`;

/**
 * Makes the job schedulers match the configured feeds: one per feed (`feed:<name>`, every
 * `everyMs`), upserted so every process may call this at start-up; schedulers of feeds no
 * longer configured are removed.
 */
export async function syncFeedSchedulers(queue: FeedQueue, feeds: FeedConfig[]): Promise<void> {
  for (const feed of feeds) {
    await queue.upsertJobScheduler(
      `${SCHEDULER_PREFIX}${feed.name}`,
      { every: feed.everyMs },
      { name: FEED_JOB, data: { name: feed.name, url: feed.url }, opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } } },
    );
  }
  const wanted = new Set(feeds.map((f) => `${SCHEDULER_PREFIX}${f.name}`));
  for (const scheduler of await queue.getJobSchedulers(0, -1)) {
    const id = scheduler.key;
    if (id.startsWith(SCHEDULER_PREFIX) && !wanted.has(id)) await queue.removeJobScheduler(id);
  }
}

/**
 * Starts polling the configured feeds from this process: syncs the schedulers and runs a
 * worker for the poll jobs (one poll of a feed at a time across every process, since each
 * tick is one job).
 */
export async function startFeeds(config: Config, logger: Logger, storyQueue: StoryQueue, opts: { readFeed?: PollDeps['read'] } = {}): Promise<RunningFeeds> {
  const queueConnection = createRedis(config, 'producer');
  const workerConnection = createRedis(config, 'worker');
  const queue: FeedQueue = listenForErrors(new Queue<FeedJobData, PollResult, string>(feedQueueName(config), { connection: queueConnection, prefix: config.queuePrefix }));
  await queue.waitUntilReady();
  await syncFeedSchedulers(queue, config.feeds);
  // A feed of up to 20 MB is split and its items prepared on a thread, not on the event loop
  // that renews this process's job locks (and, in `serve`, answers HTTP): `serve` lends its
  // ingest pool, otherwise the feeds start a read-only pool of their own at the first poll.
  let own: EnrichPool | null = null;
  const read = opts.readFeed ?? ((xml: string, source: string, now: Date) => (own ??= new EnrichPool(readPoolOptions(config, logger))).readFeed(xml, source, now));
  const worker = new Worker<FeedJobData, PollResult, string>(
    feedQueueName(config),
    async (job) => {
      const feed = config.feeds.find((f) => f.name === job.data.name) ?? { name: job.data.name, url: job.data.url, everyMs: 0 };
      const result = await pollFeed(feed, { redis: queueConnection, queue: storyQueue, prefix: config.queuePrefix, logger, read });
      await job.log(`${result.status}: ${result.items} items, ${result.fresh} new, ${result.enqueued} enqueued, ${result.duplicates} duplicates, ${result.rejected.length} refused`);
      for (const r of result.rejected) await job.log(`refused item ${r.index} (${r.key}): ${r.reason}`);
      if (result.fresh) logger.info(result, 'feed polled');
      return result;
    },
    { connection: workerConnection, prefix: config.queuePrefix, concurrency: 4 },
  );
  worker.on('failed', (job, err) => logger.warn({ feed: job?.data.name, reason: err.message }, 'feed poll failed'));
  worker.on('error', (err) => logger.error({ err }, 'feed worker error'));
  logger.info({ feeds: config.feeds.map((f) => ({ name: f.name, everyMs: f.everyMs })) }, 'feed polling started');
  return {
    queue,
    async stop() {
      await worker.close();
      await own?.close();
      await queue.close();
      await Promise.allSettled([queueConnection.quit(), workerConnection.quit()]);
    },
  };
}
