import { prepare, type PreparedArticle } from '../pipeline.ts';
import { DEFAULT_URGENCY, STORY_JOB } from './options.ts';
import type { StoryJobData, StoryQueue } from './queue.ts';

export type EnqueueOutcome =
  | { status: 'enqueued'; id: string }
  | { status: 'duplicate'; id: string; state: string }
  | { status: 'rejected'; reason: string };

/**
 * Validates a raw article, reads and normalises it far enough to know its story id, and
 * enqueues it with that id as job id. Input that can never succeed is refused here, never
 * enqueued; a story already queued (or kept after completion) is reported as a duplicate.
 */
export async function enqueueArticle(queue: StoryQueue, raw: unknown, now: Date = new Date()): Promise<EnqueueOutcome> {
  let prepared;
  try {
    prepared = prepare(raw, now);
  } catch (err) {
    return { status: 'rejected', reason: (err as Error).message };
  }
  return enqueuePrepared(queue, prepared);
}

/**
 * The job id for a story version: the story id for the first version, with `-v<n>` after it for
 * later ones, so a corrected version is a new job (and replaces the document, which keeps the
 * story id as `_id`) while a repeat of the same version stays a duplicate.
 */
export function jobIdOf(storyId: string, version: number | null): string {
  return version && version > 1 ? `${storyId}-v${version}` : storyId;
}

/**
 * Enqueues an article `prepare` has already accepted (the HTTP door prepares a whole request
 * first, so one bad article refuses the request before any of it is enqueued).
 */
export async function enqueuePrepared(queue: StoryQueue, prepared: PreparedArticle): Promise<Exclude<EnqueueOutcome, { status: 'rejected' }>> {
  const { parsed, id } = prepared;
  const jobId = jobIdOf(id, parsed.version);
  // The same story twice in one batch: the second must not pass the check while the first is added.
  const pending = adding.get(queue) ?? new Set<string>();
  adding.set(queue, pending);
  if (pending.has(jobId)) return { status: 'duplicate', id: jobId, state: 'waiting' };
  pending.add(jobId);
  try {
    return await addUnlessPresent(queue, prepared, jobId);
  } finally {
    pending.delete(jobId);
  }
}

/** Job ids this process is adding right now, per queue. */
const adding = new WeakMap<StoryQueue, Set<string>>();

async function addUnlessPresent(queue: StoryQueue, prepared: PreparedArticle, jobId: string): Promise<Exclude<EnqueueOutcome, { status: 'rejected' }>> {
  const { article, receivedAt, parsed } = prepared;
  const existing = await queue.getJob(jobId);
  if (existing) return { status: 'duplicate', id: jobId, state: await existing.getState() };
  const data: StoryJobData = {
    content: article.content,
    format: article.format,
    receivedAt,
    ...(article.source ? { source: article.source } : {}),
  };
  await queue.add(STORY_JOB, data, { jobId, priority: parsed.urgency ?? DEFAULT_URGENCY });
  return { status: 'enqueued', id: jobId };
}
