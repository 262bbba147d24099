import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/queue/connection.ts';
import { STORY_JOB } from '../../src/queue/options.ts';
import { createStoryQueue } from '../../src/queue/queue.ts';
import type { RunningServer } from '../../src/server/serve.ts';
import { sandbox, type Sandbox } from './harness.ts';
import { bearer, startTestServer, TOKENS } from './server-harness.ts';

const CHROMIUM = '/usr/bin/chromium';
/** A name that is not loopback, as a newsroom would use: Swagger UI and others behave differently on localhost. */
const HOST = 'wiredesk.test';

/**
 * What counts as a reference to another host, and why:
 * - HTML: every `src`, `href`, `srcset`, `action`, `poster`, `data` and `formaction` attribute,
 *   and `url()` in inline styles: what a browser loads, prefetches, connects to or links to.
 * - CSS: every `url()` and `@import` (a `data:` URL is inline, not a request).
 * - Not counted: XML namespace names (`xmlns="http://www.w3.org/2000/svg"`, also inside `data:`
 *   SVGs), which are identifiers no browser fetches, and URL literals inside JavaScript bundles
 *   (React's error-decoder links, licence headers, JSON Schema ids): a script's requests are
 *   what the real browser below sees, page by page.
 */
const HTML_REFS = /\s(?:src|href|srcset|action|poster|data|formaction)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const CSS_REFS = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')/gi;

function refsIn(text: string, kind: 'html' | 'css'): string[] {
  const out: string[] = [];
  const add = (m: RegExpMatchArray) => {
    const v = m.slice(1).find((g) => g !== undefined);
    if (v === undefined) return;
    // srcset: "a.png 1x, b.png 2x"
    for (const part of kind === 'html' && /srcset/i.test(m[0]) ? v.split(',').map((s) => s.trim().split(/\s+/)[0]!) : [v]) out.push(part.trim());
  };
  if (kind === 'html') {
    for (const m of text.matchAll(HTML_REFS)) add(m);
    for (const style of text.matchAll(/style\s*=\s*"([^"]*)"/gi)) for (const m of style[1]!.matchAll(CSS_REFS)) add(m);
    for (const style of text.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)) for (const m of style[1]!.matchAll(CSS_REFS)) add(m);
  } else {
    for (const m of text.matchAll(CSS_REFS)) add(m);
  }
  return out.filter((r) => r && !/^(?:data|blob|javascript|mailto|about):/i.test(r) && !r.startsWith('#'));
}

describe('no page the server sends references an outside host', () => {
  let box: Sandbox;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    box = sandbox('srv-hosts');
    const connection = createRedis(box.config, 'producer');
    const queue = createStoryQueue(box.config, connection);
    await queue.add(STORY_JOB, { content: 'LONDON, Aug 26 (Reuters) - A waiting story.', receivedAt: new Date().toISOString() }, { jobId: 'wd-hosts-waiting' });
    await queue.close();
    await connection.quit();
    server = await startTestServer(box);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await box?.cleanup();
  });

  it('crawls every HTML and CSS resource of /docs and the dashboard: each reference is to this server', async () => {
    const origin = new URL(server.url);
    const seen = new Set<string>();
    const outside: string[] = [];
    const queue = ['/docs', '/docs/static/index.html', '/admin/queues', '/admin/queues/queue/stories'].map((p) => new URL(p, server.url).href);
    const kinds: Record<string, number> = {};
    while (queue.length) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const r = await fetch(url, { headers: bearer(TOKENS.read) });
      expect(r.status, url).toBe(200);
      const type = r.headers.get('content-type') ?? '';
      const kind = type.includes('html') ? 'html' : type.includes('css') ? 'css' : type.includes('javascript') ? 'js' : 'other';
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      if (kind !== 'html' && kind !== 'css') continue;
      const text = await r.text();
      // A <base href> changes what relative references resolve against.
      const base = /<base\s+href\s*=\s*"([^"]*)"/i.exec(text)?.[1];
      const against = base ? new URL(base, r.url).href : r.url;
      for (const ref of refsIn(text, kind)) {
        const target = new URL(ref, against);
        if (target.host !== origin.host) {
          outside.push(`${url} → ${ref}`);
          continue;
        }
        if (!seen.has(target.href)) queue.push(target.href);
      }
    }
    expect(outside).toEqual([]);
    // The crawl did reach the pages, their stylesheets and their scripts.
    expect(kinds.html).toBeGreaterThanOrEqual(3);
    expect(kinds.css).toBeGreaterThanOrEqual(2);
    expect(kinds.js).toBeGreaterThanOrEqual(4);
  });

  it('a real browser opening /docs and the dashboard by a non-loopback name requests nothing from another host', async () => {
    const origin = server.url.replace('127.0.0.1', HOST);
    const context = await browser.newContext({ httpCredentials: { username: 'wiredesk', password: TOKENS.read, send: 'always' } });
    const own: string[] = [];
    const outside: string[] = [];
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) {
        own.push(url);
        await route.continue();
      } else {
        outside.push(url);
        await route.abort();
      }
    });
    const page = await context.newPage();
    try {
      await page.goto(`${origin}/docs`);
      await page.locator('.swagger-ui .info .title').first().waitFor({ timeout: 20_000 });
      await page.locator('.opblock-summary').first().click();
      await page.waitForLoadState('networkidle');
      await page.goto(`${origin}/admin/queues/queue/stories?status=waiting`);
      await page.getByText('wd-hosts-waiting').first().waitFor({ timeout: 20_000 });
      await page.waitForLoadState('networkidle');
      await page.goto(`${origin}/admin/queues`);
      await page.waitForLoadState('networkidle');
    } finally {
      await context.close();
    }
    expect(outside).toEqual([]);
    expect(own.some((u) => u.includes('/docs/static/swagger-ui-bundle.js'))).toBe(true);
    expect(own.some((u) => u.includes('/admin/queues/static/'))).toBe(true);
  });
});
