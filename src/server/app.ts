import type { Client } from '@elastic/elasticsearch';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Queue } from 'bullmq';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { capMessage, RateLimitedError, WiredeskError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { RedisConnection } from '../queue/connection.ts';
import type { StoryQueue } from '../queue/queue.ts';
import { PIPELINE_VERSION } from '../version.ts';
import { Authenticator } from './auth.ts';
import { requestForLog } from './http-log.ts';
import type { Metrics } from '../metrics/prometheus.ts';
import { adminRoutes, DASHBOARD_PATH } from './routes/admin.ts';
import { articleRoutes, type ArticlesRouteOptions } from './routes/articles.ts';
import { opsRoutes } from './routes/ops.ts';
import type { AfterQueue } from '../queue/after.ts';
import { reviewRoutes } from './routes/review.ts';
import { searchRoutes } from './routes/search.ts';

/** The longest path parameter (a job id) the router takes; longer ones get 414. */
const MAX_PARAM_LENGTH = 256;

/** Router errors in the API's shape: status, code, message (never the offending input). */
const FRAMEWORK_ERRORS: Record<string, [number, string, string]> = {
  FST_ERR_MAX_PARAM_LENGTH: [414, 'uri_too_long', `a path parameter is over ${MAX_PARAM_LENGTH} characters`],
  FST_ERR_BAD_URL: [400, 'bad_url', 'the URL is malformed (a bad percent-encoding?)'],
};

/**
 * Errors Node's HTTP parser finds before fastify sees a request (headers over 16 KB, the URL
 * included; a timeout; a malformed request), answered in the API's shape on the raw socket.
 */
function clientError(err: NodeJS.ErrnoException, socket: import('node:stream').Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, error, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'headers_too_large', 'the request line and headers are over the server limit of 16 KB: send long input in the body']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'request_timeout', 'the request took too long to arrive']
        : [400, 'Bad Request', 'bad_request', 'the request is not valid HTTP'];
  const body = JSON.stringify({ error, message });
  if (socket.writable) socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  socket.destroy(err);
}

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
  /** The follow-up queue: its backlog in `GET /queues`. */
  afterQueue?: AfterQueue;
  /** Reads `POST /articles` requests off the event loop (`EnrichPool.readRequest` in `serve`). */
  readRequest: ArticlesRouteOptions['read'];
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
    // The request log keeps the route and a URL whose secret query parameters are redacted.
    loggerInstance: deps.logger.child({ component: 'http' }, { serializers: { req: requestForLog } }),
    bodyLimit: config.server.bodyLimit,
    // While closing, new requests get 503 and keep-alive connections are closed when idle.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { strict: false } },
    // Job ids of producers outside wiredesk may be longer than story ids.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Errors the router and the HTTP parser find get the API's one shape too.
    frameworkErrors: (err, _request, reply) => {
      const known = FRAMEWORK_ERRORS[err.code];
      const status = known?.[0] ?? (err.statusCode && err.statusCode >= 400 ? err.statusCode : 400);
      void (reply as unknown as FastifyReply).code(status).send({ error: known?.[1] ?? 'bad_request', message: known?.[2] ?? capMessage(err.message, 200) });
    },
    clientErrorHandler: clientError,
  });
  app.decorateRequest('principal', null);

  // Errors in one shape: { error, message }, with the status fastify chose (413, 415 …).
  app.setErrorHandler((err: FastifyError | WiredeskError, request, reply) => {
    const statusOf = (err as { statusCode?: number }).statusCode;
    const status = statusOf && statusOf >= 400 ? statusOf : 500;
    const codes: Record<string, [string, string]> = {
      FST_ERR_CTP_BODY_TOO_LARGE: ['body_too_large', `the body is over the limit of ${config.server.bodyLimit} bytes (WIREDESK_BODY_LIMIT)`],
      FST_ERR_CTP_INVALID_MEDIA_TYPE: [
        'unsupported_media_type',
        `unsupported Content-Type ${JSON.stringify(capMessage(String(request.headers['content-type'] ?? '(none)'), 100))}: send application/json (raw articles), text/plain, or application/xml`,
      ],
      FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['invalid_content_length', 'the Content-Length does not match the body'],
    };
    const code = typeof err.code === 'string' ? err.code : undefined;
    const known = code ? codes[code] : undefined;
    if (status >= 500) request.log.error({ err }, 'request failed');
    if (err instanceof RateLimitedError) reply.header('Retry-After', String(err.retryAfterSeconds));
    const error = known?.[0] ?? (err instanceof WiredeskError ? err.code : status >= 500 ? 'internal_error' : (code ?? 'bad_request'));
    const message = known?.[1] ?? (status >= 500 && !(err instanceof WiredeskError) ? 'the server failed to answer this request; the server log has the details' : capMessage(err.message));
    return reply.code(status).send({ error, message });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${capMessage(request.url.split('?')[0] ?? '', 100)}` }),
  );

  // The per-token request budget, counted in Redis so every `serve` process shares it. The
  // Authenticator applies it once a request's token is known (401 and 403 cost nothing).
  await app.register(rateLimit, {
    global: false,
    max: config.server.rateLimit,
    timeWindow: 60_000,
    redis: deps.redis,
    nameSpace: `${config.queuePrefix}:ratelimit:`,
    // Redis down: search and health keep answering (ingest fails on its own, with 503).
    skipOnError: true,
    keyGenerator: (request) => request.principal?.name ?? 'anonymous',
    errorResponseBuilder: (request, context) => {
      const wait = Math.max(1, Math.ceil(context.ttl / 1000));
      return new RateLimitedError(`over ${context.max} requests a minute for the ${request.principal?.name ?? 'anonymous'} token; retry in ${wait}s`, wait);
    },
  });
  auth.limitWith(app.rateLimit() as unknown as (request: FastifyRequest, reply: FastifyReply) => Promise<void>);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'wiredesk',
        version: PIPELINE_VERSION,
        description: [
          'News-wire ingestion: enqueue stories, follow each job, search the indexed stories.',
          'Tokens: `Authorization: Bearer <token>`. WIREDESK_API_TOKEN has the ingest and read scopes, WIREDESK_READ_TOKEN read, WIREDESK_EDITOR_TOKEN read and editor, WIREDESK_ADMIN_TOKEN ingest, read, editor and admin.',
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
        { name: 'review', description: "Editors' review of doubtful attributions (the editor scope; the page is at /review)" },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(articleRoutes, { queue, auth, metrics, server: config.server, read: deps.readRequest });
  await app.register(opsRoutes, { queue, redis: deps.redis, es, auth, metrics, ...(deps.afterQueue ? { afterQueue: deps.afterQueue } : {}) });
  await app.register(adminRoutes, { queues: [queue, ...(deps.extraQueues ?? [])], auth });
  await app.register(reviewRoutes, { es, alias: config.index, auth, below: config.review.below, cacheMs: config.review.cacheMs });
  await app.register(async (scope) => {
    scope.addHook('onRequest', auth.require('read'));
    await scope.register(searchRoutes, { es, alias: config.index });
  });
  return app as unknown as FastifyInstance;
}
