import type { Client } from '@elastic/elasticsearch';
import type { FastifyInstance, FastifyReply } from 'fastify';
// The OpenAPI fields (summary, tags, description) in route schemas come from the swagger plugin.
import type {} from '@fastify/swagger';
import { z } from 'zod';
import { searchParamsSchema } from '../../elastic/query.ts';
import { getStory, searchQuotes, searchStories } from '../../elastic/search.ts';
import { getQuotation, searchUniqueQuotes, speakerProfile } from '../../elastic/quotation-search.ts';
import { InvalidSearchError } from '../../errors.ts';
import { errorSchema } from '../schemas.ts';

export interface SearchRouteOptions {
  es: Client;
  /** The alias searched. */
  alias: string;
}

// The query string as OpenAPI sees it, from the same zod schema the search module validates
// with; validation itself stays with zod so every 400 has one shape.
const querystring = z.toJSONSchema(searchParamsSchema, { io: 'input', unrepresentable: 'any', target: 'draft-7' });
const passThrough = () => (data: unknown) => ({ value: data });


function badRequest(reply: FastifyReply, err: unknown) {
  if (err instanceof InvalidSearchError) {
    return reply.code(400).send({ error: err.code, param: err.param, message: err.message });
  }
  if ((err as { body?: { error?: { type?: string } } }).body?.error?.type === 'index_not_found_exception') {
    return reply.code(503).send({ error: 'index_missing', message: 'the story index is not set up yet: run `wiredesk setup` (or start a worker)' });
  }
  throw err;
}

/** A GET route whose query string is the search parameters; a bad one answers 400 naming it. */
function searchRoute(app: FastifyInstance, url: string, doc: { summary: string; description: string }, run: (query: Record<string, unknown>) => Promise<unknown>) {
  app.get(url, { validatorCompiler: passThrough, schema: { ...doc, tags: ['search'], querystring, response: { 400: errorSchema } } }, async (request, reply) => {
    try {
      return await run(request.query as Record<string, unknown>);
    } catch (err) {
      return badRequest(reply, err);
    }
  });
}

/** GET /search, GET /quotes (unique too), GET /quotes/:id, GET /speakers/:name, GET /stories/:id over the alias. */
export async function searchRoutes(app: FastifyInstance, opts: SearchRouteOptions): Promise<void> {
  searchRoute(
    app,
    '/search',
    {
      summary: 'Search stories',
      description:
        'Full text over headline, body and quotes (simple_query_string syntax in `q`), filters, sort, highlights, optional facets. `next` is a cursor for the following page (pass it as `after`); `like` finds stories like a given one; `collapse=true` shows one story per cluster of near-duplicates with `copies` counted (no next page), `cluster=<id>` lists one cluster.',
    },
    async (query) => {
      const result = await searchStories(opts.es, opts.alias, query);
      return {
        total: result.total,
        totalExact: result.totalExact,
        hits: result.hits.map((h) => ({ ...h.story, highlight: h.highlight, score: h.score, ...(h.copies !== undefined ? { copies: h.copies } : {}) })),
        ...(result.facets ? { facets: result.facets } : {}),
        next: result.next,
      };
    },
  );

  searchRoute(
    app,
    '/quotes',
    {
      summary: 'Search quotes',
      description:
        'Quotes whose text matches `q` and whose speaker matches `speaker` (or held `speakerTitle` when quoted), in stories matching the other filters; each with its speaker and story. With `unique=true`: each quotation once (`q`, `speaker`, `speakerTitle`, `agency`, `from`, `to`, `sort=occurrences|date`, `size`, `after`), with its longest form, aggregated speaker, first occurrence and the number of stories carrying it.',
    },
    async (query) => {
      if (query.unique !== undefined) {
        const { unique, ...rest } = query;
        if (unique === 'true' || unique === '1') return searchUniqueQuotes(opts.es, opts.alias, rest);
        if (unique !== 'false' && unique !== '0') throw new InvalidSearchError('unique', 'must be true or false');
        query = rest;
      }
      const result = await searchQuotes(opts.es, opts.alias, query);
      return {
        total: result.total,
        quotes: result.quotes.map(({ text, speaker, storyId, publishedAt, headline, verb, via, highlight }) => ({ text, speaker, storyId, publishedAt, headline, verb, via, highlight })),
        next: result.next,
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/quotes/:id',
    {
      schema: {
        summary: 'One quotation and every story that carried it',
        tags: ['search'],
        description: 'The longest form, the speaker aggregated over the occurrences (`agreement` = share agreeing), the first occurrence, and each occurrence oldest first with its story, agency, headline and speaker. The id of a partial form absorbed by a longer quotation finds that quotation.',
        params: { type: 'object', properties: { id: { type: 'string', description: 'a quotation id such as q0123…' } }, required: ['id'] },
        response: { 400: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      let quotation;
      try {
        quotation = await getQuotation(opts.es, opts.alias, request.params.id);
      } catch (err) {
        return badRequest(reply, err);
      }
      if (!quotation) return reply.code(404).send({ error: 'not_found', message: `no quotation ${request.params.id} in ${opts.alias}-quotes` });
      return quotation;
    },
  );

  app.get<{ Params: { name: string } }>(
    '/speakers/:name',
    {
      schema: {
        summary: 'A speaker: stories, quotes, titles over time',
        tags: ['search'],
        description: 'Live stories and quotes attributed to the name (full or partial), the titles stories gave the speaker with the first and last date each was used, and the organisations named most in those stories.',
        params: { type: 'object', properties: { name: { type: 'string', description: 'a full or partial name' } }, required: ['name'] },
        response: { 400: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      let profile;
      try {
        profile = await speakerProfile(opts.es, opts.alias, request.params.name);
      } catch (err) {
        return badRequest(reply, err);
      }
      if (!profile) return reply.code(404).send({ error: 'not_found', message: `no story in ${opts.alias} quotes ${request.params.name}` });
      return profile;
    },
  );

  app.get<{ Params: { id: string } }>(
    '/stories/:id',
    {
      schema: {
        summary: 'One story document',
        tags: ['search'],
        params: { type: 'object', properties: { id: { type: 'string', description: 'a story id such as wd-0123…' } }, required: ['id'] },
        response: { 400: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      if (!/^wd-[0-9a-f]{32}$/.test(request.params.id)) return badRequest(reply, new InvalidSearchError('id', 'must be a story id such as wd- and 32 hex digits'));
      let story;
      try {
        story = await getStory(opts.es, opts.alias, request.params.id);
      } catch (err) {
        return badRequest(reply, err);
      }
      if (!story) return reply.code(404).send({ error: 'not_found', message: `no story ${request.params.id} in ${opts.alias}` });
      return story;
    },
  );
}
