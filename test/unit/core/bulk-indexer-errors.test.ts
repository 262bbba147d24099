import { errors, type Client } from '@elastic/elasticsearch';
import { describe, expect, it } from 'vitest';
import type { StoryDocument } from '../../../src/article/story.ts';
import { BulkIndexer } from '../../../src/elastic/bulk-indexer.ts';
import { DocumentRejectedError, ServiceUnavailableError } from '../../../src/errors.ts';

// A narrow stand-in for the client's `bulk` call, to pin down how item errors are handled. The
// same paths run against the real Elasticsearch in test/integration/bulk-indexer.test.ts.
type Item = { status: number; result?: string; error?: { type: string; reason: string } };
function fakeClient(responses: (Item[] | Error)[]) {
  const calls: number[] = [];
  const client = {
    bulk: async ({ operations }: { operations: string[] }) => {
      calls.push(operations.length);
      const next = responses.shift();
      if (!next) throw new Error('no more responses');
      if (next instanceof Error) throw next;
      return { errors: next.some((i) => i.status >= 300), items: next.map((i) => ({ index: i })) };
    },
  } as unknown as Client;
  return { client, calls };
}
const doc = (id: string) => ({ id, version: 1, entities: [], quotes: [] }) as unknown as StoryDocument;
const opts = { alias: 'a', maxDocs: 10, maxBytes: 1_000_000, flushMs: 5, baseDelayMs: 1 };

describe('bulk indexer item handling', () => {
  it('retries a 429 item until it goes in, settling the others at once', async () => {
    const { client, calls } = fakeClient([
      [{ status: 201, result: 'created' }, { status: 429, error: { type: 'es_rejected_execution_exception', reason: 'queue full' } }],
      [{ status: 201, result: 'created' }],
    ]);
    const indexer = new BulkIndexer({ client, ...opts });
    expect(await Promise.all([indexer.index(doc('a')), indexer.index(doc('b'))])).toEqual(['created', 'created']);
    expect(calls).toEqual([2, 1]);
  });

  it('gives up on a transient failure after its attempts, as retryable', async () => {
    const busy = { status: 503, error: { type: 'unavailable_shards_exception', reason: 'primary shard is not active' } };
    const { client } = fakeClient([[busy], [busy], [busy]]);
    const indexer = new BulkIndexer({ client, ...opts, attempts: 3 });
    const err = await indexer.index(doc('a')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect((err as Error).message).toMatch(/unavailable_shards_exception.*gave up after 3 attempts/);
  });

  it('rejects a mapping error for good, with Elasticsearch’s reason', async () => {
    const { client } = fakeClient([[{ status: 400, error: { type: 'document_parsing_exception', reason: 'failed to parse field [wordCount]' } }]]);
    const indexer = new BulkIndexer({ client, ...opts });
    await expect(indexer.index(doc('a'))).rejects.toThrow(new DocumentRejectedError('Elasticsearch rejected the story document (document_parsing_exception: failed to parse field [wordCount])'));
  });

  it('retries the whole batch when Elasticsearch cannot be reached', async () => {
    const { client, calls } = fakeClient([new Error('connect ECONNREFUSED'), [{ status: 200, result: 'updated' }]]);
    const indexer = new BulkIndexer({ client, ...opts });
    expect(await indexer.index(doc('a'))).toBe('updated');
    expect(calls).toEqual([1, 1]);
  });

  it('takes the client\'s own no-answer errors (status 0, a refused connection, a timeout) for an outage, never a refusal', async () => {
    const refused = Object.assign(new errors.ConnectionError('connect ECONNREFUSED 127.0.0.1:9200'), { meta: { statusCode: 0 } });
    const timedOut = new errors.TimeoutError('Request timed out');
    const { client, calls } = fakeClient([refused, timedOut, [{ status: 200, result: 'updated' }]]);
    const indexer = new BulkIndexer({ client, ...opts });
    expect(await indexer.index(doc('a'))).toBe('updated');
    expect(calls).toEqual([1, 1, 1]);
  });

  it('gives up on an unreachable cluster with a retryable error, not a rejection', async () => {
    const refused = () => Object.assign(new errors.ConnectionError('connect ECONNREFUSED'), { meta: { statusCode: 0 } });
    const { client } = fakeClient([refused(), refused(), refused()]);
    const indexer = new BulkIndexer({ client, ...opts, attempts: 3 });
    await expect(indexer.index(doc('a'))).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it('retries refused credentials (an operator rotates the key) instead of failing every story for good', async () => {
    const refused = Object.assign(new Error('security_exception'), { meta: { statusCode: 401 } });
    const { client, calls } = fakeClient([refused, [{ status: 201, result: 'created' }]]);
    const indexer = new BulkIndexer({ client, ...opts });
    expect(await indexer.index(doc('a'))).toBe('created');
    expect(calls).toEqual([1, 1]);
  });

  it('splits a batch Elasticsearch finds too large (413) and sends the halves', async () => {
    const tooLarge = Object.assign(new Error('content too long'), { meta: { statusCode: 413 } });
    const ok = (n: number) => Array(n).fill({ status: 201, result: 'created' });
    const { client, calls } = fakeClient([tooLarge, ok(2), ok(2)]);
    const indexer = new BulkIndexer({ client, ...opts, maxDocs: 4 });
    expect(await Promise.all(['a', 'b', 'c', 'd'].map((id) => indexer.index(doc(id))))).toEqual(Array(4).fill('created'));
    expect(calls).toEqual([4, 2, 2]);
  });

  it('makes callers wait while its buffer is full', async () => {
    const { client, calls } = fakeClient([Array(2).fill({ status: 201, result: 'created' }), Array(2).fill({ status: 201, result: 'created' })]);
    const indexer = new BulkIndexer({ client, ...opts, maxDocs: 2, maxBuffered: 2 });
    const all = Promise.all(['a', 'b', 'c', 'd'].map((id) => indexer.index(doc(id))));
    expect(indexer.size).toBeLessThanOrEqual(2);
    await all;
    expect(calls).toEqual([2, 2]);
  });

  it('flushes without waiting for the timer once every writer is waiting', async () => {
    const { client, calls } = fakeClient([Array(3).fill({ status: 201, result: 'created' })]);
    const indexer = new BulkIndexer({ client, ...opts, flushMs: 60_000, writers: 3 });
    const started = Date.now();
    await Promise.all(['a', 'b', 'c'].map((id) => indexer.index(doc(id))));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(calls).toEqual([3]);
  });

  it('keeps up to `requests` _bulk requests under way at once, and no more', async () => {
    let open = 0;
    let most = 0;
    const calls: number[] = [];
    const client = {
      bulk: async ({ operations }: { operations: string[] }) => {
        calls.push(operations.length);
        most = Math.max(most, ++open);
        await new Promise((r) => setTimeout(r, 20));
        open -= 1;
        return { errors: false, items: operations.map(() => ({ index: { status: 201, result: 'created' } })) };
      },
    } as unknown as Client;
    const indexer = new BulkIndexer({ client, ...opts, maxDocs: 2, requests: 2 });
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    expect(await Promise.all(ids.map((id) => indexer.index(doc(id))))).toEqual(ids.map(() => 'created'));
    expect(most).toBe(2);
    expect(calls).toEqual([2, 2, 2, 2]);
  });

  it('refuses documents once closed', async () => {
    const indexer = new BulkIndexer({ client: fakeClient([]).client, ...opts });
    await indexer.close();
    await expect(indexer.index(doc('a'))).rejects.toBeInstanceOf(ServiceUnavailableError);
  });
});
