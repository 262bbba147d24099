import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollFeed } from '../../src/feeds/poll.ts';
import { createLogger } from '../../src/logger.ts';
import { createRedis } from '../../src/queue/connection.ts';
import { createStoryQueue, type StoryQueue } from '../../src/queue/queue.ts';
import type { RunningServer } from '../../src/server/serve.ts';
import { sandbox, type Sandbox } from './harness.ts';
import { bearer, startTestServer, TOKENS } from './server-harness.ts';

/** A string as ISO-8859-1 / windows-1252 bytes (every character here is below U+0100 but for the curly quotes). */
const latin1 = (s: string) => Buffer.from([...s].map((c) => ({ '“': 0x93, '”': 0x94 })[c] ?? c.charCodeAt(0)));

const FEED = (declared: string) =>
  `<?xml version="1.0" encoding="${declared}"?><rss version="2.0"><channel><title>Local Wire</title><language>en</language>` +
  `<item><guid>latin-1</guid><title>Caf\u00e9 prices rise</title><description>LONDON, Aug 26 (Reuters) - A cup now costs \u00a33 in \u201cmost\u201d caf\u00e9s, a survey found on Thursday.</description></item>` +
  `</channel></rss>`;

describe('bytes in legacy charsets, from a feed poll and a POST body', () => {
  let box: Sandbox;
  let http: Server;
  let url: string;
  let connection: ReturnType<typeof createRedis>;
  let queue: StoryQueue;
  let server: RunningServer;
  const served = { body: Buffer.alloc(0), contentType: '' };

  beforeAll(async () => {
    box = sandbox('charsets');
    http = createServer((_req, res) => res.writeHead(200, { 'content-type': served.contentType }).end(served.body));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/wire.xml`;
    connection = createRedis(box.config, 'producer');
    queue = createStoryQueue(box.config, connection);
    await queue.waitUntilReady();
    server = await startTestServer(box);
  });
  afterAll(async () => {
    await server?.stop();
    await new Promise((r) => http.close(r));
    await queue?.close();
    await connection?.quit();
    await box.cleanup();
  });

  it('decodes a feed by its Content-Type charset, which wins over the declaration', async () => {
    served.body = latin1(FEED('ISO-8859-15'));
    served.contentType = 'application/rss+xml; charset=windows-1252';
    const logger = createLogger({ logLevel: 'silent', logFormat: 'json' });
    const result = await pollFeed({ name: 'latin', url, everyMs: 60_000 }, { redis: connection, queue, prefix: box.config.queuePrefix, logger });
    expect(result).toMatchObject({ items: 1, enqueued: 1, rejected: [] });
    const [job] = await queue.getJobs(['prioritized', 'waiting']);
    expect(job!.data.content).toContain('costs £3 in “most” cafés');
    expect(job!.data.content).not.toContain('\ufffd');
  });

  it('decodes a raw POST body by its charset, or by the XML declaration', async () => {
    const nitf = (declared: string) =>
      `<?xml version="1.0" encoding="${declared}"?><nitf><head><docdata><doc-id id-string="latin-${declared}"/></docdata></head><body><body.head><hedline><hl1>Levy of \u00a31bn</hl1></hedline></body.head>` +
      `<body.content><p>LONDON, Dec 3 (Reuters) - Britain set a \u00a31 billion levy on gambling firms on Wednesday, calling it fair (${declared}).</p></body.content></body></nitf>`;
    for (const [declared, contentType] of [['ISO-8859-1', 'application/xml'], ['UTF-8', 'application/xml; charset=iso-8859-1']] as const) {
      const r = await fetch(`${server.url}/articles`, { method: 'POST', body: latin1(nitf(declared)), headers: { ...bearer(TOKENS.api), 'content-type': contentType } });
      expect(r.status).toBe(202);
      const { jobs } = (await r.json()) as { jobs: { id: string }[] };
      const job = await queue.getJob(jobs[0]!.id);
      expect(job!.data.content).toContain('set a £1 billion levy');
    }
  });
});
