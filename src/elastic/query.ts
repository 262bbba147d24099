import type { estypes } from '@elastic/elasticsearch';
import { z } from 'zod';
import { canonicalAgency } from '../normalize/agencies.ts';
import { titleQuery } from './quotation-query.ts';
import { LIVE_FILTER } from './template.ts';

/**
 * The search contract shared by the CLI and the HTTP API: one zod schema, the request bodies
 * built from it by pure functions (tested without Elasticsearch).
 */

const day = z.iso.date({ error: 'must be a date such as 2021-08-26' });
const text = (max = 200) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const searchParamsSchema = z
  .object({
    q: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
    speaker: text().optional(),
    /** Quotes whose speaker held this title when quoted (`Secretary of State`, not `former Secretary of State`). */
    speakerTitle: text().optional(),
    entity: text().optional(),
    person: text().optional(),
    org: text().optional(),
    location: text().optional(),
    city: text().optional(),
    country: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as RU')
      .transform((c) => c.toUpperCase())
      .optional(),
    agency: text(60).optional(),
    lang: z.string().trim().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, 'must be a language code such as en').optional(),
    from: day.optional(),
    to: day.optional(),
    sort: z.enum(['relevance', 'date'], { error: 'must be relevance or date' }).default('relevance'),
    size: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').max(100, 'must be at most 100').default(10),
    facets: z
      .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
      .transform((v) => v === true || v === 'true' || v === '1')
      .default(false),
    after: z.string().max(4000).optional(),
    like: z.string().regex(/^wd-[0-9a-f]{32}$/, 'must be a story id such as wd-0123…').optional(),
    /** One story per cluster of near-duplicates, with its copies counted (no next page). */
    collapse: z
      .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
      .transform((v) => v === true || v === 'true' || v === '1')
      .default(false),
    /** The members of one cluster: its id is the story id of its original. */
    cluster: z.string().regex(/^wd-[0-9a-f]{32}$/, 'must be a cluster id (the story id of its original) such as wd-0123…').optional(),
    /** Killed and withdrawn stories are left out unless asked for. */
    includeWithdrawn: z
      .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
      .transform((v) => v === true || v === 'true' || v === '1')
      .default(false),
  })
  .strict()
  .refine((p) => !(p.from && p.to && p.from > p.to), { message: 'must not be after to', path: ['from'] })
  .refine((p) => !(p.collapse && p.after), { message: 'cannot page a collapsed search (Elasticsearch collapses only the first page): ask for a larger size', path: ['after'] });

export type SearchParams = z.input<typeof searchParamsSchema>;
export type ValidSearchParams = z.output<typeof searchParamsSchema>;

/** The full-text fields, with boosts; `english` subfields join where the cluster has them. */
const TEXT_FIELDS = ['headline^3', 'body', 'dateline.city.text^2'];

type Query = estypes.QueryDslQueryContainer;

/** Hits are counted exactly up to this many; past it `total` is a lower bound (much cheaper). */
export const EXACT_TOTAL_UP_TO = 10_000;

const NEWEST: estypes.SortCombinations = { publishedAt: { order: 'desc', missing: '_last' } };
const BEST: estypes.SortCombinations = { _score: { order: 'desc' } };
// The story id breaks ties, so search_after pages never skip or repeat a story.
const TIEBREAK: estypes.SortCombinations = { id: { order: 'asc' } };

/** A name matched exactly (any case) or as a phrase inside a longer name ("Putin" in "Vladimir Putin"). */
function nameQuery(field: string, name: string): Query {
  return {
    bool: {
      should: [{ term: { [`${field}.lower`]: name.toLowerCase() } }, { match_phrase: { [`${field}.text`]: name } }],
      minimum_should_match: 1,
    },
  };
}

function entityFilter(name: string, type?: 'person' | 'organization' | 'location'): Query {
  const must: Query[] = [nameQuery('entities.name', name)];
  if (type) must.push({ term: { 'entities.type': type } });
  return { nested: { path: 'entities', query: { bool: { must } } } };
}

export function speakerQuery(name: string): Query {
  return nameQuery('quotes.speaker.name', name);
}

/** The filters a request asks for (all must hold). */
export function filtersOf(p: ValidSearchParams): Query[] {
  const f: Query[] = [];
  if (p.speaker) f.push({ nested: { path: 'quotes', query: speakerQuery(p.speaker) } });
  if (p.speakerTitle) f.push({ nested: { path: 'quotes', query: titleQuery('quotes.speaker.title', p.speakerTitle) } });
  if (p.entity) f.push(entityFilter(p.entity));
  if (p.person) f.push(entityFilter(p.person, 'person'));
  if (p.org) f.push(entityFilter(p.org, 'organization'));
  if (p.location) f.push(entityFilter(p.location, 'location'));
  if (p.city) f.push({ term: { 'dateline.city.lower': p.city.toLowerCase() } });
  if (p.country) f.push({ term: { 'dateline.country': p.country } });
  if (p.agency) f.push({ term: { 'agency.lower': (canonicalAgency(p.agency) ?? p.agency).toLowerCase() } });
  if (p.lang) f.push({ term: { language: p.lang } });
  if (p.cluster) f.push({ term: { 'cluster.id': p.cluster } });
  if (!p.includeWithdrawn) f.push(LIVE_FILTER);
  if (p.from || p.to) f.push({ range: { publishedAt: { ...(p.from ? { gte: p.from } : {}), ...(p.to ? { lte: `${p.to}||+1d/d`, format: 'strict_date' } : {}) } } });
  return f;
}

/** Words over headline, body, dateline city and quote texts, in simple_query_string syntax. */
export function fullTextQuery(words: string, english: boolean): Query {
  const fields = english ? [...TEXT_FIELDS, 'headline.english^2', 'body.english'] : TEXT_FIELDS;
  return {
    bool: {
      should: [
        { simple_query_string: { query: words, fields, default_operator: 'and' } },
        { nested: { path: 'quotes', score_mode: 'max', query: { simple_query_string: { query: words, fields: english ? ['quotes.text', 'quotes.text.english'] : ['quotes.text'], default_operator: 'and' } } } },
      ],
      minimum_should_match: 1,
    },
  };
}

/** A histogram interval fitting the requested range: hours for a day or two, up to years. */
export function histogramInterval(from?: string, to?: string): 'hour' | 'day' | 'week' | 'month' | 'year' {
  if (!from || !to) return 'month';
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days <= 2) return 'hour';
  if (days <= 92) return 'day';
  if (days <= 400) return 'week';
  if (days <= 3650) return 'month';
  return 'year';
}

export function facetAggregations(p: ValidSearchParams): Record<string, estypes.AggregationsAggregationContainer> {
  const top = (field: string, size = 10) => ({ terms: { field, size } });
  return {
    speakers: top('facets.speakers'),
    people: top('facets.people'),
    organizations: top('facets.organizations'),
    locations: top('facets.locations'),
    agencies: top('agency'),
    countries: top('dateline.country', 20),
    published: { date_histogram: { field: 'publishedAt', calendar_interval: histogramInterval(p.from, p.to), min_doc_count: 1 } },
  };
}

export interface StorySearchOptions {
  english: boolean;
  /** Sort values to continue after (deep paging), decoded from the cursor. */
  searchAfter?: estypes.SortResults;
}

/** The `_search` body for a story search (no index or point in time: the caller adds those). */
export function storySearchBody(p: ValidSearchParams, opts: StorySearchOptions): estypes.SearchRequest {
  const words = p.q?.trim();
  const must: Query[] = [];
  if (words) must.push(fullTextQuery(words, opts.english));
  if (p.like) must.push({ more_like_this: { fields: ['headline', 'body'], like: [{ _id: p.like }], min_term_freq: 1, min_doc_freq: 1, max_query_terms: 40 } });
  const byDate = p.sort === 'date' || (!words && !p.like);
  return {
    query: { bool: { must: must.length ? must : [{ match_all: {} }], filter: filtersOf(p) } },
    size: p.size,
    track_total_hits: EXACT_TOTAL_UP_TO,
    sort: byDate ? [NEWEST, TIEBREAK] : [BEST, NEWEST, TIEBREAK],
    ...(opts.searchAfter ? { search_after: opts.searchAfter } : {}),
    highlight: {
      fields: { body: { fragment_size: 180, number_of_fragments: 2 }, headline: { number_of_fragments: 0 } },
      pre_tags: ['<em>'],
      post_tags: ['</em>'],
    },
    _source: { excludes: ['facets'] },
    ...(p.collapse ? collapseByCluster() : {}),
    ...(p.facets || p.collapse ? { aggs: { ...(p.facets ? facetAggregations(p) : {}), ...(p.collapse ? { clusters: { cardinality: { field: 'cluster.id' } } } : {}) } } : {}),
  };
}

/** One hit per cluster (the best by the search's sort), the matching members counted in `copies`. */
export function collapseByCluster(): Pick<estypes.SearchRequest, 'collapse'> {
  return { collapse: { field: 'cluster.id', inner_hits: { name: 'copies', size: 0 } } };
}

/** The `_search` body for quotes: stories holding a matching quote, the quotes as inner hits. */
export function quoteSearchBody(p: ValidSearchParams, opts: StorySearchOptions & { perStory: number }): estypes.SearchRequest {
  const words = p.q?.trim();
  const quoteMust: Query[] = [];
  if (p.speaker) quoteMust.push(speakerQuery(p.speaker));
  if (p.speakerTitle) quoteMust.push(titleQuery('quotes.speaker.title', p.speakerTitle));
  if (words) quoteMust.push({ simple_query_string: { query: words, fields: opts.english ? ['quotes.text', 'quotes.text.english'] : ['quotes.text'], default_operator: 'and' } });
  const quoteQuery: Query = { bool: { must: quoteMust.length ? quoteMust : [{ match_all: {} }] } };
  // The speaker is matched per quote (inside the nested query), not per story.
  const { speaker: _speaker, speakerTitle: _title, ...storyFilters } = p;
  return {
    query: {
      bool: {
        must: [{ nested: { path: 'quotes', query: quoteQuery, score_mode: 'max', inner_hits: { size: opts.perStory, _source: true, highlight: { fields: { 'quotes.text': { number_of_fragments: 0 } }, pre_tags: ['<em>'], post_tags: ['</em>'] } } } }],
        filter: filtersOf(storyFilters),
      },
    },
    size: p.size,
    track_total_hits: EXACT_TOTAL_UP_TO,
    sort: p.sort === 'date' || !words ? [NEWEST, TIEBREAK] : [BEST, NEWEST, TIEBREAK],
    ...(opts.searchAfter ? { search_after: opts.searchAfter } : {}),
    _source: { includes: ['id', 'headline', 'publishedAt', 'agency', 'dateline.city', 'dateline.country'] },
    aggs: { quotes: { nested: { path: 'quotes' }, aggs: { matching: { filter: quoteQuery } } } },
  };
}
