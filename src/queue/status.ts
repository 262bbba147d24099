import type { StoryQueue } from './queue.ts';

export const JOB_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed', 'paused'] as const;

export interface QueueStatus {
  counts: Record<(typeof JOB_STATES)[number], number>;
  failures: { id: string; source: string | null; reason: string; attempts: number; failedAt: string | null }[];
}

/** Job counts by state and the latest failures with their reasons. */
export async function queueStatus(queue: StoryQueue, failures = 10): Promise<QueueStatus> {
  const counts = (await queue.getJobCounts(...JOB_STATES)) as QueueStatus['counts'];
  const failed = await queue.getFailed(0, failures - 1);
  return {
    counts,
    failures: failed
      .filter((j) => j)
      .map((j) => ({
        id: j.id ?? '?',
        source: j.data?.source ?? null,
        reason: j.failedReason ?? 'unknown',
        attempts: j.attemptsMade,
        failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
      })),
  };
}
