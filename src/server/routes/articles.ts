import type { FastifyInstance } from 'fastify';
import { RAW_ARTICLE_KEYS } from '../../article/raw.ts';
import { FORMATS } from '../../article/story.ts';
import { capMessage, UnreadableArticleError } from '../../errors.ts';
import { rawItemsOf, type RawItem } from '../../ingest/raw-items.ts';
import { decodeContent } from '../../formats/charset.ts';
import type { Config } from '../../config.ts';
import { prepare, type PreparedArticle } from '../../pipeline.ts';
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
}


/** The raw body, kept as a string; JSON is parsed by the route, which decides what it holds. */
interface Body {
  text: string;
  kind: 'json' | 'raw';
}

interface FieldError {
  index: number | null;
  /** The item's index in a feed or multi-item content (newsMessage, ninjs array), from 0. */
  item?: number;
  field: string;
  message: string;
}

class BadBody extends Error {}

/** A name or value from the request, shortened for a message (never echo a long input back). */
const clip = (s: string, max = 60) => (s.length > max ? `${s.slice(0, max)}…` : s);

/**
 * What a body holds: a JSON array of raw articles, a JSON raw article (an object with
 * `content`), or a story as received (text, XML, or JSON such as a ninjs object or array), which
 * becomes one raw article with `?format=` and `?source=` from the query. JSON that is not an
 * object or an array (`null`, `0`, `true`, `"a string"`) is none of these and is refused.
 */
function candidatesOf(body: Body, query: { format?: string; source?: string }, maxArticles: number): { raws: unknown[]; errors: FieldError[]; array: boolean } {
  const asStory = () => ({ content: body.text, ...(query.format ? { format: query.format } : {}), ...(query.source ? { source: query.source } : {}) });
  if (body.kind === 'raw') return { raws: [asStory()], errors: [], array: false };
  let value: unknown;
  try {
    value = JSON.parse(body.text);
  } catch (err) {
    throw new BadBody(`the body is not JSON (${clip((err as Error).message, 120)}); send text or XML stories as text/plain or application/xml`);
  }
  if (typeof value !== 'object' || value === null) {
    throw new BadBody(
      `the body is JSON ${value === null ? 'null' : typeof value}, not a raw article ({"content": "the story", …}), an array of them, or a story object such as ninjs; send a plain story as text/plain`,
    );
  }
  // An array of objects none of which is a raw article is a story as received: a ninjs array, split into its items later.
  if (Array.isArray(value) && value.length && value.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v) && !('content' in v))) {
    return { raws: [asStory()], errors: [], array: false };
  }
  if (Array.isArray(value) && value.length > maxArticles) throw new TooMany(value.length);
  const errors: FieldError[] = [];
  const check = (v: unknown, index: number | null): unknown => {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || !('content' in v)) {
      if (index === null) return asStory();
      errors.push({ index, field: 'article', message: 'not a raw article: an object such as {"content": "the story", "format": "auto"}' });
      return null;
    }
    // The first unknown field only, as `prepare` reports it: a body of many keys gives one error.
    const unknown = Object.keys(v).find((key) => !RAW_ARTICLE_KEYS.includes(key));
    if (unknown !== undefined) errors.push({ index, field: clip(unknown), message: `unknown field; a raw article has ${RAW_ARTICLE_KEYS.join(', ')}` });
    return v;
  };
  if (Array.isArray(value)) return { raws: value.map((v, i) => check(v, i)), errors, array: true };
  return { raws: [check(value, null)], errors, array: false };
}

class TooMany extends Error {
  constructor(readonly count: number) {
    super(`${count} articles`);
  }
}

/** Splits `prepare`'s message (`content: is empty`) into field and message; reader errors concern `content`. */
function fieldErrorOf(index: number | null, err: unknown): FieldError {
  const message = capMessage((err as Error).message);
  const m = /^([A-Za-z][\w.]*): (.*)$/s.exec(message);
  if (m && (RAW_ARTICLE_KEYS.includes(m[1]!.split('.')[0]!) || m[1] === 'article')) return { index, field: m[1]!, message: m[2]! };
  return { index, field: 'content', message };
}

const describeField = (e: FieldError) => `${e.index === null ? '' : `[${e.index}].`}${e.item === undefined ? '' : `item ${e.item}: `}${e.field}: ${e.message}`;

/** An article's stories, each prepared or refused with its item index (see `rawItemsOf`). */
function prepareItems(index: number | null, items: RawItem[], now: Date) {
  const ok: { prepared: PreparedArticle; index: number | null; item: number | null }[] = [];
  const refused: FieldError[] = [];
  for (const r of items) {
    try {
      if ('error' in r) throw new UnreadableArticleError(r.error);
      ok.push({ prepared: prepare(r.raw, now), index, item: r.item });
    } catch (err) {
      refused.push({ ...fieldErrorOf(index, err), ...(r.item === null ? {} : { item: r.item }) });
    }
  }
  return { ok, refused };
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
  const { queue, auth, metrics, server } = opts;
  // This plugin's own parsers: every body arrives as a string, within the configured limit.
  app.removeAllContentTypeParsers();
  // A story as received is decoded by its BOM, Content-Type charset or XML declaration; JSON is UTF-8.
  const keep =
    (kind: Body['kind']) =>
    (req: { headers: Record<string, unknown> }, body: string | Buffer, done: (err: Error | null, body?: Body) => void): void =>
      done(null, { text: typeof body === 'string' ? body : kind === 'raw' ? decodeContent(body, String(req.headers['content-type'] ?? '')) : body.toString('utf8'), kind });
  const parse = { parseAs: 'string' as const, bodyLimit: server.bodyLimit };
  for (const type of ['application/json', /^application\/[\w.+-]*\+json$/]) app.addContentTypeParser(type, parse, keep('json'));
  for (const type of ['text/plain', 'application/xml', 'text/xml', /^application\/[\w.+-]*\+xml$/]) app.addContentTypeParser(type, { ...parse, parseAs: 'buffer' as const }, keep('raw'));

  app.post<{ Body: Body; Querystring: { format?: string; source?: string } }>(
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
      let parsed;
      const tooMany = (n: number) =>
        reply.code(413).send({ error: 'too_many_articles', message: `${n} articles in one request, over the limit of ${server.maxArticles}; split the batch` });
      try {
        parsed = candidatesOf(request.body, request.query, server.maxArticles);
      } catch (err) {
        if (err instanceof BadBody) return reply.code(400).send({ error: 'invalid_body', message: err.message, errors: [] });
        if (err instanceof TooMany) return tooMany(err.count);
        throw err;
      }
      if (parsed.raws.length === 0) return reply.code(400).send({ error: 'invalid_article', message: 'the array holds no articles', errors: [] });
      const errors = parsed.errors;
      const split = parsed.raws.map((raw, i) => {
        const index = parsed.array ? i : null;
        return raw === null || errors.some((e) => e.index === index) ? null : { index, items: rawItemsOf(raw) };
      });
      const stories = split.reduce((n, a) => n + (a?.items.length ?? 0), 0);
      if (stories > server.maxArticles) return tooMany(stories);
      const prepared: { prepared: PreparedArticle; index: number | null; item: number | null }[] = [];
      const rejected: FieldError[] = [];
      const now = new Date();
      for (const article of split) {
        if (!article) continue;
        const { ok, refused } = prepareItems(article.index, article.items, now);
        // A feed with at least one readable item is taken without its odd items; otherwise the article is refused.
        if (ok.length) {
          prepared.push(...ok);
          rejected.push(...refused);
        } else errors.push(...refused);
      }
      if (errors.length) {
        metrics.httpArticles.inc({ status: 'rejected' }, Math.max(stories, parsed.raws.length));
        errors.sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
        return reply.code(400).send({
          error: 'invalid_article',
          message: `${errors.length === 1 ? 'refused' : `${errors.length} problems`}, nothing was enqueued: ${errors
            .slice(0, 5)
            .map((e) => clip(describeField(e), 200))
            .join('; ')}${errors.length > 5 ? ' …' : ''}`,
          errors,
        });
      }
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
