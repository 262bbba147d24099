import { Queue, type DefaultJobOptions } from 'bullmq';
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { RedisConnection } from './connection.ts';
import { RETENTION } from './options.ts';
import { listenForErrors } from './queue.ts';
import { JOB_STATES } from './status.ts';

/**
 * Follow-ups: what a story needs once its document is acknowledged (its cluster, its quotation
 * occurrences), done in batches on a queue of their own (`<queue>-after`) rather than inside
 * the story's job. A story job adds its follow-up before it completes, so a process dying
 * between the two loses nothing: the follow-up is in Redis before the story is acked.
 */

export const AFTER_JOB = 'after';
export const RELABEL_JOB = 'relabel';

export const afterQueueName = (config: Pick<Config, 'queueName'>) => `${config.queueName}-after`;

/** One story of a follow-up batch: its id, date and LSH band keys (none: not clustered). */
export const afterStorySchema = z.object({
  id: z.string().min(1),
  publishedAt: z.string().nullable(),
  bands: z.array(z.string()),
  /** Record its quotation occurrences (an acknowledged, not stale, document). */
  quotes: z.boolean(),
});
export type AfterStory = z.infer<typeof afterStorySchema>;

export const afterBatchSchema = z.object({ stories: z.array(afterStorySchema).min(1).max(500) });
export const relabelSchema = z.object({ from: z.string().min(1), to: z.string().min(1) });
export type AfterBatchData = z.infer<typeof afterBatchSchema>;
export type RelabelData = z.infer<typeof relabelSchema>;
export type AfterJobData = AfterBatchData | RelabelData;

export type AfterQueue = Queue<AfterJobData, unknown, string>;

/** Attempts that outlast the story jobs' outage window with pauses capped at a minute. */
export function afterJobOptions(config: Pick<Config, 'worker'>): DefaultJobOptions {
  return {
    attempts: config.worker.attempts + Math.ceil(config.worker.outageWindowMs / 60_000),
    backoff: { type: 'capped', delay: config.worker.backoffMs },
    removeOnComplete: true,
    removeOnFail: RETENTION.failed,
  };
}

/** The pause before a follow-up's next attempt: doubling from `delay`, at most a minute. */
export const afterBackoff = (attemptsMade: number, delay: number) => Math.min(delay * 2 ** Math.max(0, attemptsMade - 1), 60_000);

export function createAfterQueue(config: Pick<Config, 'queueName' | 'queuePrefix' | 'worker'>, connection: RedisConnection): AfterQueue {
  return listenForErrors(new Queue<AfterJobData, unknown, string>(afterQueueName(config), { connection, prefix: config.queuePrefix, defaultJobOptions: afterJobOptions(config) }));
}

/** A relabel job's id: one per (from, to), so the same leftover asked for twice is one job. */
export const relabelJobId = (move: RelabelData) => `relabel-${move.from}-${move.to}`.replaceAll(':', '_');

export type AfterCounts = Record<(typeof JOB_STATES)[number], number>;

/** The follow-up backlog: jobs by state (completed ones are not kept). */
export async function afterBacklog(queue: AfterQueue): Promise<{ counts: AfterCounts; pending: number }> {
  const counts = (await queue.getJobCounts(...JOB_STATES)) as AfterCounts;
  return { counts, pending: counts.waiting + counts.prioritized + counts.active + counts.delayed + counts.paused };
}

/** Follow-ups waiting, delayed or in flight. */
export async function afterPending(queue: AfterQueue): Promise<number> {
  const c = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'paused', 'waiting-children');
  return Object.values(c).reduce((a, b) => a + b, 0);
}

/**
 * Gathers the follow-ups of stories finishing within `windowMs` of each other into one job
 * (at most `maxBatch` stories). `add` resolves once the job holding the story is in Redis.
 * While follow-ups already wait on the queue (`busy`), or the last `busyRate` stories all came
 * within a second, a batch keeps gathering, up to `maxHoldMs`: the follow-up worker's rounds cost
 * the same for 30 stories as for 300 (a forced refresh of the story index each), so a busy queue
 * or a fast stream gets fewer, larger batches instead of a line of small ones.
 */
export class AfterCoalescer {
  private pending: { story: AfterStory; resolve: () => void; reject: (err: Error) => void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private oldest = 0;
  private readonly adding = new Set<Promise<void>>();
  /** When the last `busyRate` stories came, a ring whose next slot is the oldest. */
  private readonly arrivals: number[];
  private arrival = 0;

  constructor(
    private readonly queue: { add(name: string, data: AfterBatchData): Promise<unknown> },
    private readonly opts: { windowMs?: number; maxBatch?: number; maxHoldMs?: number; busy?: () => Promise<boolean>; busyRate?: number } = {},
  ) {
    this.arrivals = new Array<number>(Math.max(1, opts.busyRate ?? 0)).fill(-Infinity);
  }

  /** Whether the last `busyRate` stories all came within the last second. */
  private streaming(now: number): boolean {
    return !!this.opts.busyRate && this.arrivals[this.arrival]! >= now - 1000;
  }

  get size(): number {
    return this.pending.length + this.adding.size;
  }

  add(story: AfterStory): Promise<void> {
    return new Promise((resolve, reject) => {
      const now = Date.now();
      if (!this.pending.length) this.oldest = now;
      this.arrivals[this.arrival] = now;
      this.arrival = (this.arrival + 1) % this.arrivals.length;
      this.pending.push({ story, resolve, reject });
      if (this.pending.length >= (this.opts.maxBatch ?? 500)) this.send();
      else this.timer ??= setTimeout(() => void this.due(), this.opts.windowMs ?? 5);
    });
  }

  /** Sends what waits now and waits for every add under way (a stop). */
  async flush(): Promise<void> {
    this.send();
    await Promise.allSettled([...this.adding]);
  }

  private async due(): Promise<void> {
    const now = Date.now();
    let busy = false;
    if (now - this.oldest < (this.opts.maxHoldMs ?? 1000)) busy = this.streaming(now) || (!!this.opts.busy && (await this.opts.busy().catch(() => false)));
    if (!this.timer) return; // sent meanwhile (full batch, flush)
    if (busy && this.pending.length < (this.opts.maxBatch ?? 500)) {
      this.timer = setTimeout(() => void this.due(), Math.max(25, this.opts.windowMs ?? 5));
      return;
    }
    this.send();
  }

  private send(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending.splice(0, this.opts.maxBatch ?? 500);
    if (!batch.length) return;
    const adding = this.queue
      .add(AFTER_JOB, { stories: batch.map((b) => b.story) })
      .then(
        () => batch.forEach((b) => b.resolve()),
        (err: Error) => batch.forEach((b) => b.reject(err)),
      )
      .finally(() => this.adding.delete(adding));
    this.adding.add(adding);
    if (this.pending.length) {
      this.oldest = Date.now();
      this.send();
    }
  }
}
