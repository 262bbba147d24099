import { afterAll, describe, expect, it } from 'vitest';
import { EnrichPool } from '../../../src/enrichment/pool.ts';
import { readFeed } from '../../../src/feeds/read-feed.ts';
import { readIngestRequest } from '../../../src/ingest/request.ts';

const NOW = new Date('2024-03-03T12:00:00Z');
const story = (city: string, n: number) =>
  `${city.toUpperCase()}, March 3 (Reuters) - Story number ${n} from ${city}: the council met on Sunday and agreed the budget after a long debate.`;
const json = (v: unknown) => ({ text: JSON.stringify(v), kind: 'json' as const });

describe('reading an ingest request (the CPU part of POST /articles)', () => {
  it('prepares every article of an array, keeping each one\'s index', () => {
    const r = readIngestRequest(json([{ content: story('Bern', 1) }, { content: story('Graz', 2) }]), {}, 10, NOW);
    expect(r.kind).toBe('ready');
    if (r.kind !== 'ready') return;
    expect(r.prepared.map((p) => [p.index, p.item, p.prepared.article.content.slice(0, 4)])).toEqual([[0, null, 'BERN'], [1, null, 'GRAZ']]);
    // Only what enqueueing needs comes back from the thread: the story id, the job data, version, urgency, kill or not.
    expect(Object.keys(r.prepared[0]!.prepared).sort()).toEqual(['article', 'id', 'parsed', 'receivedAt']);
    expect(r.rejected).toEqual([]);
  });

  it('takes a raw body as one story with the query\'s format and source', () => {
    const r = readIngestRequest({ text: story('Kiel', 3), kind: 'raw' }, { format: 'text', source: 'desk' }, 10, NOW);
    expect(r.kind === 'ready' && r.prepared[0]!.prepared.article).toMatchObject({ format: 'text', source: 'desk' });
  });

  it('refuses the whole request for one bad article, naming it', () => {
    const r = readIngestRequest(json([{ content: story('Bern', 1) }, { content: '' }, 7]), {}, 10, NOW);
    expect(r).toMatchObject({ kind: 'refused', stories: 3, errors: [{ index: 1, field: 'content' }, { index: 2, field: 'article' }] });
  });

  it('tells a body that is not JSON, too many articles, and an empty array apart', () => {
    expect(readIngestRequest({ text: '{"content":', kind: 'json' }, {}, 10, NOW)).toMatchObject({ kind: 'invalid_body', message: expect.stringMatching(/not JSON/) });
    expect(readIngestRequest(json([1, 2, 3]), {}, 2, NOW)).toEqual({ kind: 'too_many', count: 3 });
    expect(readIngestRequest(json([]), {}, 2, NOW)).toEqual({ kind: 'empty' });
  });
});

/** A feed of items, each a description with a title, or (null) an item with neither title nor text. */
const rss = (items: (string | null)[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>${items
    .map((d, i) => `<item><guid>g${i}</guid>${d === null ? '<description> </description>' : `<title>Item ${i}</title><description>${d}</description>`}</item>`)
    .join('')}</channel></rss>`;

describe('reading a polled feed (the CPU part of a poll)', () => {
  it('prepares each item as an rss story from the feed, and refuses an odd one on its own', () => {
    const r = readFeed(rss([story('Bern', 1), null, story('Graz', 2)]), 'desk', NOW);
    expect(r.map((e) => [e.index, e.key, 'prepared' in e ? e.prepared.article.source : e.refused.slice(0, 12)])).toEqual([
      [0, 'g0', 'desk'],
      [1, 'g1', expect.any(String)],
      [2, 'g2', 'desk'],
    ]);
    expect('refused' in r[1]!).toBe(true);
  });

  it('throws for XML that is no feed, so the poll fails', () => {
    expect(() => readFeed('<rss><channel>', 'desk', NOW)).toThrow();
  });
});

describe('the ingest pool (read-only threads)', () => {
  const pool = new EnrichPool({ readOnly: true, threads: 1, budgetMs: 20_000 });
  afterAll(() => pool.close());

  it('reads a request on its thread to the same answer as on the calling thread', async () => {
    const body = json([{ content: story('Bern', 1) }, { content: story('Graz', 2), source: 'two' }]);
    expect(await pool.readRequest(body, {}, 10, NOW)).toEqual(readIngestRequest(body, {}, 10, NOW));
  });

  it('reads a feed on its thread to the same answer, and a broken one to the typed error', async () => {
    const xml = rss([story('Bern', 1), story('Graz', 2)]);
    expect(await pool.readFeed(xml, 'desk', NOW)).toEqual(readFeed(xml, 'desk', NOW));
    await expect(pool.readFeed('<rss><channel>', 'desk', NOW)).rejects.toMatchObject({ code: 'unreadable_article' });
  });
});
