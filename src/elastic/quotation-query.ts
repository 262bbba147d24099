import type { estypes } from '@elastic/elasticsearch';
import { z } from 'zod';
import { canonicalAgency } from '../normalize/agencies.ts';
import { LIVE_FILTER } from './template.ts';

/**
 * The unique-quotes and speaker contracts shared by the CLI and the HTTP API, and the request
 * bodies built from them (pure, tested without Elasticsearch).
 */

type Query = estypes.QueryDslQueryContainer;

const day = z.iso.date({ error: 'must be a date such as 2021-08-26' });
const text = (max = 200) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** How deep unique quotations page: terms buckets are computed up to this many. */
export const MAX_UNIQUE_DEPTH = 10_000;

export const uniqueQuoteParamsSchema = z
  .object({
    q: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
    speaker: text().optional(),
    speakerTitle: text().optional(),
    agency: text(60).optional(),
    from: day.optional(),
    to: day.optional(),
    sort: z.enum(['occurrences', 'date'], { error: 'must be occurrences or date' }).default('occurrences'),
    size: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 or more').max(100, 'must be at most 100').default(10),
    after: z.string().max(200).optional(),
  })
  .strict()
  .refine((p) => !(p.from && p.to && p.from > p.to), { message: 'must not be after to', path: ['from'] });
export type UniqueQuoteParams = z.input<typeof uniqueQuoteParamsSchema>;
export type ValidUniqueQuoteParams = z.output<typeof uniqueQuoteParamsSchema>;

/** A quotation id: `q` and 16 hex digits. */
export const QUOTATION_ID = /^q[0-9a-f]{16}$/;

/**
 * A title held when quoted: the phrase within the title, and not a `former …` one unless the
 * asked title says former ("Secretary of State" is not "former Secretary of State").
 */
export function titleQuery(field: string, title: string): Query {
  const must: Query[] = [{ match_phrase: { [field]: title } }];
  const pastWords = ['former', 'ex', 'late', 'then'];
  const asked = title.toLowerCase().split(/[^a-z]+/);
  const mustNot: Query[] = pastWords.filter((w) => !asked.includes(w)).map((w) => ({ match: { [field]: w } }));
  return { bool: { must, must_not: mustNot } };
}

function nameQuery(field: string, name: string): Query {
  return { bool: { should: [{ term: { [`${field}.lower`]: name.toLowerCase() } }, { match_phrase: { [`${field}.text`]: name } }], minimum_should_match: 1 } };
}

/** Occurrence filters: words in the quote, speaker, title held, agency, publication dates. */
export function occurrenceFilters(p: ValidUniqueQuoteParams): Query[] {
  const f: Query[] = [];
  if (p.q) f.push({ simple_query_string: { query: p.q, fields: ['text'], default_operator: 'and' } });
  if (p.speaker) f.push(nameQuery('speaker.name', p.speaker));
  if (p.speakerTitle) f.push(titleQuery('speaker.title', p.speakerTitle));
  if (p.agency) f.push({ term: { 'agency.lower': (canonicalAgency(p.agency) ?? p.agency).toLowerCase() } });
  if (p.from || p.to) f.push({ range: { publishedAt: { ...(p.from ? { gte: p.from } : {}), ...(p.to ? { lte: `${p.to}||+1d/d`, format: 'strict_date' } : {}) } } });
  return f;
}

const EARLIEST: estypes.SortCombinations[] = [{ publishedAt: { order: 'asc', missing: '_last' } }, { storyId: { order: 'asc' } }];

/** Per-quotation sub-aggregations: stories, first publication, earliest and longest occurrence, speaker votes. */
export const QUOTATION_AGGS: Record<string, estypes.AggregationsAggregationContainer> = {
  stories: { cardinality: { field: 'storyId' } },
  first: { min: { field: 'publishedAt' } },
  earliest: { top_hits: { size: 1, sort: EARLIEST, _source: { includes: ['storyId', 'publishedAt', 'agency'] } } },
  longest: { top_hits: { size: 1, sort: [{ words: { order: 'desc' } }, { key: { order: 'asc' } }], _source: { includes: ['text'] } } },
  speakers: { terms: { field: 'speaker.name', size: 10, order: [{ votes: 'desc' }, { _count: 'desc' }, { _key: 'asc' }] }, aggs: { votes: { sum: { field: 'confidence' } } } },
};

/** The `_search` body for unique quotations: one terms bucket per quotation id, `from` buckets skipped by the caller. */
export function uniqueQuotesBody(p: ValidUniqueQuoteParams, offset: number): estypes.SearchRequest {
  const order: Record<string, estypes.SortOrder>[] = p.sort === 'date' ? [{ first: 'asc' }, { _key: 'asc' }] : [{ stories: 'desc' }, { first: 'asc' }, { _key: 'asc' }];
  return {
    size: 0,
    query: { bool: { filter: occurrenceFilters(p) } },
    aggs: {
      total: { cardinality: { field: 'quotation.id', precision_threshold: 40_000 } },
      quotations: { terms: { field: 'quotation.id', size: Math.min(offset + p.size, MAX_UNIQUE_DEPTH), order }, aggs: QUOTATION_AGGS },
    },
  };
}

/** The occurrences of one quotation, oldest first. */
export function quotationBody(id: string, size: number): estypes.SearchRequest {
  return { query: { term: { 'quotation.id': id } }, size, sort: EARLIEST, _source: { excludes: ['shingles', 'head', 'norm', 'quotation.norm'] }, track_total_hits: true };
}

/** A speaker's stories (live ones), the names matching, titles over time and organisations around them. */
export function speakerBody(name: string): estypes.SearchRequest {
  const quoted = nameQuery('quotes.speaker.name', name);
  return {
    size: 0,
    track_total_hits: true,
    query: { bool: { filter: [{ nested: { path: 'quotes', query: quoted } }, LIVE_FILTER] } },
    aggs: {
      quotes: {
        nested: { path: 'quotes' },
        aggs: {
          theirs: {
            filter: quoted,
            aggs: {
              names: { terms: { field: 'quotes.speaker.name', size: 5 } },
              titles: {
                terms: { field: 'quotes.speaker.title.keyword', size: 100 },
                aggs: { stories: { reverse_nested: {}, aggs: { first: { min: { field: 'publishedAt' } }, last: { max: { field: 'publishedAt' } } } } },
              },
            },
          },
        },
      },
      organizations: { terms: { field: 'facets.organizations', size: 10 } },
    },
  };
}
