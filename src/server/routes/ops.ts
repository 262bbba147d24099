import type { Client } from '@elastic/elasticsearch';
import type { FastifyInstance } from 'fastify';
import { jobView, queueRates, retryFailed, retryJob } from '../../queue/jobs.ts';
import type { RedisConnection } from '../../queue/connection.ts';
import type { StoryQueue } from '../../queue/queue.ts';
import { afterBacklog, type AfterQueue } from '../../queue/after.ts';
import { JOB_STATES } from '../../queue/status.ts';
import type { Authenticator } from '../auth.ts';
import type { Metrics } from '../../metrics/prometheus.ts';
import { errorSchema } from '../schemas.ts';

export interface OpsRouteOptions {
  queue: StoryQueue;
  /** The follow-up queue, whose backlog `GET /queues` shows too. */
  afterQueue?: AfterQueue;
  redis: RedisConnection;
  es: Client;
  auth: Authenticator;
  metrics: Metrics;
}

const nullable = (type: string) => ({ type: [type, 'null'] });
const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', description: 'a job id: the story id for jobs wiredesk enqueued, any id for jobs other producers added (URL-encoded)' } },
} as const;

/** An id from the URL, shortened for a message. */
const shown = (id: string) => (id.length > 80 ? `${id.slice(0, 80)}…` : id);

const jobSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    state: { type: 'string', description: 'waiting, prioritized, active, delayed, completed, failed, unknown' },
    stage: { ...nullable('string'), enum: ['read', 'normalised', 'extracted', 'indexed', null], description: 'the last stage reached' },
    attempts: { type: 'integer' },
    maxAttempts: { type: 'integer' },
    failure: { type: ['object', 'null'], properties: { reason: { type: 'string' }, class: { type: 'string' } } },
    documentId: nullable('string'),
    index: nullable('string'),
    outcome: nullable('string'),
    source: nullable('string'),
    format: nullable('string'),
    receivedAt: nullable('string'),
    priority: { type: 'integer' },
    timings: {
      type: 'object',
      properties: {
        enqueuedAt: nullable('string'),
        startedAt: nullable('string'),
        finishedAt: nullable('string'),
        waitedMs: nullable('number'),
        prepareMs: nullable('number'),
        extractMs: nullable('number'),
        indexMs: nullable('number'),
        totalMs: nullable('number'),
      },
    },
    logs: { type: 'array', items: { type: 'string' } },
  },
} as const;

const countsSchema = { type: 'object', properties: Object.fromEntries(JOB_STATES.map((s) => [s, { type: 'integer' }])) };
const rateSchema = { type: 'object', properties: { last1m: { type: 'number' }, last5m: { type: 'number' }, last15m: { type: 'number' } } };

/** Job status, retries, queue counts and rates, liveness and readiness, Prometheus metrics. */
export async function opsRoutes(app: FastifyInstance, opts: OpsRouteOptions): Promise<void> {
  const { queue, redis, es, auth, metrics } = opts;

  app.get<{ Params: { id: string } }>(
    '/jobs/:id',
    {
      onRequest: auth.require('read'),
      schema: {
        tags: ['jobs'],
        summary: 'One story job',
        description: 'State, the last stage reached (read, normalised, extracted, indexed), attempts, the failure reason with its class, the indexed document id, timings, and the job log. Needs the read scope.',
        security: [{ bearerAuth: [] }],
        params: idParams,
        response: { 200: jobSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 414: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const view = await jobView(queue, request.params.id);
      if (!view) return reply.code(404).send({ error: 'not_found', message: `no job ${shown(request.params.id)}: never enqueued, or removed after its retention period` });
      return view;
    },
  );

  app.post<{ Params: { id: string } }>(
    '/jobs/:id/retry',
    {
      onRequest: auth.require('admin'),
      schema: {
        tags: ['jobs'],
        summary: 'Retry a failed job',
        description: 'Puts a failed job back on the queue with its attempts reset. 409 when the job is not failed. Needs the admin scope.',
        security: [{ bearerAuth: [] }],
        params: idParams,
        response: {
          202: { type: 'object', properties: { id: { type: 'string' }, status: { type: 'string' } } },
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const outcome = await retryJob(queue, request.params.id);
      if (outcome.status === 'not_found') return reply.code(404).send({ error: 'not_found', message: `no job ${shown(outcome.id)}` });
      if (outcome.status === 'not_failed') return reply.code(409).send({ error: 'not_failed', message: `job ${shown(outcome.id)} is ${outcome.state}, not failed: only failed jobs are retried` });
      return reply.code(202).send(outcome);
    },
  );

  app.post(
    '/jobs/retry-failed',
    {
      onRequest: auth.require('admin'),
      schema: {
        tags: ['jobs'],
        summary: 'Retry every failed job',
        description: 'Puts every failed job back on the queue. Needs the admin scope.',
        security: [{ bearerAuth: [] }],
        response: { 202: { type: 'object', properties: { retried: { type: 'integer' } } }, 401: errorSchema, 403: errorSchema, 429: errorSchema },
      },
    },
    async (_request, reply) => reply.code(202).send({ retried: await retryFailed(queue) }),
  );

  app.get(
    '/queues',
    {
      onRequest: auth.require('read'),
      schema: {
        tags: ['jobs'],
        summary: 'Queue counts and rates',
        description: 'Story jobs by state, and completed and failed jobs per minute (the current minute, the last 5 and 15 minutes, and each of the last 15 minutes newest first), across every worker. Needs the read scope.',
        security: [{ bearerAuth: [] }],
        response: {
          200: {
            type: 'object',
            properties: {
              queue: { type: 'string' },
              counts: countsSchema,
              perMinute: { type: 'object', properties: { completed: rateSchema, failed: rateSchema } },
              minutes: { type: 'object', properties: { completed: { type: 'array', items: { type: 'integer' } }, failed: { type: 'array', items: { type: 'integer' } } } },
              after: { type: 'object', description: 'follow-ups (clusters, quotation occurrences of indexed stories): pending and counts by state', properties: { pending: { type: 'integer' }, counts: countsSchema } },
            },
          },
          401: errorSchema,
          403: errorSchema,
          429: errorSchema,
        },
      },
    },
    async () => ({ queue: queue.name, ...(await queueRates(queue)), ...(opts.afterQueue ? { after: await afterBacklog(opts.afterQueue) } : {}) }),
  );

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness',
        security: [],
        description: 'The process is up and answering. No auth.',
        response: { 200: { type: 'object', properties: { status: { type: 'string' } } } },
      },
    },
    async () => ({ status: 'ok' }),
  );

  const check = async (name: string, probe: () => Promise<string>) => {
    const started = performance.now();
    try {
      const detail = await probe();
      return { name, ok: true, detail, ms: Math.round(performance.now() - started) };
    } catch (err) {
      return { name, ok: false, detail: (err as Error).message, ms: Math.round(performance.now() - started) };
    }
  };
  const checkSchema = { type: 'object', properties: { ok: { type: 'boolean' }, detail: { type: 'string' }, ms: { type: 'integer' } } };
  const readySchema = { type: 'object', properties: { status: { type: 'string' }, checks: { type: 'object', properties: { redis: checkSchema, elasticsearch: checkSchema } } } };

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness',
        security: [],
        description: 'Redis answers PING and Elasticsearch cluster health is yellow or green (cluster health, not GET /, which the minimal distribution refuses). 503 when either is not. No auth.',
        response: { 200: readySchema, 503: readySchema },
      },
    },
    async (_request, reply) => {
      const [r, e] = await Promise.all([
        check('redis', async () => {
          const pong = await Promise.race([redis.ping(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 2s')), 2000).unref())]);
          return String(pong);
        }),
        check('elasticsearch', async () => {
          const health = await es.cluster.health({ timeout: '2s' }, { requestTimeout: 3000, maxRetries: 0 });
          if (health.status === 'red') throw new Error(`cluster ${health.cluster_name} is red`);
          return `cluster ${health.cluster_name} is ${health.status}`;
        }),
      ]);
      const ok = r.ok && e.ok;
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not_ready', checks: { redis: r, elasticsearch: e } });
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics',
        security: [],
        description:
          'Text exposition format: wiredesk_jobs{state}, wiredesk_jobs_completed_total{outcome}, wiredesk_job_failures_total{reason_class}, wiredesk_stage_duration_seconds{stage}, wiredesk_bulk_documents, wiredesk_bulk_bytes, wiredesk_bulk_duration_seconds, wiredesk_elasticsearch_errors_total{type}, wiredesk_http_articles_total{status}, and process metrics. No auth.',
        produces: ['text/plain'],
        response: { 200: { type: 'string' } },
      },
    },
    async (_request, reply) => {
      const body = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(body);
    },
  );
}
