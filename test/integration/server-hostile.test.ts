import { Writable } from 'node:stream';
import { Queue } from 'bullmq';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/queue/connection.ts';
import { startServer, type RunningServer } from '../../src/server/serve.ts';
import { sandbox, wiredesk, type Sandbox } from './harness.ts';
import { bearer, serverConfig, startTestServer, TOKENS } from './server-harness.ts';

const story = (city: string, n: number) =>
  `${city.toUpperCase()}, Aug 26 (Reuters) - Story number ${n} from ${city}: the council met on Thursday and agreed the budget after a long debate.`;

/** Every error answer has the documented shape: a code and a message, nothing echoed at length. */
async function expectErrorShape(r: Response, status: number, maxMessage = 400): Promise<{ error: string; message: string; errors?: unknown[] }> {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await r.json()) as { error: string; message: string; errors?: unknown[] };
  expect(typeof body.error).toBe('string');
  expect(typeof body.message).toBe('string');
  expect(body.message.length).toBeLessThanOrEqual(maxMessage);
  return body;
}

describe('hostile input at the HTTP door, on real Redis (serve without a worker)', () => {
  let box: Sandbox;
  let server: RunningServer;
  let log = '';
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/articles`, { method: 'POST', body, headers: { ...bearer(TOKENS.api), 'content-type': 'application/json', ...headers } });

  beforeAll(async () => {
    box = sandbox('srv-hostile');
    // The real request log, at info level, into a string the tests read.
    const sink = new Writable({ write: (chunk, _enc, done) => ((log += chunk.toString()), done()) });
    server = await startServer(serverConfig(box), pino({ level: 'info' }, sink), { port: 0 });
  });
  afterAll(async () => {
    await server?.stop();
    await box.cleanup();
  });

  it('never writes a token given in the query string to the request log', async () => {
    const secrets = ['s3cret-query-token-1', 's3cret-query-token-2', 's3cret-query-token-3'];
    const r = await fetch(`${server.url}/queues?token=${secrets[0]}&access_token=${secrets[1]}&API_KEY=${secrets[2]}&size=5`);
    expect(r.status).toBe(401);
    // A good token in the query string is refused as well (tokens travel in the Authorization header).
    expect((await fetch(`${server.url}/queues?access_token=${TOKENS.read}`)).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = log.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string; req?: { url: string; route?: string } });
    const incoming = lines.filter((l) => l.msg === 'incoming request' && l.req?.url.startsWith('/queues'));
    expect(incoming.length).toBe(2);
    expect(incoming[0]!.req).toMatchObject({ url: '/queues?token=[redacted]&access_token=[redacted]&API_KEY=[redacted]&size=5', route: '/queues' });
    for (const secret of [...secrets, TOKENS.read]) expect(log).not.toContain(secret);
  });

  it('refuses JSON that is not an object or an array: null, 0, true, "str"', async () => {
    for (const body of ['null', '0', 'true', '"str"']) {
      const answer = await expectErrorShape(await post(body), 400);
      expect(answer.error).toBe('invalid_body');
      expect(answer.message).toMatch(/not a raw article/);
    }
    // Nothing was enqueued.
    const counts = (await (await fetch(`${server.url}/queues`, { headers: bearer(TOKENS.read) })).json()) as { counts: Record<string, number> };
    expect(Object.values(counts.counts).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('refuses content of only invisible characters, as JSON and as a plain story', async () => {
    const json = await expectErrorShape(await post(JSON.stringify({ content: '\u200b\u200b\u2060\ufeff' })), 400);
    expect(json.errors).toEqual([{ index: null, field: 'content', message: expect.stringContaining('no visible characters') }]);
    const text = await expectErrorShape(await post('\u200b \u200b\n', { 'content-type': 'text/plain' }), 400);
    expect(text.error).toBe('invalid_article');
  });

  it('caps the message of a story with 100,000 unclosed tags, and of a field name a megabyte long', async () => {
    const nitf = `<nitf><body>${'<p>'.repeat(100_000)}`;
    const r = await post(nitf, { 'content-type': 'application/xml' });
    const raw = await r.clone().text();
    expect(raw.length).toBeLessThan(2000);
    const answer = await expectErrorShape(r, 400, 1200);
    expect(answer.message).toMatch(/never closed/);
    expect(JSON.stringify(answer.errors)).toMatch(/more characters\)/);
    const longKey = await post(JSON.stringify({ content: story('Oslo', 1), ['k'.repeat(1_000_000)]: 1 }));
    expect((await longKey.clone().text()).length).toBeLessThan(2000);
    await expectErrorShape(longKey, 400);
  });

  it('answers 414, 431 and 404 in the {error, message} shape without echoing the input', async () => {
    const longId = 'x'.repeat(2000);
    const tooLong = await expectErrorShape(await fetch(`${server.url}/jobs/${longId}`, { headers: bearer(TOKENS.read) }), 414);
    expect(tooLong.error).toBe('uri_too_long');
    expect(tooLong.message).not.toContain('xxxxxxxxxx');
    const huge = await expectErrorShape(await fetch(`${server.url}/search?q=${'y'.repeat(20_000)}`, { headers: bearer(TOKENS.read) }), 431);
    expect(huge.error).toBe('headers_too_large');
    expect(huge.message).not.toContain('yyyyyyyyyy');
    const missing = await expectErrorShape(await fetch(`${server.url}/${'z'.repeat(5000)}`), 404, 200);
    expect(missing.error).toBe('not_found');
  });
});

describe('the rate limit is shared by every serve process (Redis store)', () => {
  let box: Sandbox;
  afterAll(async () => box?.cleanup());

  it('counts one budget per token across two servers', async () => {
    box = sandbox('srv-ratelimit');
    const a = await startTestServer(box, {}, { WIREDESK_RATE_LIMIT: '3' });
    const b = await startTestServer(box, {}, { WIREDESK_RATE_LIMIT: '3' });
    try {
      const statuses = [];
      for (const server of [a, b, a, b, a]) {
        const r = await fetch(`${server.url}/queues`, { headers: bearer(TOKENS.read) });
        statuses.push(r.status);
        if (r.status === 429) {
          expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
          expect(await r.json()).toMatchObject({ error: 'rate_limited', message: expect.stringMatching(/over 3 requests a minute for the read token/) });
        }
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      // Another token has its own budget; requests without a good token are not counted.
      expect((await fetch(`${b.url}/queues`, { headers: bearer(TOKENS.admin) })).status).toBe(200);
      expect((await fetch(`${b.url}/healthz`)).status).toBe(200);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});

describe('jobs added by producers outside wiredesk', () => {
  let box: Sandbox;
  let server: RunningServer;
  let queue: Queue;
  let connection: ReturnType<typeof createRedis>;
  let numericId: string;

  beforeAll(async () => {
    box = sandbox('srv-foreign');
    connection = createRedis(box.config, 'producer');
    // Plain BullMQ, as another service would write it: its own job name and id, or none.
    queue = new Queue(box.config.queueName, { connection, prefix: box.config.queuePrefix });
    await queue.add('wire', { content: story('Quito', 1), source: 'mine' }, { jobId: 'mine-1' });
    numericId = (await queue.add('wire', { content: story('Lima', 2) })).id!;
    server = await startTestServer(box);
  });
  afterAll(async () => {
    await server?.stop();
    await queue?.close();
    await connection?.quit();
    await box?.cleanup();
  });

  it('GET /jobs/:id and `wiredesk job` find any job of the queue, and no BullMQ bookkeeping key', async () => {
    const get = (id: string) => fetch(`${server.url}/jobs/${encodeURIComponent(id)}`, { headers: bearer(TOKENS.read) });
    const mine = await get('mine-1');
    expect(mine.status).toBe(200);
    expect(await mine.json()).toMatchObject({ id: 'mine-1', state: 'waiting', source: 'mine' });
    expect(numericId).toMatch(/^\d+$/);
    expect((await get(numericId)).status).toBe(200);
    for (const bookkeeping of ['meta', 'events', 'id', 'wait', 'stalled-check']) expect((await get(bookkeeping)).status).toBe(404);

    const cli = await wiredesk(box, ['job', 'mine-1', '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ id: 'mine-1', state: 'waiting' });
    const none = await wiredesk(box, ['job', 'meta']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no job meta/);
  });
});

describe('`wiredesk ingest -` reads stdin the way extract and POST /articles do', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = sandbox('ingest-stdin');
  });
  afterAll(async () => box?.cleanup());

  it('takes a plain story, raw-article JSON lines, and --jsonl; refuses invisible content', async () => {
    const plain = await wiredesk(box, ['ingest', '--json', '-'], 'WASHINGTON (AP) — The Senate voted on Tuesday to keep the budget talks open for another week.\n');
    expect(plain.code, plain.stderr).toBe(0);
    expect(JSON.parse(plain.stdout)).toMatchObject({ enqueued: 1, rejected: [] });

    const lines = [JSON.stringify({ content: story('Bern', 1) }), '', JSON.stringify({ content: story('Bonn', 2), source: 'two' })].join('\r\n');
    const jsonl = await wiredesk(box, ['ingest', '--json', '-'], lines);
    expect(JSON.parse(jsonl.stdout)).toMatchObject({ enqueued: 2, rejected: [] });

    // --jsonl: a bad line is refused on its own, the others are taken.
    const said = await wiredesk(box, ['ingest', '--json', '--jsonl', '-'], `${JSON.stringify({ content: story('Graz', 3) })}\nnot json\n`);
    expect(said.code).toBe(1);
    expect(JSON.parse(said.stdout)).toMatchObject({ enqueued: 1, rejected: [{ where: 'stdin:2', reason: expect.stringContaining('not a JSON line') }] });

    const blank = await wiredesk(box, ['ingest', '--json', '-'], '\u200b\u200b\n');
    expect(blank.code).toBe(1);
    expect(JSON.parse(blank.stdout).rejected[0].reason).toMatch(/invisible/);
  });
});

describe('POST /articles reads its body on a thread, under the extraction budget', () => {
  let box: Sandbox;
  let server: RunningServer;
  beforeAll(async () => {
    box = sandbox('srv-read-budget');
    // A budget far below what reading four megabytes of copy takes (~0.3 s on this machine).
    server = await startTestServer(box, {}, { WIREDESK_EXTRACT_BUDGET_MS: '40', WIREDESK_BODY_LIMIT: String(8 * 1024 * 1024) });
  });
  afterAll(async () => {
    await server?.stop();
    await box.cleanup();
  });

  it('refuses a request it cannot read within the budget with 413, enqueues nothing, and goes on answering', async () => {
    let huge = '';
    for (let n = 0; huge.length < 4 * 1024 * 1024; n++) huge += `${story('Oslo', n)}\n\n`;
    const post = (body: string) =>
      fetch(`${server.url}/articles`, { method: 'POST', body, headers: { ...bearer(TOKENS.api), 'content-type': 'text/plain' } });
    // The reading runs on a thread that is stopped at the budget: a read on the event loop could not be.
    const [big, health] = await Promise.all([post(huge), fetch(`${server.url}/healthz`)]);
    const answer = await expectErrorShape(big, 413);
    expect(answer).toMatchObject({ error: 'too_large_to_read', message: expect.stringMatching(/budget of 40 ms.*fewer or smaller stories/) });
    expect(health.status).toBe(200);
    // The thread was replaced: a story of normal size is read and enqueued as before.
    const small = await post(story('Oslo', -1));
    expect(small.status).toBe(202);
    const counts = (await (await fetch(`${server.url}/queues`, { headers: bearer(TOKENS.read) })).json()) as { counts: Record<string, number> };
    expect(Object.values(counts.counts).reduce((a, b) => a + b, 0)).toBe(1);
  });
});
