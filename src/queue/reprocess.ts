import { Queue, UnrecoverableError, type Job } from 'bullmq';
import type { Config } from '../config.ts';
import { RawMissingError } from '../errors.ts';
import type { RedisConnection } from './connection.ts';
import { defaultJobOptions } from './options.ts';
import { listenForErrors, type StoryJobData, type StoryJobResult } from './queue.ts';
import { JOB_STATES } from './status.ts';

/**
 * Re-enrichment: a story already indexed, enriched again from its kept raw article by the
 * current pipeline. Its jobs wait on a queue of their own beside the live one, carrying only
 * the story id; a worker takes them only while no live story waits (`runtime/story-worker.ts`),
 * reads the raw article back and runs the very processor live stories go through.
 */

/** The job name every re-enrichment job carries. */
export const REENRICH_JOB = 'reenrich';

export interface ReenrichJobData {
  storyId: string;
}

export type ReenrichQueue = Queue<ReenrichJobData, StoryJobResult, string>;

/** The re-enrichment queue's name: the live queue's with `-reenrich` after it. */
export const reenrichQueueName = (config: Pick<Config, 'queueName'>) => `${config.queueName}-reenrich`;

/**
 * The re-enrichment queue. A completed job is not kept: its id is the story id, so a story
 * waiting is queued once however often `reprocess` runs, and a story done can be queued again.
 */
export function createReenrichQueue(config: Pick<Config, 'queueName' | 'queuePrefix' | 'worker'>, connection: RedisConnection): ReenrichQueue {
  const queue = new Queue<ReenrichJobData, StoryJobResult, string>(reenrichQueueName(config), {
    connection,
    prefix: config.queuePrefix,
    defaultJobOptions: { ...defaultJobOptions(config), removeOnComplete: true },
  });
  return listenForErrors(queue);
}

/** Queues re-enrichment for these stories (one round trip); a story already waiting is not queued twice. */
export async function enqueueReenrichment(queue: ReenrichQueue, storyIds: readonly string[]): Promise<void> {
  if (!storyIds.length) return;
  await queue.addBulk(storyIds.map((storyId) => ({ name: REENRICH_JOB, data: { storyId }, opts: { jobId: storyId } })));
}

export type ReenrichCounts = Record<(typeof JOB_STATES)[number], number>;

/** The re-enrichment backlog: jobs by state (completed ones are not kept, so that count stays 0). */
export async function reenrichBacklog(queue: ReenrichQueue): Promise<{ counts: ReenrichCounts; pending: number }> {
  const counts = (await queue.getJobCounts(...JOB_STATES)) as ReenrichCounts;
  return { counts, pending: counts.waiting + counts.prioritized + counts.active + counts.delayed + counts.paused };
}

export interface ReenrichDeps {
  /** The story's raw article as kept, or null. */
  readRaw: (storyId: string) => Promise<StoryJobData | null>;
  /** The live story processor (with no raw companion: the raw article is there already). */
  runStory: (job: Job<StoryJobData, StoryJobResult>, token?: string) => Promise<StoryJobResult>;
}

/**
 * The re-enrichment job: the story's raw article read back, then the live processor on it, so
 * a re-enriched story gets exactly what a live one would (outage delays, partial stories, and
 * whatever is applied at indexing time). The document replaces the indexed one only if it is
 * not older (external version: story version × 1000 + revision); otherwise the outcome is
 * `stale`. A story with no raw article kept fails at once with `raw_missing`.
 */
export function createReenrichProcessor(deps: ReenrichDeps) {
  return async (job: Job<ReenrichJobData, StoryJobResult>, token?: string): Promise<StoryJobResult> => {
    const { storyId } = job.data;
    const raw = await deps.readRaw(storyId);
    if (!raw) {
      const err = new RawMissingError(`no raw article is kept for ${storyId} (indexed before raw articles were kept, or its raw record is gone): it cannot be enriched again`);
      await job.log(`attempt ${job.attemptsMade + 1}: ${err.code}: ${err.message}`).catch(() => undefined);
      throw new UnrecoverableError(`${err.code}: ${err.message}`);
    }
    // The job's data in this process only (Redis keeps the story id): the processor reads the
    // raw article from it as from a live job; a retry reads the raw article again.
    const story = job as unknown as Job<StoryJobData, StoryJobResult>;
    story.data = raw;
    try {
      return await deps.runStory(story, token);
    } finally {
      (job as Job<ReenrichJobData, StoryJobResult>).data = { storyId };
    }
  };
}
