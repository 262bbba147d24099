import type { Job } from 'bullmq';
import { reasonClassOf, type Stage, type StoryProgress } from './processor.ts';
import type { StoryJobData, StoryJobResult, StoryQueue } from './queue.ts';
import { JOB_STATES } from './status.ts';

/** Everything an operator wants to know about one story job. */
export interface JobView {
  id: string;
  state: string;
  /** The last stage reached: read, normalised, extracted, indexed (null: not even read yet). */
  stage: Stage | null;
  attempts: number;
  maxAttempts: number;
  failure: { reason: string; class: string } | null;
  /** The document id in Elasticsearch, once indexed. */
  documentId: string | null;
  index: string | null;
  outcome: string | null;
  source: string | null;
  format: string | null;
  receivedAt: string | null;
  priority: number;
  timings: {
    enqueuedAt: string | null;
    startedAt: string | null;
    finishedAt: string | null;
    waitedMs: number | null;
    prepareMs: number | null;
    extractMs: number | null;
    indexMs: number | null;
    totalMs: number | null;
  };
  logs: string[];
}

const stringOr = (v: unknown) => (typeof v === 'string' ? v : null);
const iso = (ms: number | undefined | null) => (ms ? new Date(ms).toISOString() : null);

function progressOf(job: Job<StoryJobData, StoryJobResult>): StoryProgress | null {
  const p = job.progress;
  return typeof p === 'object' && p !== null && 'stage' in p ? (p as unknown as StoryProgress) : null;
}

/**
 * Names BullMQ gives its own keys beside the jobs' (`<prefix>:<queue>:meta`, `…:events`,
 * `…:id` …): an id that is one of these names bookkeeping, never a job.
 */
const BULLMQ_KEYS = new Set(['meta', 'events', 'id', 'wait', 'waiting', 'waiting-children', 'paused', 'active', 'delayed', 'prioritized', 'completed', 'failed', 'stalled', 'stalled-check', 'limiter', 'marker', 'pc', 'repeat', 'metrics', 'de', 'lock']);

/**
 * Whether an id can name a job of the queue: a story job (`wd-…`, the story id) or a job any
 * other producer added (any id BullMQ takes: no `:`, numbers for ids BullMQ chose itself).
 */
export const isJobId = (id: string) => id.length > 0 && id.length <= 256 && !id.includes(':') && !BULLMQ_KEYS.has(id) && !/[\u0000-\u001f]/.test(id);

/**
 * The job with this id, or undefined. A key under the queue's prefix that is not a job (a
 * hash without a name and a timestamp, or not a hash at all) is no job either.
 */
export async function findJob(queue: StoryQueue, id: string): Promise<Job<StoryJobData, StoryJobResult> | undefined> {
  if (!isJobId(id)) return undefined;
  let job: Job<StoryJobData, StoryJobResult> | undefined;
  try {
    job = await queue.getJob(id);
  } catch (err) {
    // WRONGTYPE (a list or set of BullMQ's), or a hash whose fields are not a job's.
    if (/WRONGTYPE|JSON/i.test((err as Error).message) || err instanceof SyntaxError) return undefined;
    throw err;
  }
  if (!job || typeof job.name !== 'string' || !Number.isFinite(job.timestamp)) return undefined;
  return job;
}

/** A job's view, or null when no job has that id (never enqueued, or removed after retention). */
export async function jobView(queue: StoryQueue, id: string): Promise<JobView | null> {
  let job = await findJob(queue, id);
  if (!job) return null;
  const [state, logs] = await Promise.all([job.getState(), queue.getJobLogs(id, 0, 99, true)]);
  // The job may have finished between reading it and reading its state: read it again.
  if ((state === 'completed' || state === 'failed') && !job.finishedOn) job = (await queue.getJob(id)) ?? job;
  const progress = progressOf(job);
  const result = state === 'completed' ? (job.returnvalue as StoryJobResult | null) : null;
  const pt = progress?.timings ?? {};
  return {
    id,
    state,
    stage: result ? 'indexed' : (progress?.stage ?? null),
    attempts: job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    failure: job.failedReason ? { reason: job.failedReason, class: reasonClassOf(job.failedReason) } : null,
    documentId: result?.id ?? null,
    index: result?.index ?? null,
    outcome: result?.outcome ?? null,
    // Data written by another producer may be anything: show its fields only when they are strings.
    source: stringOr(job.data?.source),
    format: stringOr(job.data?.format),
    receivedAt: stringOr(job.data?.receivedAt),
    priority: Number.isFinite(job.priority) ? job.priority : 0,
    timings: {
      enqueuedAt: iso(job.timestamp),
      startedAt: iso(job.processedOn),
      finishedAt: iso(job.finishedOn),
      waitedMs: job.processedOn ? job.processedOn - job.timestamp : null,
      prepareMs: result?.timings.prepareMs ?? pt.prepareMs ?? null,
      extractMs: result?.timings.extractMs ?? pt.extractMs ?? null,
      indexMs: result?.timings.indexMs ?? pt.indexMs ?? null,
      totalMs: result?.timings.totalMs ?? null,
    },
    logs: logs.logs,
  };
}

export type RetryOutcome = { status: 'retried'; id: string } | { status: 'not_found'; id: string } | { status: 'not_failed'; id: string; state: string };

/** Puts one failed job back on the queue with its attempts reset. */
export async function retryJob(queue: StoryQueue, id: string): Promise<RetryOutcome> {
  const job = await findJob(queue, id);
  if (!job) return { status: 'not_found', id };
  const state = await job.getState();
  if (state !== 'failed') return { status: 'not_failed', id, state };
  await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  return { status: 'retried', id };
}

/** Puts every failed job back on the queue; resolves to how many there were. */
export async function retryFailed(queue: StoryQueue): Promise<number> {
  const count = await queue.getFailedCount();
  if (count > 0) await queue.retryJobs({ state: 'failed', count: 1000 });
  return count;
}

export interface QueueRates {
  counts: Record<(typeof JOB_STATES)[number], number>;
  /** Jobs per minute: the current minute so far, and averaged over the last 5 and 15 minutes (every worker's, from BullMQ metrics). */
  perMinute: { completed: { last1m: number; last5m: number; last15m: number }; failed: { last1m: number; last5m: number; last15m: number } };
  /** Completed and failed jobs in each of the last 15 minutes, newest (the current, partial minute) first. */
  minutes: { completed: number[]; failed: number[] };
}

const average = (data: number[], n: number) => Math.round((data.slice(0, n).reduce((a, b) => a + b, 0) / n) * 100) / 100;

/**
 * Jobs per minute for the last `n` minutes, newest (the current, partial minute) first, from
 * BullMQ's metrics: `data` holds one count per minute before the minute of `prevTS`, and
 * `count - prevCount` the jobs of that minute; minutes after it had none (a push happens
 * on the first job of a new minute).
 */
export function minuteSeries(metrics: { meta: { count: number; prevTS: number; prevCount: number }; data: number[] }, n: number, now = Date.now()): number[] {
  const out = Array<number>(n).fill(0);
  const { count, prevTS, prevCount } = metrics.meta;
  if (!prevTS) return out;
  const current = Math.floor(now / 60_000);
  const last = Math.floor(Number(prevTS) / 60_000);
  for (let k = 0; k < n; k++) {
    const minute = current - k;
    if (minute === last) out[k] = Number(count) - Number(prevCount);
    else if (minute < last) out[k] = Number(metrics.data[last - minute - 1] ?? 0);
  }
  return out;
}

/** Counts by state and the completion and failure rates over the last minutes. */
export async function queueRates(queue: StoryQueue): Promise<QueueRates> {
  const [counts, completed, failed] = await Promise.all([
    queue.getJobCounts(...JOB_STATES) as Promise<QueueRates['counts']>,
    queue.getMetrics('completed', 0, 15),
    queue.getMetrics('failed', 0, 15),
  ]);
  const now = Date.now();
  const c = minuteSeries(completed, 15, now);
  const f = minuteSeries(failed, 15, now);
  return {
    counts,
    perMinute: {
      completed: { last1m: c[0]!, last5m: average(c, 5), last15m: average(c, 15) },
      failed: { last1m: f[0]!, last5m: average(f, 5), last15m: average(f, 15) },
    },
    minutes: { completed: c, failed: f },
  };
}
