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
 * Enqueues an article `prepare` has already accepted (the HTTP door prepares a whole request
 * first, so one bad article refuses the request before any of it is enqueued).
 */
export async function enqueuePrepared(queue: StoryQueue, prepared: PreparedArticle): Promise<Exclude<EnqueueOutcome, { status: 'rejected' }>> {
  const { article, receivedAt, parsed, id } = prepared;
  const existing = await queue.getJob(id);
  if (existing) return { status: 'duplicate', id, state: await existing.getState() };
  const data: StoryJobData = {
    content: article.content,
    format: article.format,
    receivedAt,
    ...(article.source ? { source: article.source } : {}),
  };
  await queue.add(STORY_JOB, data, { jobId: id, priority: parsed.urgency ?? DEFAULT_URGENCY });
  return { status: 'enqueued', id };
}
