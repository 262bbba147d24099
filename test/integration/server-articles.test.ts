import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/serve.ts';
import { sandbox, SEED, type Sandbox } from './harness.ts';
import { bearer, startTestServer, TOKENS } from './server-harness.ts';

const seed = readFileSync(SEED, 'utf8');
const story = (city: string, n: number) =>
  `${city.toUpperCase()}, Aug 26 (Reuters) - Story number ${n} from ${city}: the council met on Thursday and agreed the budget after a long debate.`;

describe('POST /articles on real Redis (serve without a worker)', () => {
  let box: Sandbox;
  let server: RunningServer;
  const post = (body: string, headers: Record<string, string> = {}, query = '') =>
    fetch(`${server.url}/articles${query}`, { method: 'POST', body, headers: { ...bearer(TOKENS.api), 'content-type': 'application/json', ...headers } });
  const backlog = async () => {
    const r = await fetch(`${server.url}/queues`, { headers: bearer(TOKENS.read) });
    const { counts } = await r.json() as any;
    return counts.waiting + counts.prioritized;
  };

  beforeAll(async () => {
    box = sandbox('srv-articles');
    server = await startTestServer(box, {}, { WIREDESK_BODY_LIMIT: '65536', WIREDESK_MAX_ARTICLES: '3' });
  });
  afterAll(async () => {
    await server?.stop();
    await box.cleanup();
  });

  it('takes one raw article and answers 202 with its job id; the same story again is a duplicate', async () => {
    const r = await post(JSON.stringify({ content: seed, source: 'seed.txt' }));
    expect(r.status).toBe(202);
    const body = await r.json() as any;
    expect(body).toMatchObject({ enqueued: 1, duplicates: 0, jobs: [{ id: expect.stringMatching(/^wd-/), status: 'enqueued' }] });
    expect(body.jobs[0].url).toBe(`/jobs/${body.jobs[0].id}`);
    const again = await (await post(JSON.stringify({ content: seed }))).json() as any;
    expect(again).toMatchObject({ enqueued: 0, duplicates: 1, jobs: [{ id: body.jobs[0].id, status: 'duplicate', state: 'prioritized' }] });
  });

  it('takes an array, and a raw body as text/plain or application/xml with ?source and ?format', async () => {
    const arr = await post(JSON.stringify([{ content: story('Paris', 1) }, { content: story('Rome', 2), source: 'wire-b' }]));
    expect(arr.status).toBe(202);
    expect((await arr.json() as any).jobs).toHaveLength(2);

    const text = await post(story('Oslo', 3), { 'content-type': 'text/plain; charset=utf-8' }, '?source=oslo.txt');
    expect(text.status).toBe(202);
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Test wire</title><item><guid>item-77</guid><title>Council agrees budget</title><description>${story('Lima', 4)}</description></item></channel></rss>`;
    const xml = await post(rss, { 'content-type': 'application/rss+xml' }, '?format=rss&source=lima-feed');
    expect(xml.status, await xml.clone().text()).toBe(202);
  });

  it('refuses a request with a bad article with 400 and field-level messages, enqueueing none of it', async () => {
    const before = await backlog();
    const r = await post(JSON.stringify([{ content: story('Kyiv', 5) }, { content: '   ' }, { content: story('Riga', 6), format: 'telex' }]));
    expect(r.status).toBe(400);
    const body = await r.json() as any;
    expect(body.error).toBe('invalid_article');
    expect(body.errors).toEqual([
      { index: 1, field: 'content', message: 'is empty' },
      { index: 2, field: 'format', message: expect.stringContaining('expected one of') },
    ]);
    expect(body.message).toContain('[1].content: is empty');
    expect(await backlog()).toBe(before);
  });

  it('refuses exactly what the CLI refuses: binary content, unknown fields, a body that is not JSON', async () => {
    const binary = await (await post(JSON.stringify({ content: 'x\u0000y' }))).json() as any;
    expect(binary).toMatchObject({ error: 'invalid_article', errors: [{ index: null, field: 'content', message: expect.stringContaining('binary file') }] });
    const unknown = await (await post(JSON.stringify({ content: story('Bonn', 7), headline: 'x' }))).json() as any;
    expect(unknown.errors).toEqual([{ index: null, field: 'headline', message: expect.stringContaining('unknown field') }]);
    const broken = await post('{"content": "half');
    expect(broken.status).toBe(400);
    expect((await broken.json() as any).message).toMatch(/not JSON/);
    const date = await (await post(JSON.stringify({ content: story('Bern', 8), receivedAt: 'yesterday' }))).json() as any;
    expect(date.errors[0]).toMatchObject({ field: 'receivedAt', message: expect.stringContaining('ISO date-time') });
  });

  it('answers 401 without or with a wrong token, 403 for a token without the ingest scope', async () => {
    const none = await fetch(`${server.url}/articles`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await none.json() as any).message).toMatch(/Authorization: Bearer/);
    expect((await post('{}', bearer('api-token-0123456789abcdeX'))).status).toBe(401);
    // Basic (browser) credentials open the dashboard only: a browser would resend them for any site.
    expect((await post('{}', { authorization: `Basic ${Buffer.from(`x:${TOKENS.api}`).toString('base64')}`, origin: 'https://evil.example' })).status).toBe(401);
    const read = await post(JSON.stringify({ content: story('Kiel', 9) }), bearer(TOKENS.read));
    expect(read.status).toBe(403);
    expect((await read.json() as any).message).toMatch(/ingest scope/);
  });

  it('answers 413 over the body limit or the article limit, and 415 for other media types', async () => {
    const big = await post(JSON.stringify({ content: 'a'.repeat(70_000) }));
    expect(big.status).toBe(413);
    expect(await big.json() as any).toMatchObject({ error: 'body_too_large', message: expect.stringContaining('65536 bytes') });
    const many = await post(JSON.stringify([1, 2, 3, 4].map((n) => ({ content: story('Graz', n) }))));
    expect(many.status).toBe(413);
    expect((await many.json() as any).message).toMatch(/4 articles in one request, over the limit of 3/);
    const form = await post('a=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect((await form.json() as any).error).toBe('unsupported_media_type');
  });
});

describe('429 from POST /articles', () => {
  let box: Sandbox;
  afterAll(async () => box?.cleanup());

  it('over the per-token rate limit, with Retry-After', async () => {
    box = sandbox('srv-429');
    const server = await startTestServer(box, {}, { WIREDESK_RATE_LIMIT: '3' });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) {
        const r = await fetch(`${server.url}/queues`, { headers: bearer(TOKENS.read) });
        statuses.push(r.status);
        if (r.status === 429) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      // Another token has its own budget.
      expect((await fetch(`${server.url}/queues`, { headers: bearer(TOKENS.admin) })).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('when the backlog is over its limit (back-pressure), enqueueing nothing', async () => {
    const server = await startTestServer(box, {}, { WIREDESK_MAX_BACKLOG: '2' });
    try {
      const post = (body: unknown) =>
        fetch(`${server.url}/articles`, { method: 'POST', body: JSON.stringify(body), headers: { ...bearer(TOKENS.api), 'content-type': 'application/json' } });
      expect((await post([{ content: story('Nice', 1) }, { content: story('Metz', 2) }])).status).toBe(202);
      const over = await post({ content: story('Lyon', 3) });
      expect(over.status).toBe(429);
      expect(over.headers.get('retry-after')).toBe('30');
      expect((await over.json() as any).message).toMatch(/2 stories are waiting, over the backlog limit of 2/);
    } finally {
      await server.stop();
    }
  });
});
