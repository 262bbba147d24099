import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import type { StoryDocument } from '../../../src/article/story.ts';
import type { BulkIndexer } from '../../../src/elastic/bulk-indexer.ts';
import type { EnrichPool } from '../../../src/enrichment/pool.ts';
import { createLogger } from '../../../src/logger.ts';
import { enrich, extractStory, prepare } from '../../../src/pipeline.ts';
import { createStoryProcessor } from '../../../src/queue/processor.ts';
import type { StoryJobData, StoryJobResult } from '../../../src/queue/queue.ts';
import { applyCorrections, correctionFor } from '../../../src/review/corrections.ts';

const RAW = { content: 'OSLO, March 3 (Reuters) - Talks resume on Friday. "Nobody wins a long strike," a statement read.', receivedAt: '2026-03-03T08:00:00Z' };
const now = () => new Date('2026-03-03T09:00:00Z');

/** The processor with the stages run in this thread and an indexer that records what it is given. */
function processorWith(applyCorrectionsHook: (doc: StoryDocument) => Promise<StoryDocument>) {
  const indexed: StoryDocument[] = [];
  const pool = { prepare: async (data: StoryJobData, at: Date) => ({ ok: true, prepared: prepare(data, at) }), extract: async (p: ReturnType<typeof prepare>, at: Date) => extractStory(p, at) } as unknown as EnrichPool;
  const indexer = { index: async (doc: StoryDocument) => (indexed.push(doc), 'created') } as unknown as BulkIndexer;
  const run = createStoryProcessor({ pool, indexer, findStory: async () => null, outageWindowMs: 60_000, backoffMs: 10, alias: 'unit', logger: createLogger({ logLevel: 'silent', logFormat: 'json' }), applyCorrections: applyCorrectionsHook });
  const job = { id: 'j', data: RAW, progress: 0, attemptsMade: 0, log: async () => 0, updateProgress: async () => undefined } as unknown as Job<StoryJobData, StoryJobResult>;
  return { indexed, run: () => run(job) };
}

describe('the processor lays editors\u2019 corrections over the finished document', () => {
  it('indexes the corrected document', async () => {
    const doc = enrich(RAW, { now });
    const c = correctionFor(doc, 0, { speaker: 'Ingrid Moe', by: 'desk', at: now() });
    const { indexed, run } = processorWith(async (d) => applyCorrections(d, [c]));
    await run();
    expect(indexed[0]!.quotes[0]).toMatchObject({ speaker: { name: 'Ingrid Moe' }, how: 'editor', correctedBy: 'desk' });
  });

  it('retries the job, indexing nothing, when the corrections cannot be read', async () => {
    const { indexed, run } = processorWith(async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:9200');
    });
    await expect(run()).rejects.toThrow(/ECONNREFUSED/);
    expect(indexed).toEqual([]);
  });
});
