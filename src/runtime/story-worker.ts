import { MetricsTime, Worker, type Job } from 'bullmq';
import type { StoryDocument } from '../article/story.ts';
import type { Config } from '../config.ts';
import { BulkIndexer } from '../elastic/bulk-indexer.ts';
import { CorrectionStore } from '../elastic/corrections.ts';
import { beginBulkLoad, type BulkLoad } from '../elastic/bulk-load.ts';
import { createEsClient, waitForCluster } from '../elastic/client.ts';
import { storyNow } from '../elastic/search.ts';
import { ensureIndex } from '../elastic/setup.ts';
import { ensureQuotationIndex } from '../elastic/quotations.ts';
import type { Logger } from '../logger.ts';
import type { PipelineMetrics } from '../metrics/port.ts';
import { EnrichPool, enrichPoolOptions } from '../enrichment/pool.ts';
import { checkEvictionPolicy, createRedis } from '../queue/connection.ts';
import { createStoryProcessor } from '../queue/processor.ts';
import { createStoryQueue, type StoryJobData, type StoryJobResult } from '../queue/queue.ts';
import { rawCompanion, readRawArticle } from '../elastic/raw-store.ts';
import { startReenrichWorker } from './reenrich-worker.ts';
import { startAfterWorker } from './after-worker.ts';
import { needsQuotationPass } from '../lineage/occurrence.ts';
import { sleep } from '../time.ts';

export interface StoryWorkerOptions {
  /** Stop once nothing is waiting, delayed or active (batch runs). */
  exitWhenDrained?: boolean;
  concurrency?: number;
  /** Where job outcomes, stage timings, bulk requests and Elasticsearch errors are counted. */
  metrics?: PipelineMetrics;
  /** Overrides `config.shutdownGraceMs`. */
  graceMs?: number;
  /**
   * Backfill: the write index runs without refresh and replicas while this worker runs, and
   * gets its settings back when it stops, cleanly or not (overrides `config.worker.bulkLoad`).
   */
  bulkLoad?: boolean;
  /** Re-enrichment jobs in flight at once, taken only while no live story waits (default: concurrency / 8). */
  reenrichConcurrency?: number;
}

export interface StopOutcome {
  /** Every job in flight finished within the grace period. */
  clean: boolean;
  /** Jobs still in flight when the grace period ran out, handed back to the queue. */
  abandoned: string[];
}

export interface RunningStoryWorker {
  /** Resolves once the worker has stopped and every connection is closed (or let go). */
  stopped: Promise<void>;
  /**
   * Stops taking jobs, lets those in flight finish within the grace period, flushes the
   * indexer, closes connections. Jobs still running when the period ends go back to the
   * waiting list for another worker; the stable story id makes the repeat harmless.
   */
  stop(): Promise<StopOutcome>;
  counts(): { completed: number; failed: number };
  /** Re-enrichment jobs this worker completed and failed. */
  reenrichCounts(): { completed: number; failed: number };
  /** Follow-up jobs (clusters, quotation occurrences) this worker completed and failed. */
  afterCounts(): { completed: number; failed: number };
  /** Jobs being processed now. */
  active(): number;
}

const PENDING_STATES = ['wait', 'active', 'delayed', 'prioritized', 'paused', 'waiting-children'] as const;
/** Stories waiting and none taken for this long: the BullMQ worker is stuck (see below). */
const WEDGE_MS = 20_000;


/** Starts a worker on the story queue: Elasticsearch must be healthy; the index is set up if missing. */
export async function startStoryWorker(config: Config, logger: Logger, opts: StoryWorkerOptions = {}): Promise<RunningStoryWorker> {
  const graceMs = opts.graceMs ?? config.shutdownGraceMs;
  const es = createEsClient(config);
  opts.metrics?.watchElasticsearch(es);
  await waitForCluster(es);
  // Creates the index where missing; migrating to a new template version is `wiredesk setup`'s job.
  const setup = await ensureIndex(es, config.index, { migrate: false });
  if (setup.restoredBulkLoad) logger.warn({ index: setup.index, ...setup.restoredBulkLoad }, 'a bulk load whose process died had left the index without refresh and replicas: its settings are back');
  await ensureQuotationIndex(es, config.index);
  const queueConnection = createRedis(config, 'producer');
  await checkEvictionPolicy(queueConnection, logger);
  const queue = createStoryQueue(config, queueConnection);
  const concurrency = opts.concurrency ?? config.worker.concurrency;
  const indexerOptions = { client: es, alias: config.index, ...config.bulk, logger, ...(opts.metrics ? { onFlush: opts.metrics.onFlush } : {}) };
  const indexer = new BulkIndexer({ ...indexerOptions, writers: concurrency });
  const pool = new EnrichPool(enrichPoolOptions(config, logger));
  opts.metrics?.watchEnrichPool(pool);
  const corrections = new CorrectionStore(es, config.index, { cacheMs: config.review.cacheMs });
  const inFlight = new Map<string, { job: Job; token: string | undefined }>();
  const bulkLoading = opts.bulkLoad ?? config.worker.bulkLoad;
  const after = startAfterWorker({ config, logger, es, indexerOptions, inFlight, bulkLoad: bulkLoading });
  const processorDeps = {
    pool,
    findStory: (id: string) => storyNow(es, config.index, id),
    alias: config.index,
    logger,
    outageWindowMs: config.worker.outageWindowMs,
    backoffMs: config.worker.backoffMs,
    applyCorrections: (doc: StoryDocument) => corrections.apply(doc),
    // Clusters and quotation occurrences are settled in batches on the follow-up queue; the story
    // job completes once its follow-up is in Redis. Re-enriched stories get one too: the pipeline
    // gives every document a cluster of its own.
    onIndexed: (doc: StoryDocument, outcome: 'created' | 'updated') =>
      after.coalescer.add({ id: doc.id, publishedAt: doc.publishedAt ?? null, bands: config.worker.clusters && !doc.withdrawnAt ? (doc.minhash?.bands ?? []) : [], quotes: needsQuotationPass(doc, outcome) }),
  };
  // Every live story's raw article goes in the same `_bulk` request as its document.
  const runStory = createStoryProcessor({ ...processorDeps, indexer, companionsOf: async (doc, raw) => [await rawCompanion(config.index, doc, raw)] });
  let bulkLoad: BulkLoad | null = null;
  if (bulkLoading) {
    bulkLoad = await beginBulkLoad(es, config.index);
    logger.info({ index: bulkLoad.index, previous: bulkLoad.previous }, 'bulk load: refresh off and no replicas until this worker stops');
  }
  const endBulkLoad = async () => {
    const restored = await bulkLoad?.end().catch((err: Error) => logger.error({ err: err.message, index: bulkLoad?.index }, 'could not restore the index settings after the bulk load; the next `wiredesk setup` or worker start does'));
    if (restored) logger.info({ index: bulkLoad!.index, restored }, 'bulk load over: index settings restored');
  };
  const reenrich = startReenrichWorker({
    config,
    logger,
    liveQueue: queue,
    processorDeps,
    indexerOptions,
    readRaw: (id) => readRawArticle(es, config.index, id),
    concurrency: opts.reenrichConcurrency ?? Math.max(1, Math.floor(concurrency / 8)),
    inFlight,
  });
  const tally = { completed: 0, failed: 0 };
  // The BullMQ worker and its own connection; replaced whole when it stops taking jobs (below).
  const startBullWorker = () => {
    const connection = createRedis(config, 'worker');
    const worker = new Worker<StoryJobData, StoryJobResult, string>(
      config.queueName,
      async (job, token) => {
        const key = `${job.id}:${token ?? ''}`;
        inFlight.set(key, { job, token });
        try {
          return await runStory(job, token);
        } finally {
          inFlight.delete(key);
        }
      },
      {
        connection,
        prefix: config.queuePrefix,
        concurrency,
        lockDuration: config.worker.lockMs,
        stalledInterval: config.worker.stalledIntervalMs,
        maxStalledCount: config.worker.maxStalledCount,
        // Per-minute completed/failed counts kept in Redis for two weeks: `GET /queues` rates.
        metrics: { maxDataPoints: MetricsTime.TWO_WEEKS },
      },
    );
    worker.on('completed', (job) => {
      tally.completed += 1;
      opts.metrics?.recordCompleted(job.returnvalue);
    });
    worker.on('failed', (job, err) => {
      tally.failed += 1;
      opts.metrics?.recordFailed(err.message);
      logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, reason: err.message }, 'story job failed');
    });
    worker.on('stalled', (jobId, previous) => {
      logger.warn({ jobId, previous, lockMs: config.worker.lockMs }, 'stalled job recovered: its worker stopped renewing the lock (crashed or blocked); back in the queue');
    });
    worker.on('error', (err) => logger.error({ err }, 'worker error'));
    return { worker, connection };
  };
  let bull = startBullWorker();
  logger.info({ queue: config.queueName, prefix: config.queuePrefix, index: setup.index, concurrency, threads: pool.adaptive ? `1-${pool.maxThreads}` : pool.maxThreads, graceMs, lockMs: config.worker.lockMs, stalledIntervalMs: config.worker.stalledIntervalMs }, 'worker started');

  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopping: Promise<StopOutcome> | null = null;
  let drainTimer: NodeJS.Timeout | null = null;

  const closeCleanly = async () => {
    await Promise.all([indexer.close(), reenrich.indexer.close(), after.indexer.close()]);
    await endBulkLoad();
    // What this worker indexed is searchable when it has stopped (a batch run's next command
    // is often a search), not a refresh interval later.
    await es.indices.refresh({ index: config.index }).catch((err: Error) => logger.debug({ err: err.message }, 'could not refresh the index on stop'));
    await pool.close();
    await Promise.all([queue.close(), reenrich.closeQueue(), after.closeQueue()]);
    await Promise.allSettled([bull.connection.quit(), queueConnection.quit(), ...reenrich.connections.map((c) => c.quit()), ...after.connections.map((c) => c.quit())]);
    await es.close();
  };
  const letGo = async (abandoned: string[]): Promise<number> => {
    // Hand the jobs still running back to the queue now, rather than after their lock expires.
    // Follow-ups are counted apart: `abandoned` names story and re-enrichment jobs.
    const followUps: string[] = [];
    for (const { job, token } of inFlight.values()) {
      (job.queueName === after.worker.name ? followUps : abandoned).push(job.id ?? '?');
      await job.moveToWait(token).catch((err: Error) => logger.warn({ jobId: job.id, err: err.message }, 'could not hand the job back; it returns when its lock expires'));
    }
    if (abandoned.length || followUps.length) {
      logger.warn({ abandoned, followUps, graceMs }, `grace period over: ${abandoned.length} job(s) still in flight handed back to the queue${followUps.length ? `, and ${followUps.length} follow-up(s)` : ''}`);
    }
    void indexer.close().catch(() => undefined);
    void reenrich.indexer.close().catch(() => undefined);
    void after.indexer.close().catch(() => undefined);
    await endBulkLoad();
    void pool.close().catch(() => undefined);
    bull.connection.disconnect();
    queueConnection.disconnect();
    for (const c of [...reenrich.connections, ...after.connections]) c.disconnect();
    void es.close().catch(() => undefined);
    return followUps.length;
  };

  const stop = () => {
    stopping ??= (async (): Promise<StopOutcome> => {
      if (drainTimer) clearInterval(drainTimer);
      clearInterval(wedgeTimer);
      reenrich.stopGate();
      logger.info({ inFlight: inFlight.size, graceMs }, 'worker stopping: taking no new jobs, finishing those in flight');
      let clean = false;
      const abandoned: string[] = [];
      try {
        // BullMQ closing a connection that is still initialising lets the init's failure surface
        // as an 'error' event nobody listens to, which kills the process (a SIGTERM right after
        // start did): let the connections finish first, within a bound.
        await Promise.race([Promise.allSettled([bull.worker.waitUntilReady(), queue.waitUntilReady(), reenrich.worker.waitUntilReady(), after.worker.waitUntilReady()]), sleep(5000)]);
        // The follow-up worker takes no new batch either (they wait in Redis for the next worker);
        // story jobs still in flight leave their follow-ups, which are sent before the queue closes.
        const closing = Promise.all([bull.worker.close(), reenrich.worker.close(), after.worker.close()]).then(() => after.coalescer.flush());
        // With nothing in flight there is nothing to wait for: a close stuck on a Redis node that
        // died (seen after a Cluster failover) must not hold the process for the grace period.
        const wait = inFlight.size === 0 ? Math.min(graceMs, 5000) : graceMs;
        const closed = (await Promise.race([closing.then(() => 'closed' as const), sleep(wait)])) === 'closed';
        if (closed) await closeCleanly();
        const followUps = closed ? 0 : await letGo(abandoned);
        clean = abandoned.length === 0 && followUps === 0;
      } catch (err) {
        logger.error({ err }, 'worker did not stop cleanly');
        clean = false;
      } finally {
        // Once only (the first call's promise is kept): here for a stop that threw before it.
        await endBulkLoad();
        logger.info({ ...tally, clean }, 'worker stopped');
        resolveStopped();
      }
      return { clean, abandoned };
    })();
    return stopping;
  };

  // After a Redis failover (seen on Redis Cluster) a BullMQ worker can stop taking jobs for good,
  // with no error. Stories waiting while this process has none in flight for WEDGE_MS means
  // that: replace the BullMQ worker and its connection (the stable job ids make it harmless).
  let idleSince: number | null = null;
  let watching = false;
  const wedgeTimer = setInterval(async () => {
    if (watching || stopping) return;
    watching = true;
    try {
      const counts = await Promise.race([queue.getJobCounts('wait', 'prioritized'), sleep(5000).then(() => null)]);
      const waiting = counts ? (counts.wait ?? 0) + (counts.prioritized ?? 0) : 0;
      if (!counts || waiting === 0 || inFlight.size > 0 || bull.worker.isPaused()) idleSince = null;
      else if (idleSince === null) idleSince = Date.now();
      else if (Date.now() - idleSince >= WEDGE_MS && !stopping) {
        logger.warn({ waiting, idleMs: Date.now() - idleSince }, 'worker took no job while stories wait (its Redis connection is stuck after a failover): starting a fresh one');
        const old = bull;
        bull = startBullWorker();
        idleSince = null;
        void old.worker.close(true).catch(() => undefined);
        setTimeout(() => old.connection.disconnect(), 2000).unref();
      }
    } catch (err) {
      logger.debug({ err }, 'could not read queue counts for the stuck-worker check');
    } finally {
      watching = false;
    }
  }, 5000);
  wedgeTimer.unref();

  if (opts.exitWhenDrained) {
    let checking = false;
    drainTimer = setInterval(async () => {
      if (checking || stopping) return;
      checking = true;
      try {
        // Every queue: live stories, the re-enrichment backlog they went before, then the
        // follow-ups both leave (read last: a story job adds its follow-up before it completes).
        const counts = await queue.getJobCounts(...PENDING_STATES);
        if (Object.values(counts).every((n) => n === 0) && indexer.size === 0 && (await reenrich.pending()) === 0 && (await after.pending()) === 0) void stop();
      } catch (err) {
        logger.warn({ err }, 'could not read queue counts');
      } finally {
        checking = false;
      }
    }, 300);
  }
  return { stopped, stop, counts: () => ({ ...tally }), reenrichCounts: () => reenrich.counts(), afterCounts: () => after.counts(), active: () => inFlight.size };
}
