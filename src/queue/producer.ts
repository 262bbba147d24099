import { randomUUID } from 'node:crypto';
import type { JobsOptions } from 'bullmq';
import { isKillNotice, prepare, type Enqueueable } from '../pipeline.ts';
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
export function jobIdOf(storyId: string, version: number | null, kill = false): string {
  const id = version && version > 1 ? `${storyId}-v${version}` : storyId;
  // A kill notice carries the story's own id: its job must not be taken for a repeat of the story.
  return kill ? `${id}-kill` : id;
}

/**
 * Enqueues an article `prepare` has already accepted (the HTTP door prepares a whole request
 * first, so one bad article refuses the request before any of it is enqueued).
 *
 * BullMQ's add is atomic and, for a job id that exists, returns that job without adding: the
 * add itself decides. Each add carries a fresh marker in its options; reading the job back
 * tells whether the stored job is ours (enqueued) or someone else's (a duplicate), so several
 * producers racing on one story count it once between them.
 */
export async function enqueuePrepared(queue: StoryQueue, prepared: Enqueueable): Promise<Exclude<EnqueueOutcome, { status: 'rejected' }>> {
  const { article, receivedAt, parsed, id } = prepared;
  const kill = isKillNotice(prepared);
  const jobId = jobIdOf(id, parsed.version, kill);
  const data: StoryJobData = {
    content: article.content,
    format: article.format,
    receivedAt,
    ...(article.source ? { source: article.source } : {}),
  };
  const marker = randomUUID();
  // A kill is the most urgent message on a wire: it goes before every story waiting.
  const options = { jobId, priority: kill ? 1 : (parsed.urgency ?? DEFAULT_URGENCY), [ADD_MARKER]: marker } as JobsOptions;
  await queue.add(STORY_JOB, data, options);
  const stored = await queue.getJob(jobId);
  // Gone already: completed and removed by retention in the meantime, which only our add could have started.
  if (!stored) return { status: 'enqueued', id: jobId };
  if ((stored.opts as Record<string, unknown>)[ADD_MARKER] === marker) return { status: 'enqueued', id: jobId };
  return { status: 'duplicate', id: jobId, state: await stored.getState() };
}

/** The job option that tells one add from another (kept with the job's options in Redis). */
const ADD_MARKER = 'wdAdd';
