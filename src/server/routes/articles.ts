import type { FastifyInstance } from 'fastify';
import { FORMATS } from '../../article/story.ts';
import { StageAbortedError } from '../../errors.ts';
import { clip, describeField, type IngestBody, type IngestQuery, type IngestReading } from '../../ingest/request.ts';
import { decodeContent } from '../../formats/charset.ts';
import type { Config } from '../../config.ts';
import { enqueuePrepared } from '../../queue/producer.ts';
import type { StoryQueue } from '../../queue/queue.ts';
import type { Authenticator } from '../auth.ts';
import type { Metrics } from '../../metrics/prometheus.ts';
import { errorSchema } from '../schemas.ts';

export interface ArticlesRouteOptions {
  queue: StoryQueue;
  auth: Authenticator;
  metrics: Metrics;
  server: Config['server'];
  /**
   * Reads a request (`readIngestRequest`): on a thread of the ingest pool in `serve`, so that
   * parsing and normalising megabytes of stories never holds up the event loop.
   */
  read: (body: IngestBody, query: IngestQuery, now: Date) => Promise<IngestReading>;
}

const articleSchema = {
  type: 'object',
  required: ['content'],
  additionalProperties: false,
  properties: {
    content: { type: 'string', description: 'the story as received: text, JSON (ninjs) or XML (NITF, NewsML-G2, RSS/Atom item)' },
    format: { type: 'string', enum: ['auto', ...FORMATS], default: 'auto' },
    receivedAt: { type: 'string', format: 'date-time' },
    source: { type: 'string', maxLength: 500, description: 'feed or file name' },
  },
} as const;


export async function articleRoutes(app: FastifyInstance, opts: ArticlesRouteOptions): Promise<void> {
  const { queue, auth, metrics, server, read } = opts;
  // This plugin's own parsers: every body arrives as a string, within the configured limit.
  app.removeAllContentTypeParsers();
  // A story as received is decoded by its BOM, Content-Type charset or XML declaration; JSON is UTF-8.
  const keep =
    (kind: IngestBody['kind']) =>
    (req: { headers: Record<string, unknown> }, body: string | Buffer, done: (err: Error | null, body?: IngestBody) => void): void =>
      done(null, { text: typeof body === 'string' ? body : kind === 'raw' ? decodeContent(body, String(req.headers['content-type'] ?? '')) : body.toString('utf8'), kind });
  const parse = { parseAs: 'string' as const, bodyLimit: server.bodyLimit };
  for (const type of ['application/json', /^application\/[\w.+-]*\+json$/]) app.addContentTypeParser(type, parse, keep('json'));
  for (const type of ['text/plain', 'application/xml', 'text/xml', /^application\/[\w.+-]*\+xml$/]) app.addContentTypeParser(type, { ...parse, parseAs: 'buffer' as const }, keep('raw'));

  app.post<{ Body: IngestBody; Querystring: IngestQuery }>(
    '/articles',
    {
      onRequest: auth.require('ingest'),
      bodyLimit: server.bodyLimit,
      schema: {
        tags: ['ingest'],
        summary: 'Enqueue stories',
        description: [
          'One raw article (`{"content": …}`), a JSON array of them, or a story as received: `text/plain`, `application/xml` (NITF, NewsML-G2, RSS/Atom) or JSON that is not a raw article (ninjs), with `?format=` and `?source=`.',
          'Every article is validated, read and normalised first; if any is refused, none is enqueued (400 with field-level messages).',
          'Content holding several stories (an RSS/Atom feed, a NewsML-G2 newsMessage, a ninjs array) is taken item by item: the readable items are enqueued and the odd ones listed in `rejected` with their `item` index and reason (202); when none of its items can be read, the article is refused (400). Items count towards the article limit.',
          `The job id is the story id, so a story already queued or kept is reported as a duplicate. At most ${server.maxArticles} articles and ${server.bodyLimit} bytes per request by default (WIREDESK_MAX_ARTICLES, WIREDESK_BODY_LIMIT).`,
          'A body over 16 KB is read on a worker thread; one that takes longer to read than the extraction budget (WIREDESK_EXTRACT_BUDGET_MS, counted once per 5 MB) is refused with 413 `too_large_to_read`.',
          'Needs the ingest scope.',
        ].join(' '),
        security: [{ bearerAuth: [] }],
        querystring: {
          type: 'object',
          properties: {
            format: { type: 'string', enum: ['auto', ...FORMATS], description: 'format of a raw body (default auto)' },
            source: { type: 'string', maxLength: 500, description: 'source name of a raw body' },
          },
        },
        body: {
          description: 'A raw article, an array of them, or a raw story',
          content: {
            'application/json': { schema: { oneOf: [articleSchema, { type: 'array', items: articleSchema }] } },
            'text/plain': { schema: { type: 'string' } },
            'application/xml': { schema: { type: 'string' } },
          },
        },
        response: {
          202: {
            description: 'Accepted: one entry per article, in order',
            type: 'object',
            properties: {
              enqueued: { type: 'integer' },
              duplicates: { type: 'integer' },
              jobs: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    status: { type: 'string', enum: ['enqueued', 'duplicate'] },
                    state: { type: 'string' },
                    url: { type: 'string' },
                    index: { type: 'integer', description: 'the article of an array body' },
                    item: { type: 'integer', description: 'the item of a feed or multi-item content, from 0' },
                  },
                },
              },
              rejected: { description: 'items of a feed or multi-item content that could not be read (the others were taken)', ...errorSchema.properties.errors },
            },
          },
          400: { description: 'Refused: nothing was enqueued', ...errorSchema },
          401: errorSchema,
          403: errorSchema,
          413: errorSchema,
          415: errorSchema,
          429: errorSchema,
        },
      },
      // The body is validated by the pipeline's own rules, not by the OpenAPI schema above.
      validatorCompiler: () => () => true,
    },
    async (request, reply) => {
      const tooMany = (n: number) =>
        reply.code(413).send({ error: 'too_many_articles', message: `${n} articles in one request, over the limit of ${server.maxArticles}; split the batch` });
      let reading: IngestReading;
      try {
        reading = await read(request.body, request.query, new Date());
      } catch (err) {
        // Over the reading budget, or the thread died (out of memory): this request, not the server.
        if (err instanceof StageAbortedError) {
          return reply.code(413).send({ error: 'too_large_to_read', message: `the request could not be read: ${err.message}; send fewer or smaller stories per request` });
        }
        throw err;
      }
      if (reading.kind === 'invalid_body') return reply.code(400).send({ error: 'invalid_body', message: reading.message, errors: [] });
      if (reading.kind === 'too_many') return tooMany(reading.count);
      if (reading.kind === 'empty') return reply.code(400).send({ error: 'invalid_article', message: 'the array holds no articles', errors: [] });
      if (reading.kind === 'refused') {
        const { errors } = reading;
        metrics.httpArticles.inc({ status: 'rejected' }, reading.stories);
        return reply.code(400).send({
          error: 'invalid_article',
          message: `${errors.length === 1 ? 'refused' : `${errors.length} problems`}, nothing was enqueued: ${errors
            .slice(0, 5)
            .map((e) => clip(describeField(e), 200))
            .join('; ')}${errors.length > 5 ? ' …' : ''}`,
          errors,
        });
      }
      const { prepared, rejected } = reading;
      const backlog = await queue.getJobCountByTypes('wait', 'prioritized', 'paused');
      if (backlog + prepared.length > server.maxBacklog) {
        metrics.httpArticles.inc({ status: 'backlogged' }, prepared.length);
        reply.header('Retry-After', '30');
        return reply.code(429).send({ error: 'backlog', message: `${backlog} stories are waiting, over the backlog limit of ${server.maxBacklog}; retry later` });
      }
      const jobs = [];
      for (const { prepared: p, index, item } of prepared) {
        const outcome = await enqueuePrepared(queue, p);
        jobs.push({ ...outcome, url: `/jobs/${encodeURIComponent(outcome.id)}`, ...(index === null ? {} : { index }), ...(item === null ? {} : { item }) });
      }
      const enqueued = jobs.filter((j) => j.status === 'enqueued').length;
      metrics.httpArticles.inc({ status: 'enqueued' }, enqueued);
      metrics.httpArticles.inc({ status: 'duplicate' }, jobs.length - enqueued);
      if (rejected.length) metrics.httpArticles.inc({ status: 'rejected' }, rejected.length);
      return reply.code(202).send({ enqueued, duplicates: jobs.length - enqueued, jobs, rejected });
    },
  );
}
