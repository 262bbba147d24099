import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { StoryDocument } from '../article/story.ts';
import type { EnrichPool } from '../enrichment/pool.ts';
import type { BulkIndexer, CompanionOperation } from '../elastic/bulk-indexer.ts';
import { StageAbortedError, WiredeskError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { isKillNotice, noticeStory, partialStory, withdrawnStory, type PreparedArticle } from '../pipeline.ts';
import type { StoryJobData, StoryJobResult } from './queue.ts';

export interface ProcessorDeps {
  pool: EnrichPool;
  /** The story as indexed now (read in real time), for kill notices. */
  findStory: (id: string) => Promise<StoryDocument | null>;
  indexer: BulkIndexer;
  /** Operations written in the same `_bulk` request as the story's document (its raw article). */
  companionsOf?: (doc: StoryDocument, raw: StoryJobData) => Promise<CompanionOperation[]>;
  /** How long Elasticsearch may stay out of reach before a job's attempt counts as failed. */
  outageWindowMs: number;
  /** The first pause while Elasticsearch is out of reach; it doubles, up to a minute. */
  backoffMs: number;
  alias: string;
  logger: Logger;
  /** Editors' corrections laid over the finished document (src/elastic/corrections.ts); a failure to read them is an outage. */
  applyCorrections?: (doc: StoryDocument) => Promise<StoryDocument>;
  /**
   * After a story's document is acknowledged (not for a stale version), before its job
   * completes: leaves its follow-up (cluster, quotation occurrences) on the follow-up queue.
   * `outcome` says whether the document is new to the index.
   */
  onIndexed?: (doc: StoryDocument, outcome: 'created' | 'updated') => Promise<unknown>;
}

/** The stages a story passes, in order; a job's progress names the last one it reached. */
export const STAGES = ['read', 'normalised', 'extracted', 'indexed'] as const;
export type Stage = (typeof STAGES)[number];

/** What `job.progress` holds for a story job. */
export interface StoryProgress {
  /** The last stage reached; null when even reading failed. */
  stage: Stage | null;
  timings: { prepareMs?: number; extractMs?: number; indexMs?: number };
  storyId?: string;
  quotes?: number;
  entities?: number;
  /** Since when (ms since epoch) Elasticsearch has been out of reach for this job, and how often it was delayed. */
  outage?: OutageNote;
}

/** A reason a person can act on, with the error's class code in front. */
export const reasonOf = (err: unknown) => (err instanceof WiredeskError ? `${err.code}: ${err.message}` : `internal_error: ${(err as Error).message}`);

/** The class of a failure reason: the code in front of it (`unreadable_article`, `service_unavailable` …). */
export const reasonClassOf = (reason: string | undefined | null): string => /^([a-z_]+):/.exec(reason ?? '')?.[1] ?? (reason?.includes('stalled') ? 'stalled' : 'other');

const ms = (from: number, to = performance.now()) => Math.round((to - from) * 10) / 10;

/** Where a story job keeps how long Elasticsearch has been out of reach for it. */
interface OutageNote {
  since: number;
  retries: number;
}

/**
 * The story job: read and normalise, then extract, on the enrichment pool's threads; then
 * wait until Elasticsearch acknowledges the document. Reasons start with the error's class code.
 *
 * Redis round trips are few on purpose (7 a story were the processor's main cost with the
 * stages stubbed; one doubles its jobs a second): a story that goes through writes one
 * `job.log` line summing up every stage and no progress (its result carries the stage and
 * timings). A failure, a retry or an outage delay writes the
 * stage reached as progress and one log line with what was learnt before it.
 *
 * - Input known to be wrong (unreadable, invalid, a document Elasticsearch's mapping rejects)
 *   fails at once; any other error is retried with the job's attempts and backoff.
 * - A story whose extraction runs past its budget is indexed with what the cheap stages found
 *   (`extraction: "partial"`), not failed.
 * - Elasticsearch unreachable, timing out or busy: the job is delayed with growing pauses
 *   (no attempt spent) until it has been out of reach for `outageWindowMs`; only then does an
 *   attempt count as failed.
 */
export function createStoryProcessor(deps: ProcessorDeps) {
  return async (job: Job<StoryJobData, StoryJobResult>, token?: string): Promise<StoryJobResult> => {
    const now = new Date();
    const t0 = performance.now();
    const previous = typeof job.progress === 'object' && job.progress !== null ? (job.progress as Partial<StoryProgress>) : {};
    const progress: StoryProgress = { stage: null, timings: {}, ...(previous.outage ? { outage: previous.outage } : {}) };
    const attempt = `attempt ${job.attemptsMade + 1}`;
    /** What each stage found, for the job's one log line. */
    const notes: string[] = [];
    const noted = () => (notes.length ? ` (${notes.join('; ')})` : '');
    /** The stage reached and what was learnt, written in one go on the paths that do not complete. */
    const record = (line: string) => Promise.all([job.updateProgress(progress), job.log(`${attempt}: ${line}${noted()}`)]).catch(() => undefined);
    const fail = async (err: unknown): Promise<never> => {
      const reason = reasonOf(err);
      deps.logger.warn({ jobId: job.id, stage: progress.stage, reason }, 'story cannot be enriched');
      await record(`failed after stage ${progress.stage ?? '(none)'}: ${reason}`);
      throw new UnrecoverableError(reason);
    };
    const retry = async (err: unknown): Promise<never> => {
      const reason = reasonOf(err);
      await record(`will be retried after stage ${progress.stage ?? '(none)'}: ${reason}`);
      throw new Error(reason);
    };

    let read;
    try {
      read = await deps.pool.prepare(job.data, now);
    } catch (err) {
      return err instanceof WiredeskError && err.permanent ? fail(err) : retry(err);
    }
    if (!read.ok) {
      progress.stage = read.stage;
      return read.error.permanent ? fail(read.error) : retry(read.error);
    }
    const prepared = read.prepared;
    const t1 = performance.now();
    progress.stage = 'normalised';
    progress.storyId = prepared.id;
    progress.timings.prepareMs = ms(t0, t1);
    const d = prepared.dateline;
    notes.push(
      `read as ${prepared.parsed.format}, ${prepared.body.length} characters of body`,
      `normalised: dateline ${d ? `${JSON.stringify(d.raw)} (${[d.city, d.country, d.date].filter(Boolean).join(', ')})` : 'none'}, agency ${prepared.agency ?? 'unknown'}, story id ${prepared.id}`,
    );

    let doc: StoryDocument;
    if (isKillNotice(prepared)) {
      doc = await withdrawal(prepared, now).catch(async (err: unknown) => {
        const reason = reasonOf(err);
        await record(`could not read the story to withdraw: ${reason}`);
        await waitOutOutage(job, token, progress, reason);
        throw new Error(reason);
      });
      deps.logger.info({ jobId: job.id, storyId: prepared.id }, 'kill notice: story withdrawn from search');
    } else {
      try {
        doc = await deps.pool.extract(prepared, now);
      } catch (err) {
        if (!(err instanceof StageAbortedError)) return err instanceof WiredeskError && err.permanent ? fail(err) : retry(err);
        doc = partialStory(prepared, now, err.message);
        deps.logger.warn({ jobId: job.id, storyId: prepared.id, bodyChars: prepared.body.length, reason: err.message }, 'story indexed without quotes and entities');
      }
    }
    const t2 = performance.now();
    progress.stage = 'extracted';
    progress.timings.extractMs = ms(t1, t2);
    progress.quotes = doc.quotes.length;
    progress.entities = doc.entities.length;
    notes.push(doc.withdrawnAt ? `kill notice: story ${doc.id} withdrawn at ${doc.withdrawnAt}` : doc.extraction === 'partial' ? `extraction partial (${doc.extractionNote})` : `extracted ${doc.quotes.length} quotes, ${doc.entities.length} entities`);

    let outcome;
    try {
      if (deps.applyCorrections) doc = await deps.applyCorrections(doc);
      outcome = await deps.indexer.index(doc, deps.companionsOf ? await deps.companionsOf(doc, job.data) : []);
      if (outcome !== 'stale') await deps.onIndexed?.(doc, outcome);
    } catch (err) {
      const reason = reasonOf(err);
      await record(`not indexed: ${reason}`);
      if (err instanceof WiredeskError && err.permanent) throw new UnrecoverableError(reason);
      await waitOutOutage(job, token, progress, reason);
      throw new Error(reason);
    }
    const t3 = performance.now();
    const timings = { prepareMs: progress.timings.prepareMs, extractMs: progress.timings.extractMs, indexMs: ms(t2, t3), totalMs: ms(t0, t3) };
    const done = job.log(`${attempt}: indexed into ${deps.alias} as ${doc.id} (${outcome})${noted()}`);
    // Progress left by an earlier attempt's outage delay is stale now; clear it (rare, so a second write).
    await (progress.outage ? Promise.all([done, job.updateProgress({ ...progress, stage: 'indexed', timings, outage: undefined })]) : done);
    deps.logger.debug({ jobId: job.id, outcome, ...timings }, 'story indexed');
    return { id: doc.id, index: deps.alias, outcome, timings };
  };

  /** The document a kill notice writes: the story marked withdrawn, or the notice standing in for it. */
  async function withdrawal(prepared: PreparedArticle, now: Date): Promise<StoryDocument> {
    return withdrawnStory(noticeStory(prepared, now), await deps.findStory(prepared.id), now);
  }

  /**
   * While Elasticsearch has been out of reach for this job for less than the window, puts the
   * job back as delayed (growing pauses up to a minute) and throws BullMQ's DelayedError, which
   * spends no attempt. Past the window it returns, and the caller's error spends one.
   */
  async function waitOutOutage(job: Job<StoryJobData, StoryJobResult>, token: string | undefined, progress: StoryProgress, reason: string): Promise<void> {
    const note: OutageNote = progress.outage ?? { since: Date.now(), retries: 0 };
    if (!token || Date.now() - note.since >= deps.outageWindowMs) return;
    const pause = Math.min(deps.backoffMs * 2 ** note.retries, 60_000);
    progress.outage = { since: note.since, retries: note.retries + 1 };
    await Promise.all([job.updateProgress(progress), job.log(`attempt ${job.attemptsMade + 1}: Elasticsearch out of reach for ${Math.round((Date.now() - note.since) / 1000)} s; trying again in ${Math.round(pause / 1000)} s`)]);
    deps.logger.info({ jobId: job.id, pauseMs: pause, outageMs: Date.now() - note.since }, 'Elasticsearch out of reach: story delayed, no attempt spent');
    await job.moveToDelayed(Date.now() + pause, token);
    throw new DelayedError(reason);
  }
}
