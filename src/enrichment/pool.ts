import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { InternalError, StageAbortedError } from '../errors.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { defaultModelBuffer } from '../extract/entities/model.ts';
import { gazetteerBuffer } from '../normalize/gazetteer.ts';
import type { FeedEntryReading } from '../feeds/read-feed.ts';
import type { IngestBody, IngestQuery, IngestReading } from '../ingest/request.ts';
import type { PreparedArticle } from '../pipeline.ts';
import type { StoryDocument } from '../article/story.ts';
import type { StoryJobData } from '../queue/queue.ts';
import { DEFAULT_SIZING, coresMeter, decidePoolSize, type PoolSizing } from './pool-size.ts';
import { fromRemoteError } from './remote-error.ts';
import type { PrepareReply, TaskKind, TaskReply, TaskRequest, ThreadData, ThreadHello } from './tasks.ts';
import type { WiredeskError } from '../errors.ts';

export type PrepareOutcome = { ok: true; prepared: PreparedArticle } | { ok: false; stage: 'read' | null; error: WiredeskError };

/** The pool a worker runs, as the configuration says. */
export function enrichPoolOptions(config: Pick<Config, 'worker'>, logger?: Logger): EnrichPoolOptions {
  const { threads, extractBudgetMs, threadHeapMb } = config.worker;
  return { threads, budgetMs: extractBudgetMs, ...(logger ? { logger } : {}), ...(threadHeapMb ? { maxHeapMb: threadHeapMb } : {}) };
}

/** A pool that only reads stories (HTTP ingest, feed polls): self-sizing, the worker's budget and heap ceiling. */
export function readPoolOptions(config: Pick<Config, 'worker'>, logger?: Logger): EnrichPoolOptions {
  return { ...enrichPoolOptions(config, logger), threads: 0, readOnly: true };
}

export interface EnrichPoolOptions {
  /** Threads, fixed; 0 or absent = as many as it takes, from one up to one per core (`pool-size.ts`). */
  threads?: number;
  /** How long one stage of one story may run on its thread before the thread is replaced. */
  budgetMs: number;
  logger?: Logger;
  /** Heap ceiling per thread, so one monstrous story cannot take the process down with it. */
  maxHeapMb?: number;
  /** When a pool that sizes itself grows or shrinks (tests shorten the waits). */
  sizing?: Partial<PoolSizing>;
  /** What it reads of the cores each look (`coresMeter` of this machine; tests give their own). */
  cores?: () => { idle: number; others: number };
  /** Only reads stories (`prepare`, `readRequest`, `readFeed`): the threads never load the entity model. */
  readOnly?: boolean;
}

interface Task {
  id: number;
  kind: TaskKind;
  payload: unknown;
  budgetMs: number;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** The task the thread is running, then at most one more waiting in its message queue. */
  tasks: Task[];
  /** The running task's budget. */
  timer: NodeJS.Timeout | null;
  /** When its running task started (its budget's start). */
  taskStarted: number | null;
  /** When the thread took its running task, or null while it has none. */
  busySince: number | null;
  /** Time with a task since the pool last sampled it. */
  busyMs: number;
  /** When it last had a task (its start, for one that never had). */
  lastBusy: number;
  /** Let go: it takes no new task and ends once its tasks are done. */
  retiring: boolean;
}

/**
 * Tasks a thread holds at once. With one, a thread idles from its reply until the main thread
 * (busy with BullMQ and `_bulk` bodies) gets round to handing it the next story; a second task
 * already in its message queue keeps it busy.
 */
const TASKS_PER_THREAD = 2;

/** How much of a many-story body (an ingest request, a feed) one stage budget covers. */
const READ_BUDGET_CHARS = 5 * 1024 * 1024;

/**
 * A thread's young generation. V8 sizes it for a whole process (semi-spaces of up to 16 MB each
 * on 64-bit), per thread; a story's garbage is short-lived and small, so a small nursery collects
 * it as well and keeps each thread's resident memory lower.
 */
const YOUNG_GENERATION_MB = 8;

/**
 * The URL a thread is started from. From the TypeScript sources (tsx, vitest) a thread cannot
 * load `.ts` by itself: a small ES module registers tsx first, then imports the thread.
 */
function threadEntry(): URL {
  const thread = new URL(import.meta.url.endsWith('.ts') ? './thread.ts' : './thread.js', import.meta.url);
  if (!thread.pathname.endsWith('.ts')) return thread;
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};\nregister();\nawait import(${JSON.stringify(thread.href)});\n`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
}

/**
 * The packed entity model for the threads; when it cannot be loaded, each thread tries again on
 * its first story, so the failure is a story's (retried with the job's attempts), as before.
 */
function sharedModel(logger: Logger | undefined): SharedArrayBuffer | undefined {
  try {
    return defaultModelBuffer();
  } catch (err) {
    logger?.error({ reason: (err as Error).message }, 'the entity model could not be loaded; each enrichment thread will try on its first story');
    return undefined;
  }
}

/**
 * A pool of worker threads for the CPU stages, so that the event loop which renews job locks,
 * talks to Elasticsearch and answers HTTP never runs an extraction. Each task's budget starts
 * when a thread takes it (not while it waits): a story over it has its thread terminated and
 * replaced, and the task fails with a StageAbortedError.
 *
 * Given no thread count, the pool sizes itself: it starts with one thread and, once a second,
 * takes on another (up to one per core) while its threads are saturated and a core sits idle, or
 * while one story holds a thread for seconds with others waiting; it lets one go after a minute
 * idle, or after half a minute of cores taken by other processes (`pool-size.ts`).
 */
export class EnrichPool {
  /** The most threads it runs: the count asked for, or one per core. */
  readonly maxThreads: number;
  /** Whether it sizes itself between one and `maxThreads`. */
  readonly adaptive: boolean;
  private readonly slots: Slot[] = [];
  private readonly waiting: Task[] = [];
  private nextId = 1;
  private closed = false;
  private readonly entry = threadEntry();
  /** Loaded once here and shared by every thread (a SharedArrayBuffer is not copied). */
  private readonly shared: ThreadData;
  private readonly sizer: NodeJS.Timeout | null = null;
  /** Since when the cores have been contended (`pool-size.ts`), or null. */
  private contendedSince: number | null = null;

  constructor(private readonly opts: EnrichPoolOptions) {
    this.shared = opts.readOnly ? { gazetteer: gazetteerBuffer(), readOnly: true } : { gazetteer: gazetteerBuffer(), nerModel: sharedModel(opts.logger) };
    this.adaptive = !(opts.threads && opts.threads > 0);
    this.maxThreads = this.adaptive ? availableParallelism() : opts.threads!;
    // One thread at a time: each starts when the one before is warm, so their start-up garbage
    // never peaks together (and the first takes stories while the others load).
    this.slots.push(this.spawn());
    if (this.adaptive && this.maxThreads > 1) {
      const sizing = { ...DEFAULT_SIZING, ...opts.sizing };
      const cores = opts.cores ?? coresMeter();
      let last = Date.now();
      this.sizer = setInterval(() => {
        const now = Date.now();
        this.resize(now, now - last, cores(), sizing);
        last = now;
      }, sizing.everyMs).unref();
    }
  }

  /** Threads running now (one still warming up counts, one being let go does not). */
  get threads(): number {
    return this.live().length;
  }

  private live(): Slot[] {
    return this.slots.filter((slot) => !slot.retiring);
  }

  /**
   * Reads and normalises a story on a thread. A story that cannot be read is an outcome (with
   * its typed error and the stage it reached); the promise rejects only when the thread could not
   * answer (budget, crash, pool closing).
   */
  async prepare(data: StoryJobData, now: Date): Promise<PrepareOutcome> {
    const reply = (await this.run('prepare', { data, now: now.toISOString() })) as PrepareReply;
    return reply.ok ? reply : { ok: false, stage: reply.stage, error: fromRemoteError(reply.error) };
  }

  /**
   * Reads a whole `POST /articles` request on a thread (`readIngestRequest`): every article
   * validated, split into its stories and prepared. Rejects with a StageAbortedError when the
   * request outruns the budget or its thread dies.
   */
  readRequest(body: IngestBody, query: IngestQuery, maxArticles: number, now: Date): Promise<IngestReading> {
    // (Only the two query fields: fastify's query object has no prototype and may hold more.)
    const q: IngestQuery = { ...(query.format !== undefined ? { format: query.format } : {}), ...(query.source !== undefined ? { source: query.source } : {}) };
    return this.run('ingest', { body: { text: body.text, kind: body.kind }, query: q, maxArticles, now: now.toISOString() }, this.readBudget(body.text.length)) as Promise<IngestReading>;
  }

  /** Splits a polled feed into its items and prepares each, on a thread (`readFeed`). */
  readFeed(xml: string, source: string, now: Date): Promise<FeedEntryReading[]> {
    return this.run('feed', { xml, source, now: now.toISOString() }, this.readBudget(xml.length)) as Promise<FeedEntryReading[]>;
  }

  /**
   * The budget of reading a body of many stories: the stage budget once per 5 MB (the default
   * body limit; reading takes ~0.35 s a MB), so a limit raised to 100 MB or a 20 MB feed is not
   * refused for its size alone, while a body that reads far slower than its size says still is.
   */
  private readBudget(chars: number): number {
    return this.opts.budgetMs * Math.max(1, Math.ceil(chars / READ_BUDGET_CHARS));
  }

  /** Extracts quotes and entities on a thread and returns the story document. */
  extract(prepared: PreparedArticle, now: Date, budgetMs = this.opts.budgetMs): Promise<StoryDocument> {
    return this.run('extract', { prepared, now: now.toISOString() }, budgetMs) as Promise<StoryDocument>;
  }

  /** Stops every thread; tasks not finished are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.sizer) clearInterval(this.sizer);
    for (const task of this.waiting.splice(0)) task.reject(new InternalError('the enrichment pool is closing'));
    await Promise.all(
      this.slots.map(async (slot) => {
        if (slot.timer) clearTimeout(slot.timer);
        for (const task of slot.tasks.splice(0)) task.reject(new InternalError('the enrichment pool is closing'));
        await slot.worker.terminate();
      }),
    );
  }

  /** One look at the threads and the cores: maybe a thread more, or one fewer. */
  private resize(now: number, windowMs: number, cores: { idle: number; others: number }, sizing: PoolSizing): void {
    if (this.closed || windowMs <= 0) return;
    const live = this.live();
    const ready = live.filter((slot) => slot.ready);
    const busy = ready.map((slot) => {
      if (slot.busySince !== null) {
        slot.busyMs += now - slot.busySince;
        slot.busySince = now;
      }
      const share = Math.min(1, slot.busyMs / windowMs);
      slot.busyMs = 0;
      return share;
    });
    const contended = cores.idle < sizing.contendedIdleCores && cores.others >= sizing.othersCores;
    this.contendedSince = contended ? (this.contendedSince ?? now) : null;
    const started = ready.flatMap((slot) => (slot.tasks.length && slot.taskStarted !== null ? [slot.taskStarted] : []));
    const decision = decidePoolSize({
      threads: live.length,
      max: this.maxThreads,
      starting: ready.length < live.length,
      busy,
      waiting: this.waiting.length,
      idleCores: cores.idle,
      longestTaskMs: started.length ? now - Math.min(...started) : 0,
      idleMs: ready.map((slot) => (slot.tasks.length ? 0 : now - slot.lastBusy)),
      contendedMs: this.contendedSince === null ? 0 : now - this.contendedSince,
    }, sizing);
    const round = (x: number) => Math.round(x * 100) / 100;
    if (decision.act === 'grow') {
      this.slots.push(this.spawn());
      this.contendedSince = null;
      this.opts.logger?.info({ threads: this.threads, why: decision.why, idleCores: round(cores.idle), waiting: this.waiting.length }, 'enrichment pool takes on a thread');
    } else if (decision.act === 'shrink') {
      const slot = ready[decision.thread]!;
      slot.retiring = true;
      this.contendedSince = null;
      if (!slot.tasks.length) this.retire(slot);
      this.opts.logger?.info({ threads: this.threads, why: decision.why, idleCores: round(cores.idle), othersCores: round(cores.others) }, 'enrichment pool lets a thread go');
    }
  }

  /** Ends a thread let go, once it holds no task. */
  private retire(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    void slot.worker.terminate();
  }

  private run(kind: TaskKind, payload: unknown, budgetMs = this.opts.budgetMs): Promise<unknown> {
    if (this.closed) return Promise.reject(new InternalError('the enrichment pool is closed'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ id: this.nextId++, kind, payload, budgetMs, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    // Every ready thread gets one task before any gets a second.
    for (let depth = 1; depth <= TASKS_PER_THREAD; depth++) {
      for (const slot of this.slots) {
        if (!this.waiting.length) return;
        if (!slot.ready || slot.retiring || slot.tasks.length >= depth) continue;
        const task = this.waiting.shift()!;
        slot.tasks.push(task);
        if (slot.tasks.length === 1) {
          slot.busySince = Date.now();
          this.startBudget(slot);
        }
        slot.worker.postMessage({ id: task.id, kind: task.kind, payload: task.payload } satisfies TaskRequest);
      }
    }
  }

  /**
   * The budget of the task the thread runs now. A task that waited behind another starts its
   * budget when the other's reply arrives: a little after the thread took it, never before.
   */
  private startBudget(slot: Slot): void {
    const task = slot.tasks[0];
    slot.timer = task ? setTimeout(() => this.abort(slot, 'budget'), task.budgetMs) : null;
    slot.taskStarted = task ? Date.now() : null;
  }

  private spawn(): Slot {
    const worker = new Worker(this.entry, {
      name: 'wiredesk-enrich',
      workerData: this.shared,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, ...(this.opts.maxHeapMb ? { maxOldGenerationSizeMb: this.opts.maxHeapMb } : {}) },
    });
    const slot: Slot = { worker, ready: false, tasks: [], timer: null, taskStarted: null, busySince: null, busyMs: 0, lastBusy: Date.now(), retiring: false };
    worker.on('message', (message: ThreadHello | TaskReply) => {
      if ('ready' in message) {
        if (!message.ready) this.opts.logger?.error({ reason: message.error.message }, 'an enrichment thread could not warm up; it will load on first use');
        slot.ready = true;
        slot.lastBusy = Date.now();
        if (!this.adaptive && this.slots.length < this.maxThreads && !this.closed) this.slots.push(this.spawn());
        this.dispatch();
        return;
      }
      const task = slot.tasks[0];
      if (!task || task.id !== message.id) return;
      if (slot.timer) clearTimeout(slot.timer);
      slot.tasks.shift();
      if (!slot.tasks.length && slot.busySince !== null) {
        const now = Date.now();
        slot.busyMs += now - slot.busySince;
        slot.busySince = null;
        slot.lastBusy = now;
      }
      this.startBudget(slot);
      if (slot.retiring && !slot.tasks.length) this.retire(slot);
      if (message.ok) task.resolve(message.value);
      else task.reject(fromRemoteError(message.error));
      this.dispatch();
    });
    worker.on('error', (err) => {
      this.opts.logger?.error({ err: err.message, task: slot.tasks[0]?.kind }, 'an enrichment thread died');
      this.abort(slot, 'crash');
    });
    worker.on('exit', () => {
      // An exit we did not ask for (the thread ran out of heap, say): replace it.
      if (this.slots.includes(slot) && !this.closed) this.abort(slot, 'crash');
    });
    return slot;
  }

  /** Ends the slot's thread and its task, and puts a fresh thread in its place. */
  private abort(slot: Slot, why: 'budget' | 'crash'): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    if (slot.timer) clearTimeout(slot.timer);
    const [task, ...notStarted] = slot.tasks.splice(0);
    // Tasks queued behind the one that failed never ran: they go back to the front of the line.
    this.waiting.unshift(...notStarted);
    this.slots.splice(index, 1);
    void slot.worker.terminate();
    if (task) {
      const what = why === 'budget' ? `took more than its budget of ${task.budgetMs} ms` : 'stopped its thread (out of memory or a crash)';
      this.opts.logger?.warn({ stage: task.kind, why, budgetMs: task.budgetMs }, `a story's ${task.kind} stage ${what}; ${slot.retiring ? 'thread let go already, not replaced' : 'thread replaced'}`);
      task.reject(new StageAbortedError(task.kind, why, `the ${task.kind} stage ${what}`));
    }
    if (this.closed) return;
    if (slot.retiring) {
      // Let go already: not replaced; what it had queued goes to the threads left.
      this.dispatch();
      return;
    }
    // A thread that dies with no story on it (at start-up, say) is replaced after a pause, not in a loop.
    const replace = () => {
      if (this.closed) return;
      this.slots.push(this.spawn());
      this.dispatch();
    };
    if (task) replace();
    else setTimeout(replace, 1000).unref();
  }
}
