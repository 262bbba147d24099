import type { Client } from '@elastic/elasticsearch';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Queue } from 'bullmq';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { RedisConnection } from '../queue/connection.ts';
import type { StoryQueue } from '../queue/queue.ts';
import { PIPELINE_VERSION } from '../version.ts';
import { Authenticator } from './auth.ts';
import type { Metrics } from './metrics.ts';
import { adminRoutes, DASHBOARD_PATH } from './routes/admin.ts';
import { articleRoutes } from './routes/articles.ts';
import { opsRoutes } from './routes/ops.ts';
import { searchRoutes } from './routes/search.ts';

export interface AppDeps {
  config: Config;
  logger: Logger;
  queue: StoryQueue;
  /** A producer connection (fails fast) for readiness checks. */
  redis: RedisConnection;
  es: Client;
  metrics: Metrics;
  /** More queues for the dashboard (the feeds queue). */
  extraQueues?: Queue[];
}

/**
 * The HTTP API: ingest, job status and retries, queue counts and rates, health, Prometheus
 * metrics, the bull-board dashboard, search (another module's plugin), and the OpenAPI
 * description at /docs. Built without listening, so tests can `inject` or `listen` on port 0.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, queue, es, metrics } = deps;
  const auth = new Authenticator(config.server);
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }),
    bodyLimit: config.server.bodyLimit,
    // While closing, new requests get 503 and keep-alive connections are closed when idle.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { strict: false } },
  });
  app.decorateRequest('principal', null);

  // Errors in one shape: { error, message }, with the status fastify chose (413, 415 …).
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    const codes: Record<string, [string, string]> = {
      FST_ERR_CTP_BODY_TOO_LARGE: ['body_too_large', `the body is over the limit of ${config.server.bodyLimit} bytes (WIREDESK_BODY_LIMIT)`],
      FST_ERR_CTP_INVALID_MEDIA_TYPE: [
        'unsupported_media_type',
        `unsupported Content-Type ${JSON.stringify(request.headers['content-type'] ?? '(none)')}: send application/json (raw articles), text/plain, or application/xml`,
      ],
      FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['invalid_content_length', 'the Content-Length does not match the body'],
    };
    const known = err.code ? codes[err.code] : undefined;
    if (status >= 500) request.log.error({ err }, 'request failed');
    return reply.code(status).send({ error: known?.[0] ?? (status >= 500 ? 'internal_error' : (err.code ?? 'bad_request')), message: known?.[1] ?? err.message });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` }));

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'wiredesk',
        version: PIPELINE_VERSION,
        description: [
          'News-wire ingestion: enqueue stories, follow each job, search the indexed stories.',
          'Tokens: `Authorization: Bearer <token>`. WIREDESK_API_TOKEN has the ingest and read scopes, WIREDESK_READ_TOKEN read, WIREDESK_ADMIN_TOKEN ingest, read and admin.',
          `The queue dashboard (bull-board) is at ${DASHBOARD_PATH}: the read scope sees it read-only, the admin scope may retry, clean and pause; browsers may log in with HTTP Basic, the token as password.`,
        ].join('\n\n'),
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
      // Every route needs a token unless it says otherwise (health, readiness, metrics, these docs).
      security: [{ bearerAuth: [] }],
      tags: [
        { name: 'ingest', description: 'Put stories on the queue' },
        { name: 'jobs', description: 'Follow and retry story jobs' },
        { name: 'search', description: 'Search the indexed stories' },
        { name: 'health', description: 'Liveness, readiness, metrics' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(articleRoutes, { queue, auth, metrics, server: config.server });
  await app.register(opsRoutes, { queue, redis: deps.redis, es, auth, metrics });
  await app.register(adminRoutes, { queues: [queue, ...(deps.extraQueues ?? [])], auth });
  await app.register(async (scope) => {
    scope.addHook('onRequest', auth.require('read'));
    await scope.register(searchRoutes, { es, alias: config.index });
  });
  return app as unknown as FastifyInstance;
}
