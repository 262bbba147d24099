import { QueueEvents } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { createEsClient } from '../elastic/client.ts';
import { EnrichPool, readPoolOptions } from '../enrichment/pool.ts';
import { readIngestRequest, type IngestBody, type IngestQuery } from '../ingest/request.ts';
import { ensureIndex } from '../elastic/setup.ts';
import { ConfigError } from '../errors.ts';
import { startFeeds, type RunningFeeds } from '../feeds/scheduler.ts';
import type { Logger } from '../logger.ts';
import { checkEvictionPolicy, createRedis } from '../queue/connection.ts';
import { createStoryQueue, type StoryJobResult } from '../queue/queue.ts';
import { createAfterQueue } from '../queue/after.ts';
import { createReenrichQueue } from '../queue/reprocess.ts';
import { startStoryWorker, type RunningStoryWorker } from '../runtime/story-worker.ts';
import { buildApp } from './app.ts';
import { Metrics } from '../metrics/prometheus.ts';
import { sleep } from '../time.ts';

export interface ServeOptions {
  /** Run a story worker in this process too (metrics then include its bulk requests). */
  worker?: boolean;
  /** Poll the configured feeds from this process (default: when a worker runs here). */
  feeds?: boolean;
  port?: number;
  host?: string;
}

export interface RunningServer {
  app: FastifyInstance;
  /** http://host:port */
  url: string;
  /** Stops listening (requests under way finish), stops the worker within its grace period, closes connections. */
  stop(): Promise<{ clean: boolean }>;
  stopped: Promise<void>;
}


/**
 * A body this small is read on the event loop: a story of a few KB reads in ~0.15 ms, less than
 * the hop to a thread and back costs the loop (one story a request: 474 articles/s through the
 * thread against 557 inline), and reading is linear, so 16 KB stays within a few milliseconds.
 */
const INLINE_READ_CHARS = 16 * 1024;

/** Starts `wiredesk serve`: the HTTP API, and optionally a worker and the feed pollers. */
export async function startServer(config: Config, logger: Logger, opts: ServeOptions = {}): Promise<RunningServer> {
  const { apiToken, adminToken, readToken, editorToken } = config.server;
  if (!apiToken && !adminToken && !readToken && !editorToken) {
    throw new ConfigError('WIREDESK_API_TOKEN is not set: the HTTP API needs at least one token; example: the output of `openssl rand -hex 32`');
  }
  const metrics = new Metrics();
  const es = createEsClient(config);
  metrics.watchElasticsearch(es);
  // Set up the index where missing, without holding up start-up: ingest works while
  // Elasticsearch is down (the queue holds the stories), and /readyz tells when it is not.
  void ensureIndex(es, config.index, { migrate: false }).catch((err: unknown) => logger.warn({ err }, 'index not set up yet: search answers 503 until it is'));
  const redis = createRedis(config, 'producer');
  await checkEvictionPolicy(redis, logger);
  const queue = createStoryQueue(config, redis);
  const afterQueue = createAfterQueue(config, redis);
  metrics.watchQueue(queue, afterQueue);

  let worker: RunningStoryWorker | null = null;
  let events: QueueEvents | null = null;
  const eventsConnection = opts.worker ? null : createRedis(config, 'worker');
  if (opts.worker) {
    worker = await startStoryWorker(config, logger, { metrics });
  } else {
    // Without a worker here, job outcomes and stage timings come from the queue's event stream.
    events = new QueueEvents(config.queueName, { connection: eventsConnection!, prefix: config.queuePrefix });
    events.on('completed', ({ returnvalue }) => metrics.recordCompleted(returnvalue as unknown as StoryJobResult));
    events.on('failed', ({ failedReason }) => metrics.recordFailed(failedReason));
    events.on('error', (err) => logger.warn({ err }, 'queue events error'));
  }

  // Ingest requests are read (parsed, split, normalised) on threads of their own: a body of
  // megabytes must not hold up the event loop that answers HTTP and renews a worker's locks. The
  // pool starts with the first body (or feed) that needs it: an idle serve pays nothing for it.
  let ingestPool: EnrichPool | null = null;
  const ingestThreads = () => (ingestPool ??= new EnrichPool(readPoolOptions(config, logger)));
  const readRequest = async (body: IngestBody, query: IngestQuery, now: Date) =>
    body.text.length <= INLINE_READ_CHARS
      ? readIngestRequest(body, query, config.server.maxArticles, now)
      : ingestThreads().readRequest(body, query, config.server.maxArticles, now);
  let feeds: RunningFeeds | null = null;
  if ((opts.feeds ?? opts.worker) && config.feeds.length) {
    feeds = await startFeeds(config, logger, queue, { readFeed: (xml, source, now) => ingestThreads().readFeed(xml, source, now) });
  }
  // The dashboard shows the re-enrichment backlog beside the live queue.
  const reenrichQueue = createReenrichQueue(config, redis);
  const app = await buildApp({ config, logger, queue, redis, es, metrics, afterQueue, extraQueues: [reenrichQueue, afterQueue, ...(feeds ? [feeds.queue] : [])], readRequest });
  const host = opts.host ?? config.server.host;
  const port = opts.port ?? config.server.port;
  await app.listen({ host, port });
  const address = app.server.address();
  const url = typeof address === 'object' && address ? `http://${host.includes(':') ? `[${host}]` : host}:${address.port}` : `http://${host}:${port}`;
  logger.info({ url, worker: Boolean(worker), feeds: config.feeds.map((f) => f.name) }, `wiredesk serving on ${url} (OpenAPI at ${url}/docs, dashboard at ${url}/admin/queues)`);

  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopping: Promise<{ clean: boolean }> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      logger.info('server stopping: refusing new requests, finishing those under way');
      const started = Date.now();
      // Requests under way finish; idle keep-alive connections close; new ones get 503.
      const closed = (await Promise.race([app.close().then(() => 'closed' as const), sleep(config.shutdownGraceMs)])) === 'closed';
      if (!closed) logger.warn({ graceMs: config.shutdownGraceMs }, 'grace period over with requests still under way');
      let clean = closed;
      if (feeds) await feeds.stop();
      if (worker) clean = (await worker.stop()).clean && clean;
      await ingestPool?.close();
      await events?.close().catch(() => undefined);
      eventsConnection?.disconnect();
      await queue.close().catch(() => undefined);
      await reenrichQueue.close().catch(() => undefined);
      await afterQueue.close().catch(() => undefined);
      await redis.quit().catch(() => undefined);
      await es.close().catch(() => undefined);
      logger.info({ clean, ms: Date.now() - started }, 'server stopped');
      resolveStopped();
      return { clean };
    })();
    return stopping;
  };
  return { app, url, stop, stopped };
}
