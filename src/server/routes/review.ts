import type { Client } from '@elastic/elasticsearch';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/swagger';
import { CorrectionStore } from '../../elastic/corrections.ts';
import { correctQuote, MAX_REVIEW_LIMIT, reviewList } from '../../elastic/review.ts';
import { CorrectionError } from '../../errors.ts';
import { Authenticator } from '../auth.ts';
import { REVIEW_CSS, REVIEW_CSS_PATH, REVIEW_PATH, reviewPage, type Notice } from '../review-page.ts';
import { errorSchema } from '../schemas.ts';

export interface ReviewRouteOptions {
  es: Client;
  alias: string;
  auth: Authenticator;
  /** Quotes below this speaker confidence are listed. */
  below: number;
  cacheMs: number;
}

/** The page's headers: nothing loads from anywhere but this server, forms post only here, no framing. */
const PAGE_CSP = "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const limitOf = (v: unknown, fallback = 20) => {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : fallback;
  return Math.min(n, MAX_REVIEW_LIMIT);
};

/** The user name a browser sent with Basic credentials (what the editor typed at the login prompt), if any. */
function basicUserOf(header: string | undefined): string | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const user = decoded.slice(0, Math.max(0, decoded.indexOf(':'))).trim();
  return user || null;
}

/** Who a correction is recorded as: the token's name, and the name the person gave, when they gave one. */
function correctorOf(request: FastifyRequest, claimed: string | null): string {
  const principal = request.principal?.name ?? 'unknown';
  const name = claimed?.replace(/\s+/g, ' ').trim().slice(0, 100);
  return name ? `${principal}:${name}` : principal;
}

interface PostBody {
  speaker?: unknown;
  /** The quote the editor saw (`quoteId` of the list): corrected even if its position moved since. */
  quoteId?: unknown;
  by?: unknown;
  candidate?: unknown;
  none?: unknown;
}

const isForm = (request: FastifyRequest) => String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');

/** The editor's answer from a JSON body (`speaker`: a name or null) or the page's form (`candidate`, `speaker`, `none`). */
function answerOf(body: PostBody, form: boolean): string | null {
  if (form) {
    if (body.none !== undefined) return null;
    const name = typeof body.candidate === 'string' && body.candidate.trim() ? body.candidate : body.speaker;
    if (typeof name === 'string' && name.trim()) return name;
    throw new CorrectionError('give a name, pick a candidate, or choose No speaker', 400);
  }
  if (body.speaker === null) return null;
  if (typeof body.speaker === 'string' && body.speaker.trim()) return body.speaker;
  throw new CorrectionError('the body needs "speaker": a name, or null for no speaker', 400);
}

/**
 * The review of doubtful attributions: `GET /review` (the page, HTTP Basic in a browser),
 * `GET /review/items` (the same list as JSON), `POST /review/{storyId}/{quoteIndex}` (a
 * correction, from the API or the page's forms). The editor scope (editor and admin tokens);
 * a state change with browser credentials must come from this host's own page.
 */
export async function reviewRoutes(app: FastifyInstance, opts: ReviewRouteOptions): Promise<void> {
  const { es, alias, auth } = opts;
  const store = new CorrectionStore(es, alias, { cacheMs: opts.cacheMs });
  const editor = auth.require('editor', { browser: true });

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.get<{ Querystring: { limit?: string; done?: string; to?: string; error?: string } }>(
    REVIEW_PATH,
    { onRequest: editor, schema: { hide: true } },
    async (request, reply) => {
      const q = request.query;
      const done = /^(wd-[0-9a-f]{32}):(\d+)$/.exec(q.done ?? '');
      const notice: Notice | null = done ? { kind: 'saved', storyId: done[1]!, quoteIndex: Number(done[2]), speaker: q.to ?? null } : q.error ? { kind: 'error', message: q.error.slice(0, 300) } : null;
      const list = await reviewList(es, alias, { below: opts.below, limit: limitOf(q.limit) });
      return reply
        .header('content-security-policy', PAGE_CSP)
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(reviewPage(list, { below: opts.below, notice }));
    },
  );

  app.get(REVIEW_CSS_PATH, { onRequest: editor, schema: { hide: true } }, async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'private, max-age=3600').send(REVIEW_CSS));

  app.get<{ Querystring: { limit?: string } }>(
    `${REVIEW_PATH}/items`,
    {
      onRequest: editor,
      schema: {
        tags: ['review'],
        summary: 'Quotes to review',
        description: 'Quotes whose speaker confidence is below WIREDESK_REVIEW_BELOW, newest stories first: {total, items: [{quoteId, storyId, quoteIndex, text, speaker, confidence, how, candidates}]}. Needs the editor scope.',
        querystring: { type: 'object', properties: { limit: { type: 'string', pattern: '^\\d+$', description: `quotes to list, at most ${MAX_REVIEW_LIMIT} (default 20)` } } },
        response: { 401: errorSchema, 403: errorSchema },
      },
    },
    async (request) => reviewList(es, alias, { below: opts.below, limit: limitOf(request.query.limit) }),
  );

  app.post<{ Params: { storyId: string; quoteIndex: string }; Body: PostBody }>(
    `${REVIEW_PATH}/:storyId/:quoteIndex`,
    {
      onRequest: editor,
      schema: {
        tags: ['review'],
        summary: "Correct a quote's speaker",
        description:
          'Body `{"speaker": "<name>"}` or `{"speaker": null}` (nobody is quoted), optionally `"by"`: who corrects, and `"quoteId"` from the list: that quote is corrected even if a re-enrichment moved it to another position. Stored apart from the story (surviving re-sends and re-enrichment) and applied to the indexed story at once; the quote gets `how: "editor"`, `correctedBy`, `correctedAt`. The review page posts the same route as a form and is sent back to the page. Needs the editor scope.',
        params: { type: 'object', required: ['storyId', 'quoteIndex'], properties: { storyId: { type: 'string' }, quoteIndex: { type: 'string', pattern: '^\\d+$' } } },
        response: { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply: FastifyReply) => {
      const form = isForm(request);
      const { storyId } = request.params;
      const quoteIndex = Number(request.params.quoteIndex);
      const body = (request.body ?? {}) as PostBody;
      try {
        if (!/^wd-[0-9a-f]{32}$/.test(storyId)) throw new CorrectionError('the story id must be wd- and 32 hex digits', 400);
        const speaker = answerOf(body, form);
        const by = correctorOf(request, form ? basicUserOf(request.headers.authorization) : typeof body.by === 'string' ? body.by : null);
        const done = await correctQuote(es, alias, store, { storyId, quoteIndex, speaker, by, ...(typeof body.quoteId === 'string' ? { quoteId: body.quoteId } : {}) });
        if (!form) return done;
        const to = done.correction.speaker ? `&to=${encodeURIComponent(done.correction.speaker.name)}` : '';
        return reply.redirect(`${REVIEW_PATH}?done=${encodeURIComponent(`${storyId}:${done.quoteIndex}`)}${to}`, 303);
      } catch (err) {
        if (form && err instanceof CorrectionError) return reply.redirect(`${REVIEW_PATH}?error=${encodeURIComponent(err.message)}`, 303);
        throw err;
      }
    },
  );
}
