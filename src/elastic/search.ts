import type { Client, estypes } from '@elastic/elasticsearch';
import type { Quote, StoryDocument } from '../article/story.ts';
import { InvalidSearchError } from '../errors.ts';
import { fromIndexDocument, type IndexedStory } from './document.ts';
import { quoteSearchBody, searchParamsSchema, storySearchBody, type SearchParams, type ValidSearchParams } from './query.ts';
import { hasEnglishAnalyzer } from './template.ts';

export type { SearchParams } from './query.ts';

export interface StoryHit {
  story: StoryDocument;
  score: number | null;
  highlight: Record<string, string[]>;
  /** In a collapsed search: the other stories of its cluster that match too. */
  copies?: number;
}

export interface FacetBucket {
  value: string;
  count: number;
}

export interface SearchFacets {
  speakers: FacetBucket[];
  people: FacetBucket[];
  organizations: FacetBucket[];
  locations: FacetBucket[];
  agencies: FacetBucket[];
  countries: FacetBucket[];
  published: { date: string; count: number }[];
}

export interface SearchResult {
  /** Stories matching; in a collapsed search, clusters matching (approximate past 3,000). */
  total: number;
  /** False when more than 10,000 stories match: `total` is then a lower bound. */
  totalExact: boolean;
  hits: StoryHit[];
  facets?: SearchFacets;
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
}

export interface QuoteHit {
  text: string;
  speaker: Quote['speaker'];
  verb: string | null;
  via: string | null;
  partial: boolean;
  storyId: string;
  publishedAt: string | null;
  headline: string | null;
  highlight: string | null;
}

export interface QuoteSearchResult {
  /** Quotes matching, across all stories. */
  total: number;
  /** Stories holding them. */
  stories: number;
  quotes: QuoteHit[];
  next: string | null;
}

const englishByClient = new WeakMap<Client, Promise<boolean>>();
const englishOf = (client: Client) => {
  let known = englishByClient.get(client);
  if (!known) englishByClient.set(client, (known = hasEnglishAnalyzer(client)));
  return known;
};

/** The request parameters, validated; the error names the first bad parameter. */
export function parseSearchParams(input: unknown): ValidSearchParams {
  const result = searchParamsSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const param = issue.path.map(String).join('.') || 'query';
  const problem = issue.code === 'unrecognized_keys' ? `unknown parameter${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}` : issue.message;
  throw new InvalidSearchError(issue.code === 'unrecognized_keys' ? issue.keys[0]! : param, problem);
}

interface Cursor {
  kind: 'stories' | 'quotes';
  /** The point in time of page 2 onwards; null in the cursor the first page hands out. */
  pit: string | null;
  sort: estypes.SortResults;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeCursor(value: string, kind: Cursor['kind']): Cursor {
  try {
    const c = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Cursor;
    if (c.kind === kind && (typeof c.pit === 'string' || c.pit === null) && Array.isArray(c.sort)) return c;
  } catch {
    // fall through
  }
  throw new InvalidSearchError('after', `is not a cursor from a previous page of ${kind}`);
}

const PIT_KEEP_ALIVE = '2m';

/**
 * Runs a search body with `search_after` paging, so deep pages cost the same as the first. The
 * first page searches the alias and its cursor holds only the last hit's sort values; a point in
 * time is opened when a client actually asks for page 2, and carried from there on, so later
 * pages see one consistent snapshot. (Opening one for every first page would let a client
 * exhaust the cluster's search contexts just by searching.)
 */
async function runPaged<T>(client: Client, alias: string, p: ValidSearchParams, kind: Cursor['kind'], build: (after?: estypes.SortResults) => estypes.SearchRequest) {
  const cursor = p.after ? decodeCursor(p.after, kind) : null;
  const body = build(cursor?.sort);
  let response: estypes.SearchResponse<T>;
  try {
    const pit = cursor ? (cursor.pit ?? (await client.openPointInTime({ index: alias, keep_alive: PIT_KEEP_ALIVE })).id) : null;
    response = pit
      ? await client.search<T>({ ...body, pit: { id: pit, keep_alive: PIT_KEEP_ALIVE } })
      : await client.search<T>({ ...body, index: alias });
  } catch (err) {
    const type = (err as { body?: { error?: { type?: string; caused_by?: { type?: string } } } }).body?.error;
    if (cursor && (type?.type === 'search_context_missing_exception' || type?.caused_by?.type === 'search_context_missing_exception' || (err as { meta?: { statusCode?: number } }).meta?.statusCode === 404)) {
      throw new InvalidSearchError('after', 'has expired (cursors live two minutes after their last use); search again');
    }
    throw err;
  }
  const hits = response.hits.hits;
  const total = typeof response.hits.total === 'number' ? response.hits.total : (response.hits.total?.value ?? 0);
  const totalExact = typeof response.hits.total === 'number' || response.hits.total?.relation !== 'gte';
  let next: string | null = null;
  const last = hits[hits.length - 1];
  if (p.size > 0 && hits.length === p.size && last?.sort) {
    next = encodeCursor({ kind, pit: response.pit_id ?? null, sort: last.sort });
  } else if (response.pit_id) {
    await client.closePointInTime({ id: response.pit_id }).catch(() => undefined);
  }
  return { response, hits, total, totalExact, next };
}

type Buckets = { buckets: { key: string | number; key_as_string?: string; doc_count: number }[] };

function facetsOf(aggs: Record<string, estypes.AggregationsAggregate> | undefined): SearchFacets | undefined {
  if (!aggs) return undefined;
  const terms = (name: string) => ((aggs[name] as unknown as Buckets | undefined)?.buckets ?? []).map((b) => ({ value: String(b.key), count: b.doc_count }));
  return {
    speakers: terms('speakers'),
    people: terms('people'),
    organizations: terms('organizations'),
    locations: terms('locations'),
    agencies: terms('agencies'),
    countries: terms('countries'),
    published: ((aggs.published as unknown as Buckets | undefined)?.buckets ?? []).map((b) => ({ date: b.key_as_string ?? String(b.key), count: b.doc_count })),
  };
}

const countOf = (t: number | estypes.SearchTotalHits | undefined) => (typeof t === 'number' ? t : (t?.value ?? 0));

/** Stories matching words and filters, with highlights, optional facets and a next-page cursor. */
export async function searchStories(client: Client, alias: string, input: SearchParams): Promise<SearchResult> {
  const p = parseSearchParams(input);
  const english = await englishOf(client);
  const { response, hits, total, totalExact, next } = await runPaged<IndexedStory>(client, alias, p, 'stories', (searchAfter) =>
    storySearchBody(p, { english, ...(searchAfter ? { searchAfter } : {}) }),
  );
  const facets = p.facets ? facetsOf(response.aggregations) : undefined;
  const clusters = p.collapse ? (response.aggregations?.clusters as estypes.AggregationsCardinalityAggregate | undefined)?.value : undefined;
  return {
    total: clusters ?? total,
    totalExact: clusters !== undefined ? clusters <= 3000 && totalExact : totalExact,
    hits: hits.map((h) => ({
      story: fromIndexDocument(h._source!),
      score: h._score ?? null,
      highlight: (h.highlight ?? {}) as Record<string, string[]>,
      ...(p.collapse ? { copies: Math.max(0, countOf(h.inner_hits?.copies?.hits.total) - 1) } : {}),
    })),
    ...(facets ? { facets } : {}),
    next: p.collapse ? null : next,
  };
}

/** Quotes matching words, a speaker and story filters, newest stories first unless words rank them. */
export async function searchQuotes(client: Client, alias: string, input: SearchParams, perStory = 20): Promise<QuoteSearchResult> {
  const p = parseSearchParams(input);
  const english = await englishOf(client);
  const { response, hits, total, next } = await runPaged<Partial<StoryDocument>>(client, alias, p, 'quotes', (searchAfter) =>
    quoteSearchBody(p, { english, perStory, ...(searchAfter ? { searchAfter } : {}) }),
  );
  const quotes: QuoteHit[] = [];
  for (const h of hits) {
    const story = h._source ?? {};
    for (const inner of h.inner_hits?.quotes?.hits.hits ?? []) {
      const q = inner._source as Quote;
      quotes.push({
        text: q.text,
        speaker: q.speaker,
        verb: q.verb,
        via: q.via,
        partial: q.partial,
        storyId: story.id ?? h._id!,
        publishedAt: story.publishedAt ?? null,
        headline: story.headline ?? null,
        highlight: inner.highlight?.['quotes.text']?.[0] ?? null,
      });
    }
  }
  const matching = (response.aggregations?.quotes as unknown as { matching?: { doc_count: number } } | undefined)?.matching?.doc_count;
  return { total: matching ?? quotes.length, stories: total, quotes, next };
}

/**
 * One story by id as indexed this moment (a real-time get, not a search that waits for the
 * next refresh), or null. While a migration has the alias over two indices, a get cannot
 * address it; the newer copy is then found by refreshing and searching.
 */
export async function storyNow(client: Client, alias: string, id: string): Promise<StoryDocument | null> {
  try {
    const r = await client.get<IndexedStory>({ index: alias, id }, { ignore: [404] });
    return r.found && r._source ? fromIndexDocument(r._source) : null;
  } catch (err) {
    if ((err as { meta?: { statusCode?: number } }).meta?.statusCode !== 400) throw err;
    await client.indices.refresh({ index: alias });
    const r = await client.search<IndexedStory>({ index: alias, query: { ids: { values: [id] } }, size: 10, version: true });
    const newest = r.hits.hits.sort((a, b) => (b._version ?? 0) - (a._version ?? 0))[0];
    return newest?._source ? fromIndexDocument(newest._source) : null;
  }
}

/** One story by id, or null. */
export async function getStory(client: Client, alias: string, id: string): Promise<StoryDocument | null> {
  const response = await client.search<IndexedStory>({ index: alias, query: { ids: { values: [id] } }, size: 1 });
  const hit = response.hits.hits[0];
  return hit?._source ? fromIndexDocument(hit._source) : null;
}
