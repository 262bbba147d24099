import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/queue/connection.ts';
import { enqueueArticle } from '../../src/queue/producer.ts';
import { createStoryQueue, type StoryQueue } from '../../src/queue/queue.ts';
import { ROOT, sandbox, SEED, wiredesk, type Sandbox } from './harness.ts';
import { TOKEN_ENV, TOKENS, until } from './server-harness.ts';

const ES = new URL(process.env.WIREDESK_ES_URL ?? 'http://127.0.0.1:9200');
const BIN = `${ROOT}/bin/wiredesk.js`;

/** An Elasticsearch proxy that can hold `_bulk` requests, so jobs stay in flight as long as a test needs. */
function slowElasticsearch() {
  const state = { bulkDelayMs: 0, bulks: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const isBulk = (req.url ?? '').includes('_bulk');
      if (isBulk) state.bulks += 1;
      setTimeout(
        () => {
          const upstream = request({ host: ES.hostname, port: ES.port, method: req.method, path: req.url, headers: { ...req.headers, host: ES.host } }, (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          });
          upstream.on('error', () => res.destroy());
          upstream.end(Buffer.concat(chunks));
        },
        isBulk ? state.bulkDelayMs : 0,
      ).unref();
    });
  });
  return { state, server };
}

interface Proc {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; at: number }>;
}

function start(box: Sandbox, args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...box.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; at: number }>((r) => child.on('exit', (code) => r({ code, at: Date.now() })));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

const story = (n: number) => ({ content: `OSLO, Aug 26 (NTB) - Story ${n}: the city council met on Thursday and agreed the plan for the harbour after a long debate.`, source: `s${n}` });

describe('graceful shutdown with real processes', () => {
  let box: Sandbox;
  let proxy: ReturnType<typeof slowElasticsearch>;
  let proxyServer: Server;
  let env: Record<string, string>;
  let connection: ReturnType<typeof createRedis>;
  let queue: StoryQueue;
  const children: Proc[] = [];
  const run = (args: string[], extra: Record<string, string> = {}) => {
    const p = start(box, args, { ...env, ...extra });
    children.push(p);
    return p;
  };
  const stateOf = async (id: string) => (await queue.getJob(id))?.getState();

  beforeAll(async () => {
    box = sandbox('shutdown');
    proxy = slowElasticsearch();
    proxyServer = proxy.server;
    await new Promise<void>((r) => proxyServer.listen(0, '127.0.0.1', r));
    env = { WIREDESK_ES_URL: `http://127.0.0.1:${(proxyServer.address() as AddressInfo).port}`, WIREDESK_LOG_LEVEL: 'info' };
    connection = createRedis(box.config, 'producer');
    queue = createStoryQueue(box.config, connection);
    await queue.waitUntilReady();
  });
  afterAll(async () => {
    for (const p of children) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await new Promise((r) => proxyServer.close(r));
    await queue.close();
    await connection.quit();
    await box.cleanup();
  });

  it('worker: SIGTERM stops taking jobs and finishes those in flight within the grace period', async () => {
    proxy.state.bulkDelayMs = 1500;
    const ids = [];
    for (const n of [1, 2, 3]) ids.push(((await enqueueArticle(queue, story(n))) as { id: string }).id);
    const bulksBefore = proxy.state.bulks;
    const worker = run(['worker'], { WIREDESK_SHUTDOWN_GRACE_MS: '15000' });
    await until(async () => proxy.state.bulks, (n) => n > bulksBefore, 30_000);
    const signalled = Date.now();
    worker.child.kill('SIGTERM');
    // A story enqueued once the worker is stopping is not taken.
    await until(async () => worker.stderr().includes('worker stopping'), Boolean, 10_000);
    const late = ((await enqueueArticle(queue, story(4))) as { id: string }).id;
    const { code, at } = await worker.exited;
    expect(code, worker.stderr()).toBe(0);
    expect(worker.stdout()).toContain('worker stopped: 3 completed, 0 failed');
    expect(at - signalled).toBeGreaterThan(500); // it waited for Elasticsearch to acknowledge
    expect(worker.stderr()).toContain('signal received: stopping gracefully');
    for (const id of ids) expect(await stateOf(id)).toBe('completed');
    expect(await stateOf(late)).toBe('prioritized');
  });

  it('worker: jobs still in flight when the grace period ends go back to the queue, and another worker finishes them', async () => {
    proxy.state.bulkDelayMs = 30_000;
    const bulksBefore = proxy.state.bulks;
    const worker = run(['worker'], { WIREDESK_SHUTDOWN_GRACE_MS: '1000' });
    await until(async () => proxy.state.bulks, (n) => n > bulksBefore, 30_000);
    const signalled = Date.now();
    worker.child.kill('SIGTERM');
    const { code, at } = await worker.exited;
    expect(code).toBe(1);
    expect(at - signalled).toBeLessThan(6000);
    expect(worker.stdout()).toContain('grace period over');
    expect(worker.stderr()).toMatch(/grace period over: 1 job\(s\) still in flight handed back to the queue/);
    const counts = await queue.getJobCounts('active', 'waiting', 'prioritized', 'completed');
    expect(counts).toMatchObject({ active: 0, completed: 3 });
    expect(counts.waiting! + counts.prioritized!).toBe(1);

    proxy.state.bulkDelayMs = 0;
    const next = await wiredesk(box, ['worker', '--exit-when-drained'], undefined);
    expect(next.stdout).toContain('1 completed, 0 failed');
  });

  it('worker: a second signal exits at once', async () => {
    proxy.state.bulkDelayMs = 30_000;
    await enqueueArticle(queue, story(5));
    const bulksBefore = proxy.state.bulks;
    const worker = run(['worker'], { WIREDESK_SHUTDOWN_GRACE_MS: '60000' });
    await until(async () => proxy.state.bulks, (n) => n > bulksBefore, 30_000);
    worker.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    const second = Date.now();
    worker.child.kill('SIGTERM');
    const { code, at } = await worker.exited;
    expect(code).toBe(130);
    expect(at - second).toBeLessThan(1500);
    expect(worker.stderr()).toContain('second signal: exiting now');
    proxy.state.bulkDelayMs = 0;
  });

  it('serve: SIGTERM refuses new connections, lets a request under way finish, then exits', async () => {
    const server = run(['serve', '--port', '0'], { ...TOKEN_ENV, WIREDESK_SHUTDOWN_GRACE_MS: '10000' });
    const url = new URL((await until(async () => /listening on (\S+)/.exec(server.stdout())?.[1] ?? '', (u) => u !== '', 30_000)));
    const body = Buffer.from(JSON.stringify(story(6)));
    // Start an upload, send half of it, then the signal, then the rest.
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, method: 'POST', path: '/articles', headers: { authorization: `Bearer ${TOKENS.api}`, 'content-type': 'application/json', 'content-length': body.length } },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.subarray(0, 20));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(async () => {
          // While it stops, no new connection is accepted.
          const refused = await fetch(`${url.origin}/healthz`).then((r) => r.status, (err: Error) => err.message);
          expect(refused).not.toBe(200);
          req.end(body.subarray(20));
        }, 500);
      }, 300);
    });
    const answer = await response;
    expect(answer.status, answer.body).toBe(202);
    expect(JSON.parse(answer.body)).toMatchObject({ enqueued: 1 });
    const { code } = await server.exited;
    expect(code, server.stderr()).toBe(0);
    expect(server.stdout()).toContain('server stopped');
    expect(readFileSync(SEED, 'utf8').length).toBeGreaterThan(0);
  });
});
