import { UnrecoverableError, type Job } from 'bullmq';
import type { BulkIndexer } from '../elastic/bulk-indexer.ts';
import { WiredeskError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { enrich } from '../pipeline.ts';
import type { StoryJobData, StoryJobResult } from './queue.ts';

export interface ProcessorDeps {
  indexer: BulkIndexer;
  alias: string;
  logger: Logger;
}

/** A reason a person can act on, with the error's class code in front. */
const reasonOf = (err: unknown) => (err instanceof WiredeskError ? `${err.code}: ${err.message}` : `internal_error: ${(err as Error).message}`);

/**
 * The story job: enrich (pure), then wait until Elasticsearch acknowledges the document.
 * Anything enrich throws is deterministic, so it fails the job at once; an unreachable or busy
 * Elasticsearch is retried with backoff; a document Elasticsearch rejects fails at once.
 */
export function createStoryProcessor(deps: ProcessorDeps) {
  return async (job: Job<StoryJobData, StoryJobResult>): Promise<StoryJobResult> => {
    const t0 = performance.now();
    let doc;
    try {
      doc = enrich(job.data);
    } catch (err) {
      deps.logger.warn({ jobId: job.id, reason: reasonOf(err) }, 'story cannot be enriched');
      throw new UnrecoverableError(reasonOf(err));
    }
    const t1 = performance.now();
    await job.updateProgress({ stage: 'extracted', quotes: doc.quotes.length, entities: doc.entities.length });
    try {
      const outcome = await deps.indexer.index(doc);
      const timings = { extractMs: Math.round((t1 - t0) * 10) / 10, indexMs: Math.round(performance.now() - t1) };
      deps.logger.debug({ jobId: job.id, outcome, ...timings }, 'story indexed');
      return { id: doc.id, index: deps.alias, outcome, timings };
    } catch (err) {
      if (err instanceof WiredeskError && err.permanent) throw new UnrecoverableError(reasonOf(err));
      throw new Error(reasonOf(err));
    }
  };
}
