import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { createRedis } from '../../src/queue/connection.ts';
import { STORY_JOB } from '../../src/queue/options.ts';
import { createStoryQueue } from '../../src/queue/queue.ts';
import { startStoryWorker } from '../../src/runtime/story-worker.ts';
import type { RunningServer } from '../../src/server/serve.ts';
import { sandbox, type Sandbox } from './harness.ts';
import { bearer, startTestServer, TOKENS } from './server-harness.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('the queue dashboard in a real headless Chromium', () => {
  let box: Sandbox;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    // No skipping: without Chromium this test fails (the global setup installs Debian's chromium package).
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    box = sandbox('srv-board');
    const connection = createRedis(box.config, 'producer');
    const queue = createStoryQueue(box.config, connection);
    await queue.add(STORY_JOB, { content: '<html><body>a web page</body></html>', receivedAt: new Date().toISOString(), source: 'web-page.html' }, { jobId: 'wd-board-failed' });
    const worker = await startStoryWorker(box.config, createLogger({ logLevel: 'silent', logFormat: 'json' }), { exitWhenDrained: true });
    await worker.stopped;
    await queue.close();
    await connection.quit();
    server = await startTestServer(box);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await box?.cleanup();
  });

  it('asks a browser without a token to log in (401 with a Basic challenge)', async () => {
    const r = await fetch(`${server.url}/admin/queues`);
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toMatch(/^Basic realm="wiredesk"/);
  });

  it('shows the failed job with its reason to a read token, read-only', async () => {
    const context = await browser.newContext({ httpCredentials: { username: 'wiredesk', password: TOKENS.read, send: 'always' } });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/admin/queues/queue/stories?status=failed`);
      await page.getByText('wd-board-failed').first().waitFor({ timeout: 20_000 });
      await page.getByText(/unreadable_article: the content is an HTML page/).first().waitFor({ timeout: 20_000 });
      // Read-only: no retry or clean buttons.
      expect(await page.getByRole('button', { name: /retry/i }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /clean/i }).count()).toBe(0);
    } finally {
      await context.close();
    }
    // And the API refuses a change to the read token even when asked directly.
    const retry = await fetch(`${server.url}/admin/queues/api/queues/stories/retry/failed`, { method: 'PUT', headers: bearer(TOKENS.read) });
    expect(retry.status).toBe(403);
    const list = await (await fetch(`${server.url}/admin/queues/api/queues?activeQueue=stories&status=failed`, { headers: bearer(TOKENS.read) })).json() as any;
    expect(list.queues[0]).toMatchObject({ readOnlyMode: true, allowRetries: false });
  });

  it('lets an admin token retry from the dashboard', async () => {
    const context = await browser.newContext({ httpCredentials: { username: 'wiredesk', password: TOKENS.admin, send: 'always' } });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/admin/queues/queue/stories?status=failed`);
      await page.getByText(/unreadable_article: the content is an HTML page/).first().waitFor({ timeout: 20_000 });
      expect(await page.getByRole('button', { name: /retry/i }).count()).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
    const list = await (await fetch(`${server.url}/admin/queues/api/queues?activeQueue=stories&status=failed`, { headers: bearer(TOKENS.admin) })).json() as any;
    expect(list.queues[0]).toMatchObject({ readOnlyMode: false, allowRetries: true });
  });

  it('refuses a dashboard action sent with browser credentials from another site', async () => {
    const basic = `Basic ${Buffer.from(`wiredesk:${TOKENS.admin}`).toString('base64')}`;
    const url = `${server.url}/admin/queues/api/queues/stories/retry/failed`;
    const forged = await fetch(url, { method: 'PUT', headers: { authorization: basic, origin: 'https://evil.example' } });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: string }).error).toBe('cross_origin');
    const own = await fetch(url, { method: 'PUT', headers: { authorization: basic, origin: server.url } });
    expect(own.status).not.toBe(403);
  });
});
