import type { Client } from '@elastic/elasticsearch';
import { describe, expect, it } from 'vitest';
import type { StoryDocument } from '../../../src/article/story.ts';
import { BulkIndexer, type CompanionOperation } from '../../../src/elastic/bulk-indexer.ts';
import { DocumentRejectedError } from '../../../src/errors.ts';

// A narrow stand-in for the client's `bulk` call: how a story's items and its companions' are
// read from one response. The real path runs in test/integration/reprocess-guards.test.ts.
type Item = { status: number; result?: string; error?: { type: string; reason: string } };
function fakeClient(responses: Item[][]) {
  const sent: string[][] = [];
  const client = {
    bulk: async ({ operations }: { operations: string[] }) => {
      sent.push(operations.flatMap((o) => o.split('\n')));
      const next = responses.shift();
      if (!next) throw new Error('no more responses');
      return { errors: next.some((i) => i.status >= 300), items: next.map((i) => ({ index: i })) };
    },
  } as unknown as Client;
  return { client, sent };
}
const doc = (id: string) => ({ id, version: 1, entities: [], quotes: [] }) as unknown as StoryDocument;
const raw = (id: string): CompanionOperation => ({ action: { index: { _index: 'a-raw', _id: id } }, document: { storyId: id } });
const opts = { alias: 'a', maxDocs: 10, maxBytes: 1_000_000, flushMs: 5, baseDelayMs: 1 };
const ok: Item = { status: 201, result: 'created' };
const conflict: Item = { status: 409, error: { type: 'version_conflict_engine_exception', reason: 'current version [2000] is higher' } };

describe('a story document with its companion operations', () => {
  it('sends them right after the document, in the same request, and reads each story its own items', async () => {
    const { client, sent } = fakeClient([[ok, ok, conflict, conflict]]);
    const indexer = new BulkIndexer({ client, ...opts, writers: 2 });
    expect(await Promise.all([indexer.index(doc('x'), [raw('x')]), indexer.index(doc('y'), [raw('y')])])).toEqual(['created', 'stale']);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.map((l) => JSON.parse(l) as Record<string, { _id?: string }>).map((l) => Object.keys(l)[0] === 'index' ? `${l.index!._id}` : 'source')).toEqual(['x', 'source', 'x', 'source', 'y', 'source', 'y', 'source']);
  });

  it('sends the document and its companions again when a companion failed for now, and settles once both went in', async () => {
    const { client, sent } = fakeClient([[ok, { status: 403, error: { type: 'cluster_block_exception', reason: 'index [a-raw] blocked' } }], [{ status: 200, result: 'updated' }, ok]]);
    const indexer = new BulkIndexer({ client, ...opts });
    expect(await indexer.index(doc('x'), [raw('x')])).toBe('updated');
    expect(sent.map((s) => s.length)).toEqual([4, 4]);
  });

  it('fails the story when a companion is refused for good, though the document went in', async () => {
    const { client } = fakeClient([[ok, { status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad raw record' } }]]);
    const indexer = new BulkIndexer({ client, ...opts });
    await expect(indexer.index(doc('x'), [raw('x')])).rejects.toThrow(new DocumentRejectedError('Elasticsearch rejected an operation tied to the story (mapper_parsing_exception: bad raw record)'));
  });
});
