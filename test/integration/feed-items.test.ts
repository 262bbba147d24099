import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/serve.ts';
import { createRedis } from '../../src/queue/connection.ts';
import { createStoryQueue } from '../../src/queue/queue.ts';
import { sandbox, wiredesk, type Sandbox } from './harness.ts';
import { bearer, startTestServer, TOKENS } from './server-harness.ts';

/** 30 items of made-up wire copy; item 17 has a guid and a date but no title and no text. */
const FEED_FILE = fileURLToPath(new URL('../fixtures/items/wire-30.xml', import.meta.url));
const FEED = readFileSync(FEED_FILE, 'utf8');
const ODD = expect.stringContaining('neither <description> nor <content:encoded>, nor a <title>');

async function pendingJobs(box: Sandbox) {
  const connection = createRedis(box.config, 'producer');
  const queue = createStoryQueue(box.config, connection);
  try {
    return await queue.getJobs(['waiting', 'prioritized']);
  } finally {
    await queue.close();
    await connection.quit();
  }
}

describe('`wiredesk ingest` of a feed with one odd item', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = sandbox('items-ingest');
  });
  afterAll(async () => box.cleanup());

  it('enqueues the 29 readable items and reports the odd one with file, item index and reason', async () => {
    const run = await wiredesk(box, ['ingest', '--json', FEED_FILE]);
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toEqual({ enqueued: 29, duplicates: 0, rejected: [{ where: `${FEED_FILE} item 17`, item: 17, reason: ODD }] });
    const jobs = await pendingJobs(box);
    expect(jobs).toHaveLength(29);
    expect(new Set(jobs.map((j) => j.data.format))).toEqual(new Set(['rss']));
    expect(jobs.every((j) => j.data.source === 'wire-30.xml' && (j.data.content.match(/<item>/g) ?? []).length === 1)).toBe(true);

    const again = await wiredesk(box, ['ingest', FEED_FILE]);
    expect(again.stdout).toMatch(/^enqueued 0, duplicates 29, rejected 1$/m);
    expect(again.stdout).toMatch(/rejected .*wire-30\.xml item 17: RSS: an <item> has neither/);
  });

  it('gives 29 story documents once a worker has run', async () => {
    const worker = await wiredesk(box, ['worker', '--exit-when-drained']);
    expect(worker.code, worker.stderr).toBe(0);
    expect(worker.stdout).toContain('29 completed, 0 failed');
    const docs = await box.indexed();
    expect(docs).toHaveLength(29);
    expect(new Set(docs.map((d) => d.dateline?.city)).size).toBe(29);
    expect(docs.every((d) => d.source.format === 'rss' && d.agency !== null && d.body.length > 50)).toBe(true);
  });
});

describe('POST /articles with a feed', () => {
  let box: Sandbox;
  let server: RunningServer;
  const post = (body: string, type = 'application/json') =>
    fetch(`${server.url}/articles`, { method: 'POST', body, headers: { ...bearer(TOKENS.api), 'content-type': type } });

  beforeAll(async () => {
    box = sandbox('items-http');
    server = await startTestServer(box, {}, { WIREDESK_MAX_ARTICLES: '40' });
  });
  afterAll(async () => {
    await server?.stop();
    await box.cleanup();
  });

  it('accepts the feed item by item: 29 jobs and the odd item in rejected (202)', async () => {
    const r = await post(FEED, 'application/rss+xml');
    expect(r.status).toBe(202);
    const body = (await r.json()) as any;
    expect(body).toMatchObject({ enqueued: 29, duplicates: 0, rejected: [{ index: null, item: 17, field: 'content', message: ODD }] });
    expect(body.jobs.map((j: any) => j.item)).toEqual([...Array(30).keys()].filter((i) => i !== 17));
    expect(body.jobs[0]).toEqual({ id: expect.stringMatching(/^wd-/), status: 'enqueued', item: 0, url: `/jobs/${body.jobs[0].id}` });
    expect(await pendingJobs(box)).toHaveLength(29);

    // The same feed as a raw article's content, with an ordinary story beside it: indexes say which article, items which item.
    const story = { content: 'LEEDS, March 14 (Reuters) - The council in Leeds agreed its budget on Tuesday after a long debate.', source: 'leeds' };
    const array = await post(JSON.stringify([story, { content: FEED, source: 'meridian' }]));
    expect(array.status).toBe(202);
    const both = (await array.json()) as any;
    expect(both).toMatchObject({ enqueued: 1, duplicates: 29, rejected: [{ index: 1, item: 17, message: ODD }] });
    expect(both.jobs[0]).toMatchObject({ index: 0, status: 'enqueued' });
    expect(both.jobs[0].item).toBeUndefined();
    expect(both.jobs[1]).toMatchObject({ index: 1, item: 0, status: 'duplicate' });
  });

  it('takes a ninjs array sent as JSON item by item', async () => {
    const ninjs = (n: number, city: string) => ({
      uri: `urn:example:items-http:${n}`,
      headline: `Port of ${city} extends opening hours`,
      body_text: `${city.toUpperCase()}, March 14 (Reuters) - The port of ${city} will stay open two hours longer each day from April, its operator said on Tuesday.`,
    });
    const r = await post(JSON.stringify([ninjs(1, 'Gdansk'), { uri: 'urn:example:items-http:2' }, ninjs(3, 'Rijeka')]));
    expect(r.status).toBe(202);
    const body = (await r.json()) as any;
    expect(body.jobs.map((j: any) => [j.item, j.status])).toEqual([
      [0, 'enqueued'],
      [2, 'enqueued'],
    ]);
    expect(body.rejected).toEqual([{ index: null, item: 1, field: 'content', message: expect.stringContaining('no body') }]);
  });

  it('refuses a feed none of whose items can be read (400), and counts items towards the article limit (413)', async () => {
    const empty = (n: number) => `<item><guid>odd-${n}</guid></item>`;
    const r = await post(`<rss version="2.0"><channel><title>Odd wire</title>${empty(1)}${empty(2)}</channel></rss>`, 'application/xml');
    expect(r.status).toBe(400);
    const body = (await r.json()) as any;
    expect(body.errors).toEqual([
      { index: null, item: 0, field: 'content', message: ODD },
      { index: null, item: 1, field: 'content', message: ODD },
    ]);
    expect(body.message).toContain('item 1: content: RSS: an <item>');
    const many = await post(JSON.stringify([{ content: FEED }, { content: FEED }]));
    expect(many.status).toBe(413);
    expect(((await many.json()) as any).message).toMatch(/60 articles in one request, over the limit of 40/);
  });
});
