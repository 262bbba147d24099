import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/serve.ts';
import { sandbox, wiredesk, type Sandbox } from './harness.ts';
import { harbourStory, STANDALONE_QUOTE, STATEMENT_QUOTE } from './review-fixture.ts';
import { startTestServer, TOKENS } from './server-harness.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const EDITOR_TOKEN = 'editor-token-0123456789abcdef';

describe('the review page in a real headless Chromium, without JavaScript', { timeout: 180_000 }, () => {
  let box: Sandbox;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    // The ranker gives the lone quote 0.83 and the statement's 0.43: both under 0.9.
    box = sandbox('srv-review', { WIREDESK_REVIEW_BELOW: '0.9' });
    await wiredesk(box, ['ingest', '-'], `${harbourStory(1)}\n`);
    const worker = await wiredesk(box, ['worker', '--exit-when-drained']);
    expect(worker.code, worker.stderr).toBe(0);
    server = await startTestServer(box, {}, { WIREDESK_EDITOR_TOKEN: EDITOR_TOKEN });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await box?.cleanup();
  });

  it('asks a browser without a token to log in, and refuses a read token', async () => {
    const r = await fetch(`${server.url}/review`);
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toMatch(/^Basic realm="wiredesk"/);
    const read = await fetch(`${server.url}/review`, { headers: { authorization: `Basic ${Buffer.from(`x:${TOKENS.read}`).toString('base64')}` } });
    expect(read.status).toBe(403);
  });

  it('corrects one attribution with a click and another with a typed name; `wiredesk quotes --speaker` finds both', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, httpCredentials: { username: 'jane', password: EDITOR_TOKEN, send: 'always' } });
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (req) => requested.push(req.url()));
    try {
      await page.goto(`${server.url}/review`);
      expect(await page.locator('li.item').count()).toBe(2);
      // In story order: the lone quote (index 1), then the statement's (index 2).
      const standalone = page.locator('li.item').nth(0);
      // The quote and the names offered are marked in the paragraph.
      expect(await standalone.locator('mark.quote').textContent()).toBe(STANDALONE_QUOTE);
      // The lone quote's speaker would be named in the paragraph before it, shown with the names offered marked.
      expect(await standalone.locator('p.before mark.candidate').allTextContents()).toEqual(['Nordhavn AS', 'Lars Dahl']);
      expect(await standalone.getByRole('button').allTextContents()).toEqual(['Lars Dahl 0.83', 'Kari Solberg 0.06', 'Nordhavn AS 0.04', 'No speaker', 'Set']);
      const statement = page.locator('li.item').nth(1);
      expect(await statement.locator('p.own').textContent()).toBe(`Talks are due to resume on Friday. "${STATEMENT_QUOTE}," a mediator's statement read.`);
      expect(await statement.locator('mark.quote').textContent()).toBe(STATEMENT_QUOTE);

      await standalone.getByRole('button', { name: 'Nordhavn AS' }).click();
      await page.waitForURL(/\/review\?done=/);
      await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Saved: quote 1 of wd-[0-9a-f]{32} now has “Nordhavn AS”/);
      expect(await page.locator('li.item').count()).toBe(1);

      const left = page.locator('li.item');
      expect(await left.locator('mark.quote').textContent()).toBe(STATEMENT_QUOTE);
      await left.getByLabel('Someone else').fill('Ingrid Moe');
      await left.getByLabel('Someone else').press('Enter');
      await page.waitForURL(/to=Ingrid/);
      expect(await page.getByText('Nothing to review.').count()).toBe(1);
    } finally {
      await context.close();
    }
    // Everything the page needed came from this server.
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((u) => !u.startsWith(server.url))).toEqual([]);

    const found = await wiredesk(box, ['quotes', '--speaker', 'Ingrid Moe']);
    expect(found.code, found.stderr).toBe(0);
    expect(found.stdout).toContain(`“${STATEMENT_QUOTE}”`);
    expect(found.stdout).toContain('— Ingrid Moe');
    const company = JSON.parse((await wiredesk(box, ['quotes', '--speaker', 'Nordhavn AS', '--json'])).stdout);
    expect(company.quotes).toMatchObject([{ text: STANDALONE_QUOTE, speaker: { name: 'Nordhavn AS' } }]);
    const exported = (await wiredesk(box, ['review', 'export', '--jsonl'])).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(exported.map((r) => r.correctedBy)).toEqual(['editor:jane', 'editor:jane']);
  });
});
