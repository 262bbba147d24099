import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { pollFeed } from '../../src/feeds/poll.ts';
import { startFeeds } from '../../src/feeds/scheduler.ts';
import { createLogger } from '../../src/logger.ts';
import { createRedis } from '../../src/queue/connection.ts';
import { createStoryQueue, type StoryQueue } from '../../src/queue/queue.ts';
import { sandbox, type Sandbox } from './harness.ts';
import { until } from './server-harness.ts';

const item = (n: number, city: string) =>
  `<item><guid>story-${n}</guid><title>Story ${n}</title><description>${city.toUpperCase()}, Aug 26 (Reuters) - Story ${n}: officials in ${city} met on Thursday and agreed a plan after long talks.</description></item>`;
const rss = (items: string[]) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title><language>en</language>${items.join('')}</channel></rss>`;

/** A feed server that honours If-None-Match / If-Modified-Since, and records what it was asked. */
function feedServer() {
  const state = { body: rss([item(1, 'Lisbon'), item(2, 'Porto')]), etag: '"v1"', lastModified: 'Thu, 26 Aug 2021 10:00:00 GMT', conditional: true, requests: [] as IncomingHttpHeaders[] };
  const server = createServer((req, res) => {
    state.requests.push(req.headers);
    if (state.conditional && (req.headers['if-none-match'] === state.etag || (!req.headers['if-none-match'] && req.headers['if-modified-since'] === state.lastModified))) {
      res.writeHead(304, { etag: state.etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag: state.etag, 'last-modified': state.lastModified }).end(state.body);
  });
  return { state, server };
}

describe('feeds polled from a local HTTP server', () => {
  let box: Sandbox;
  let http: Server;
  let feed: ReturnType<typeof feedServer>;
  let url: string;
  let connection: ReturnType<typeof createRedis>;
  let queue: StoryQueue;
  const logger = createLogger({ logLevel: 'silent', logFormat: 'json' });
  const pending = () => queue.getJobCounts('waiting', 'prioritized').then((c) => c.waiting! + c.prioritized!);

  beforeAll(async () => {
    box = sandbox('feeds');
    feed = feedServer();
    http = feed.server;
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/wire.xml`;
    connection = createRedis(box.config, 'producer');
    queue = createStoryQueue(box.config, connection);
    await queue.waitUntilReady();
  });
  afterAll(async () => {
    await new Promise((r) => http.close(r));
    await queue.close();
    await connection.quit();
    await box.cleanup();
  });

  it('enqueues each new item once, with a conditional GET after the first poll', async () => {
    const deps = { redis: connection, queue, prefix: box.config.queuePrefix, logger };
    const f = { name: 'local', url, everyMs: 60_000 };
    const first = await pollFeed(f, deps);
    expect(first).toMatchObject({ status: 200, items: 2, fresh: 2, enqueued: 2, duplicates: 0, rejected: [] });
    expect(feed.state.requests[0]!['if-none-match']).toBeUndefined();
    const jobs = await queue.getJobs(['prioritized', 'waiting']);
    expect(jobs.map((j) => j.data.format)).toEqual(['rss', 'rss']);
    expect(jobs.map((j) => j.data.source)).toEqual(['local', 'local']);

    const second = await pollFeed(f, deps);
    expect(second).toMatchObject({ status: 304, items: 0, enqueued: 0 });
    expect(feed.state.requests[1]).toMatchObject({ 'if-none-match': '"v1"', 'if-modified-since': 'Thu, 26 Aug 2021 10:00:00 GMT' });

    // A new item: only it is enqueued.
    feed.state.body = rss([item(3, 'Faro'), item(1, 'Lisbon'), item(2, 'Porto')]);
    feed.state.etag = '"v2"';
    const third = await pollFeed(f, deps);
    expect(third).toMatchObject({ status: 200, items: 3, fresh: 1, enqueued: 1 });
    expect(await pending()).toBe(3);

    // A server that ignores conditional requests: every item is known, nothing is enqueued again.
    feed.state.conditional = false;
    const fourth = await pollFeed(f, deps);
    expect(fourth).toMatchObject({ status: 200, items: 3, fresh: 0, enqueued: 0 });
    expect(await pending()).toBe(3);
    feed.state.conditional = true;
  });

  it('refuses an item that is not a story, once, and reports a feed that does not answer', async () => {
    const deps = { redis: connection, queue, prefix: box.config.queuePrefix, logger };
    // No title and no text: nothing to index. (A title alone is a bodyless story.)
    feed.state.body = rss(['<item><guid>empty-1</guid><link>https://example.com/empty-1</link></item>', item(1, 'Lisbon')]);
    feed.state.etag = '"v3"';
    const r = await pollFeed({ name: 'local2', url, everyMs: 60_000 }, deps);
    expect(r).toMatchObject({ items: 2, fresh: 2, enqueued: 0, duplicates: 1, rejected: [{ key: 'empty-1', reason: expect.stringContaining('neither <description> nor <content:encoded>, nor a <title>') }] });
    feed.state.conditional = false;
    expect((await pollFeed({ name: 'local2', url, everyMs: 60_000 }, deps)).fresh).toBe(0);
    feed.state.conditional = true;
    await expect(pollFeed({ name: 'gone', url: 'http://127.0.0.1:9/feed.xml', everyMs: 60_000 }, deps)).rejects.toThrow(/feed gone: .* did not answer/);
  });

  it('polls on a schedule: one BullMQ job scheduler per configured feed', async () => {
    feed.state.body = rss([item(4, 'Braga'), item(5, 'Evora')]);
    feed.state.etag = '"v4"';
    const config = loadConfig({ ...process.env, ...box.env, WIREDESK_FEEDS: JSON.stringify([{ name: 'scheduled', url, everyMs: 1000 }]) });
    const before = feed.state.requests.length;
    const running = await startFeeds(config, logger, queue);
    try {
      const schedulers = await running.queue.getJobSchedulers(0, -1);
      expect(schedulers).toEqual([expect.objectContaining({ key: 'feed:scheduled', every: 1000 })]);
      await until(pending, (n) => n === 5, 15_000);
      // A later tick asks conditionally, with the ETag the first answer gave. (Not necessarily the
      // second request: a tick that comes while the first poll is still running asks without it.)
      await until(async () => feed.state.requests.slice(before + 1).some((r) => r['if-none-match'] === '"v4"'), Boolean, 15_000);
      expect(await pending()).toBe(5);
    } finally {
      await running.stop();
    }
    // A feed removed from the configuration loses its scheduler at the next start.
    const none = await startFeeds(loadConfig({ ...process.env, ...box.env }), logger, queue);
    expect(await none.queue.getJobSchedulers(0, -1)).toEqual([]);
    await none.stop();
  });

  it('takes a feed of 30 items with one odd item: 29 enqueued, the odd one reported once with its index and reason', async () => {
    const deps = { redis: connection, queue, prefix: box.config.queuePrefix, logger };
    const before = await pending();
    feed.state.body = readFileSync(new URL('../fixtures/items/wire-30.xml', import.meta.url), 'utf8');
    feed.state.etag = '"v30"';
    const f = { name: 'meridian', url, everyMs: 60_000 };
    const first = await pollFeed(f, deps);
    expect(first).toMatchObject({ status: 200, items: 30, fresh: 30, enqueued: 29, duplicates: 0 });
    expect(first.rejected).toEqual([{ index: 17, key: 'meridian-2023-0018', reason: expect.stringContaining('neither <description> nor <content:encoded>, nor a <title>') }]);
    expect(await pending()).toBe(before + 29);
    // Polled again from a server that ignores conditional requests: nothing new, the odd item not reported again.
    feed.state.conditional = false;
    expect(await pollFeed(f, deps)).toMatchObject({ status: 200, items: 30, fresh: 0, enqueued: 0, rejected: [] });
    feed.state.conditional = true;
    expect(await pending()).toBe(before + 29);

    // Through the scheduler: the poll job's result and log name the odd item.
    const config = loadConfig({ ...process.env, ...box.env, WIREDESK_FEEDS: JSON.stringify([{ name: 'meridian-scheduled', url, everyMs: 60_000 }]) });
    const running = await startFeeds(config, logger, queue);
    try {
      const ours = async () => (await running.queue.getJobs(['completed'])).filter((j) => j.data.name === 'meridian-scheduled');
      const [job] = await until(ours, (jobs) => jobs.length > 0, 15_000);
      expect(job!.returnvalue).toMatchObject({ items: 30, enqueued: 0, duplicates: 29, rejected: [{ index: 17, key: 'meridian-2023-0018' }] });
      const { logs } = await running.queue.getJobLogs(job!.id!);
      expect(logs).toContainEqual(expect.stringMatching(/^refused item 17 \(meridian-2023-0018\): RSS: an <item> has neither/));
    } finally {
      await running.stop();
    }
  });
});
