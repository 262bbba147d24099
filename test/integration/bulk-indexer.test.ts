import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoryDocument } from '../../src/article/story.ts';
import { BulkIndexer } from '../../src/elastic/bulk-indexer.ts';
import { createEsClient } from '../../src/elastic/client.ts';
import { ensureIndex } from '../../src/elastic/setup.ts';
import { loadTemplateFile } from '../../src/elastic/template.ts';
import { DocumentRejectedError } from '../../src/errors.ts';
import { enrich } from '../../src/pipeline.ts';
import { sandbox, SEED, type Sandbox } from './harness.ts';

describe('the bulk indexer against Elasticsearch', () => {
  let box: Sandbox;
  let es: ReturnType<typeof createEsClient>;
  const seed = enrich({ content: readFileSync(SEED, 'utf8') });
  const copy = (n: number, patch: Partial<StoryDocument> = {}): StoryDocument => ({ ...seed, id: `wd-copy-${n}`, ...patch });

  beforeAll(async () => {
    box = sandbox('bulk');
    es = createEsClient(box.config);
    await ensureIndex(es, box.config.index);
  });
  afterAll(async () => {
    await es.close();
    await box.cleanup();
  });

  it('batches documents from many callers into few _bulk requests and acknowledges each', async () => {
    const flushes: number[] = [];
    const indexer = new BulkIndexer({ client: es, alias: box.config.index, maxDocs: 50, maxBytes: 5_000_000, flushMs: 100, onFlush: (s) => flushes.push(s.docs) });
    const outcomes = await Promise.all(Array.from({ length: 120 }, (_, i) => indexer.index(copy(i))));
    await indexer.close();
    expect(outcomes.every((o) => o === 'created')).toBe(true);
    expect(flushes.reduce((a, b) => a + b, 0)).toBe(120);
    expect(flushes.length).toBeLessThanOrEqual(4);
    expect(Math.max(...flushes)).toBe(50);
  });

  it('fails only the document Elasticsearch rejects, with its reason; the rest of the batch goes in', async () => {
    const indexer = new BulkIndexer({ client: es, alias: box.config.index, maxDocs: 10, maxBytes: 5_000_000, flushMs: 50 });
    const bad = { ...copy(1000), wordCount: 'many' } as unknown as StoryDocument;
    const results = await Promise.allSettled([indexer.index(copy(1001)), indexer.index(bad), indexer.index(copy(1002))]);
    await indexer.close();
    expect(results[0]).toEqual({ status: 'fulfilled', value: 'created' });
    expect(results[2]).toEqual({ status: 'fulfilled', value: 'created' });
    expect(results[1]!.status).toBe('rejected');
    const reason = (results[1] as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(DocumentRejectedError);
    expect(reason.message).toMatch(/document_parsing_exception|mapper_parsing_exception/);
  });

  it('treats an older version as a harmless no-op, and a newer one as a replacement', async () => {
    const indexer = new BulkIndexer({ client: es, alias: box.config.index, maxDocs: 10, maxBytes: 5_000_000, flushMs: 20 });
    expect(await indexer.index(copy(2000, { version: 3, headline: 'third' }))).toBe('created');
    expect(await indexer.index(copy(2000, { version: 2, headline: 'second' }))).toBe('stale');
    expect(await indexer.index(copy(2000, { version: 4, headline: 'fourth' }))).toBe('updated');
    await indexer.close();
    const doc = await es.get<StoryDocument>({ index: box.config.index, id: 'wd-copy-2000' });
    expect(doc._source?.headline).toBe('fourth');
  });

  it('sets up idempotently: a second run creates nothing', async () => {
    const again = await ensureIndex(es, box.config.index);
    expect(again).toMatchObject({ created: false, index: `${box.config.index}-v${loadTemplateFile().version}` });
  });
});
