import type { DefaultJobOptions } from 'bullmq';
import type { Config } from '../config.ts';

/** Completed jobs kept for a week (at most 10,000), failed ones for a month (at most 50,000). */
export const RETENTION = {
  completed: { age: 7 * 24 * 3600, count: 10_000 },
  failed: { age: 30 * 24 * 3600, count: 50_000 },
};

/** The job name every story job carries. */
export const STORY_JOB = 'story';

/** Middle of the 1–9 urgency scale, for stories whose feed gives none. */
export const DEFAULT_URGENCY = 5;

export function defaultJobOptions(config: Pick<Config, 'worker'>): DefaultJobOptions {
  return {
    attempts: config.worker.attempts,
    backoff: { type: 'exponential', delay: config.worker.backoffMs },
    removeOnComplete: RETENTION.completed,
    removeOnFail: RETENTION.failed,
  };
}
