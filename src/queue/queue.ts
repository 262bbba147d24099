import { Queue } from 'bullmq';
import type { RawArticle } from '../article/raw.ts';
import type { Config } from '../config.ts';
import type { RedisConnection } from './connection.ts';
import { defaultJobOptions } from './options.ts';

/** What a story job carries: the raw article, with `receivedAt` fixed when it was enqueued. */
export type StoryJobData = RawArticle & { receivedAt: string };

/** The result a completed story job keeps. */
export interface StoryJobResult {
  id: string;
  index: string;
  outcome: 'created' | 'updated' | 'stale';
  /** Milliseconds per stage: read + normalise, extract, index (Elasticsearch acknowledgement), and in all. */
  timings: { prepareMs: number; extractMs: number; indexMs: number; totalMs: number };
}

export type StoryQueue = Queue<StoryJobData, StoryJobResult, string>;

/** The one story queue, under the configured prefix (a `{hash tag}` keeps it on one Cluster slot). */
export function createStoryQueue(config: Pick<Config, 'queueName' | 'queuePrefix' | 'worker'>, connection: RedisConnection): StoryQueue {
  const queue = new Queue<StoryJobData, StoryJobResult, string>(config.queueName, {
    connection,
    prefix: config.queuePrefix,
    defaultJobOptions: defaultJobOptions(config),
  });
  return listenForErrors(queue);
}

/**
 * A BullMQ Queue re-emits its connection's errors as its own 'error' event, and an 'error'
 * event nobody listens to kills the process: a SIGTERM while the queue was still initialising
 * its connection did exactly that. ioredis reconnects by itself, and a command that needs Redis
 * fails with the error where it is called, so the event carries nothing more to act on.
 */
export function listenForErrors<T extends Pick<Queue, 'on'>>(queue: T): T {
  queue.on('error', () => {});
  return queue;
}
