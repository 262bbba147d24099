import type { Client } from '@elastic/elasticsearch';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { reasonClassOf } from '../queue/processor.ts';
import type { AfterQueue } from '../queue/after.ts';
import type { StoryJobResult, StoryQueue } from '../queue/queue.ts';
import { JOB_STATES } from '../queue/status.ts';
import type { PipelineMetrics } from './port.ts';

/**
 * The Prometheus metrics of one wiredesk process, on its own registry (never the global one,
 * so tests can run several apps in one process).
 *
 * Who feeds what: the process that runs the worker records job outcomes, stage timings and
 * bulk requests as they happen; a `serve` without a worker records job outcomes and stage
 * timings from the queue's event stream instead (every worker's jobs). Job counts by state
 * are read from Redis at scrape time.
 */
export class Metrics implements PipelineMetrics {
  readonly registry = new Registry();
  readonly jobsCompleted: Counter<'outcome'>;
  readonly jobsFailed: Counter<'reason_class'>;
  readonly stageSeconds: Histogram<'stage'>;
  readonly bulkDocs: Histogram;
  readonly bulkBytes: Histogram;
  readonly bulkSeconds: Histogram;
  readonly bulkFailedDocs: Counter;
  readonly esErrors: Counter<'type'>;
  readonly httpArticles: Counter<'status'>;
  private queue: StoryQueue | null = null;
  private afterQueue: AfterQueue | null = null;
  private pool: { readonly threads: number; readonly maxThreads: number } | null = null;

  constructor(opts: { defaults?: boolean } = {}) {
    const registers = [this.registry];
    // prom-client's names already start with `process_` or `nodejs_`: wiredesk_process_cpu_user_seconds_total.
    if (opts.defaults !== false) collectDefaultMetrics({ register: this.registry, prefix: 'wiredesk_' });
    const self = this;
    const stateGauge = (name: string, help: string, queueOf: () => Pick<StoryQueue, 'getJobCounts'> | null) =>
      new Gauge({
        name,
        help,
        labelNames: ['state'],
        registers,
        async collect() {
          const queue = queueOf();
          if (!queue) return;
          const counts = await queue.getJobCounts(...JOB_STATES);
          for (const state of JOB_STATES) this.set({ state }, counts[state] ?? 0);
        },
      });
    stateGauge('wiredesk_jobs', 'Story jobs in the queue by state (read from Redis at scrape time)', () => self.queue);
    new Gauge({
      name: 'wiredesk_enrich_threads',
      help: 'Enrichment threads of this process: running now (the pool may size itself between one and max) and the most it runs',
      labelNames: ['kind'],
      registers,
      collect() {
        if (!self.pool) return;
        this.set({ kind: 'running' }, self.pool.threads);
        this.set({ kind: 'max' }, self.pool.maxThreads);
      },
    });
    stateGauge('wiredesk_follow_ups', 'Follow-up jobs (clusters, quotation occurrences of indexed stories) by state (read from Redis at scrape time)', () => self.afterQueue);
    this.jobsCompleted = new Counter({ name: 'wiredesk_jobs_completed_total', help: 'Story jobs completed, by indexing outcome (created, updated, stale)', labelNames: ['outcome'], registers });
    this.jobsFailed = new Counter({
      name: 'wiredesk_job_failures_total',
      help: 'Failed story job attempts by reason class (the error code in front of the reason: unreadable_article, service_unavailable …)',
      labelNames: ['reason_class'],
      registers,
    });
    this.stageSeconds = new Histogram({
      name: 'wiredesk_stage_duration_seconds',
      help: 'Story processing time by stage: prepare (read + normalise), extract, index (until Elasticsearch acknowledged), total',
      labelNames: ['stage'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.bulkDocs = new Histogram({ name: 'wiredesk_bulk_documents', help: 'Documents per _bulk request', buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 5000], registers });
    this.bulkBytes = new Histogram({ name: 'wiredesk_bulk_bytes', help: 'Request body bytes per _bulk request', buckets: [1e3, 1e4, 1e5, 5e5, 1e6, 5e6, 1e7], registers });
    this.bulkSeconds = new Histogram({ name: 'wiredesk_bulk_duration_seconds', help: '_bulk round-trip latency', buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers });
    this.bulkFailedDocs = new Counter({ name: 'wiredesk_bulk_failed_documents_total', help: 'Documents a _bulk round trip did not index (retried or rejected)', registers });
    this.esErrors = new Counter({
      name: 'wiredesk_elasticsearch_errors_total',
      help: 'Elasticsearch errors by type: bulk item error types, response error types, connection and timeout errors',
      labelNames: ['type'],
      registers,
    });
    this.httpArticles = new Counter({ name: 'wiredesk_http_articles_total', help: 'Articles posted to POST /articles, by outcome', labelNames: ['status'], registers });
  }

  /** Job counts by state come from this queue. */
  watchQueue(queue: StoryQueue, afterQueue?: AfterQueue): void {
    this.queue = queue;
    this.afterQueue = afterQueue ?? null;
  }

  recordCompleted(result: StoryJobResult | null | undefined): void {
    this.jobsCompleted.inc({ outcome: result?.outcome ?? 'unknown' });
    const t = result?.timings;
    if (!t) return;
    if (t.prepareMs !== undefined) this.stageSeconds.observe({ stage: 'prepare' }, t.prepareMs / 1000);
    if (t.extractMs !== undefined) this.stageSeconds.observe({ stage: 'extract' }, t.extractMs / 1000);
    if (t.indexMs !== undefined) this.stageSeconds.observe({ stage: 'index' }, t.indexMs / 1000);
    if (t.totalMs !== undefined) this.stageSeconds.observe({ stage: 'total' }, t.totalMs / 1000);
  }

  recordFailed(reason: string | undefined): void {
    this.jobsFailed.inc({ reason_class: reasonClassOf(reason) });
  }

  /** The BulkIndexer's `onFlush` hook. */
  readonly onFlush = (stats: { docs: number; bytes: number; ms: number; failed: number }): void => {
    this.bulkDocs.observe(stats.docs);
    this.bulkBytes.observe(stats.bytes);
    this.bulkSeconds.observe(stats.ms / 1000);
    if (stats.failed) this.bulkFailedDocs.inc(stats.failed);
  };

  watchEnrichPool(pool: { readonly threads: number; readonly maxThreads: number }): void {
    this.pool = pool;
  }

  /** Counts every Elasticsearch error the client sees: failed requests and failed bulk items. */
  watchElasticsearch(client: Client): void {
    client.diagnostic.on('response', (err, result) => {
      if (err) {
        const body = (err as { meta?: { body?: { error?: { type?: string } } } }).meta?.body;
        const type = body?.error?.type ?? err.name ?? 'unknown';
        this.esErrors.inc({ type });
        return;
      }
      const payload = result?.body as { errors?: boolean; items?: Record<string, { error?: { type?: string } }>[] } | undefined;
      if (payload && payload.errors === true && Array.isArray(payload.items)) {
        for (const item of payload.items) {
          const error = Object.values(item)[0]?.error;
          // A version conflict is an older version arriving late: the job's outcome is `stale`, not an error.
          if (error && error.type !== 'version_conflict_engine_exception') this.esErrors.inc({ type: error.type ?? 'unknown' });
        }
      }
    });
  }
}
