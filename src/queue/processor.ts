import { UnrecoverableError, type Job } from 'bullmq';
import type { BulkIndexer } from '../elastic/bulk-indexer.ts';
import { WiredeskError } from '../errors.ts';
import { readArticle } from '../formats/read.ts';
import type { Logger } from '../logger.ts';
import { extractStory, prepare, validateRawArticle, type PreparedArticle } from '../pipeline.ts';
import type { StoryJobData, StoryJobResult } from './queue.ts';

export interface ProcessorDeps {
  indexer: BulkIndexer;
  alias: string;
  logger: Logger;
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
}

/** A reason a person can act on, with the error's class code in front. */
export const reasonOf = (err: unknown) => (err instanceof WiredeskError ? `${err.code}: ${err.message}` : `internal_error: ${(err as Error).message}`);

/** The class of a failure reason: the code in front of it (`unreadable_article`, `service_unavailable` …). */
export const reasonClassOf = (reason: string | undefined | null): string => /^([a-z_]+):/.exec(reason ?? '')?.[1] ?? (reason?.includes('stalled') ? 'stalled' : 'other');

const ms = (from: number, to = performance.now()) => Math.round((to - from) * 10) / 10;

/** How far a story that `prepare` refused got: could it at least be read? */
function stageReachedBefore(data: StoryJobData): Stage | null {
  try {
    const article = validateRawArticle(data);
    readArticle(article.content, article.format);
    return 'read';
  } catch {
    return null;
  }
}

/**
 * The story job: read and normalise, extract (both pure), then wait until Elasticsearch
 * acknowledges the document. Each stage reached is recorded with `job.updateProgress` and a
 * `job.log` line. Anything the pure stages throw is deterministic, so it fails the job at once;
 * an unreachable or busy Elasticsearch is retried with backoff; a document Elasticsearch
 * rejects fails at once. Reasons start with the error's class code.
 */
export function createStoryProcessor(deps: ProcessorDeps) {
  return async (job: Job<StoryJobData, StoryJobResult>): Promise<StoryJobResult> => {
    const now = new Date();
    const t0 = performance.now();
    const progress: StoryProgress = { stage: null, timings: {} };
    const attempt = `attempt ${job.attemptsMade + 1}`;
    const fail = async (err: unknown): Promise<never> => {
      const reason = reasonOf(err);
      deps.logger.warn({ jobId: job.id, stage: progress.stage, reason }, 'story cannot be enriched');
      await job.log(`${attempt}: failed after stage ${progress.stage ?? '(none)'}: ${reason}`).catch(() => undefined);
      throw new UnrecoverableError(reason);
    };

    let prepared: PreparedArticle;
    try {
      prepared = prepare(job.data, now);
    } catch (err) {
      progress.stage = stageReachedBefore(job.data);
      await job.updateProgress(progress).catch(() => undefined);
      return fail(err);
    }
    const t1 = performance.now();
    progress.stage = 'normalised';
    progress.storyId = prepared.id;
    progress.timings.prepareMs = ms(t0, t1);
    const d = prepared.dateline;
    await Promise.all([
      job.log(`${attempt}: read as ${prepared.parsed.format}, ${prepared.body.length} characters of body`),
      job.log(`${attempt}: normalised: dateline ${d ? `${JSON.stringify(d.raw)} (${[d.city, d.country, d.date].filter(Boolean).join(', ')})` : 'none'}, agency ${prepared.agency ?? 'unknown'}, story id ${prepared.id}`),
      job.updateProgress(progress),
    ]);

    let doc;
    try {
      doc = extractStory(prepared, now);
    } catch (err) {
      return fail(err);
    }
    const t2 = performance.now();
    progress.stage = 'extracted';
    progress.timings.extractMs = ms(t1, t2);
    progress.quotes = doc.quotes.length;
    progress.entities = doc.entities.length;
    await Promise.all([
      job.log(`${attempt}: extracted ${doc.quotes.length} quotes, ${doc.entities.length} entities`),
      job.updateProgress(progress),
    ]);

    let outcome;
    try {
      outcome = await deps.indexer.index(doc);
    } catch (err) {
      const reason = reasonOf(err);
      await job.log(`${attempt}: not indexed: ${reason}`).catch(() => undefined);
      if (err instanceof WiredeskError && err.permanent) throw new UnrecoverableError(reason);
      throw new Error(reason);
    }
    const t3 = performance.now();
    progress.stage = 'indexed';
    progress.timings.indexMs = ms(t2, t3);
    const timings = { prepareMs: progress.timings.prepareMs, extractMs: progress.timings.extractMs, indexMs: progress.timings.indexMs, totalMs: ms(t0, t3) };
    await Promise.all([job.log(`${attempt}: indexed into ${deps.alias} as ${doc.id} (${outcome})`), job.updateProgress(progress)]);
    deps.logger.debug({ jobId: job.id, outcome, ...timings }, 'story indexed');
    return { id: doc.id, index: deps.alias, outcome, timings };
  };
}
