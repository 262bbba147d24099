import type { Client, estypes } from '@elastic/elasticsearch';
import type { Speaker } from '../article/story.ts';
import { InvalidSearchError } from '../errors.ts';
import type { Occurrence } from '../lineage/occurrence.ts';
import { speakerVerdict, votesOf, type SpeakerVerdict } from '../lineage/verdict.ts';
import { MAX_UNIQUE_DEPTH, QUOTATION_ID, quotationBody, speakerBody, uniqueQuoteParamsSchema, uniqueQuotesBody, type UniqueQuoteParams, type ValidUniqueQuoteParams } from './quotation-query.ts';
import { quotesAliasOf } from './quotations.ts';
import { esErrorTypeOf } from './errors.ts';

export interface FirstSeen {
  storyId: string;
  publishedAt: string | null;
  agency: string | null;
}

export interface UniqueQuote {
  id: string;
  /** The longest form seen. */
  text: string;
  speaker: SpeakerVerdict | null;
  firstSeen: FirstSeen;
  /** Stories carrying it. */
  occurrences: number;
}

export interface UniqueQuotesResult {
  /** Quotations matching (approximate above 40,000). */
  total: number;
  quotes: UniqueQuote[];
  next: string | null;
}

export interface QuotationOccurrence {
  storyId: string;
  publishedAt: string | null;
  agency: string | null;
  headline: string | null;
  speaker: Speaker | null;
  text: string;
}

export interface Quotation extends Omit<UniqueQuote, 'occurrences'> {
  occurrences: QuotationOccurrence[];
}

export interface SpeakerTitle {
  title: string;
  first: string | null;
  last: string | null;
  /** Stories that gave the speaker this title. */
  count: number;
}

export interface SpeakerProfile {
  name: string;
  /** Live stories quoting them. */
  stories: number;
  quotes: number;
  titles: SpeakerTitle[];
  /** Organisations named most in the stories quoting them. */
  organizations: { name: string; stories: number }[];
}

export function parseUniqueQuoteParams(input: unknown): ValidUniqueQuoteParams {
  const result = uniqueQuoteParamsSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') throw new InvalidSearchError(issue.keys[0]!, `unknown parameter${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} for unique quotes`);
  throw new InvalidSearchError(issue.path.map(String).join('.') || 'query', issue.message);
}

const encodeOffset = (offset: number) => Buffer.from(JSON.stringify({ kind: 'unique', offset })).toString('base64url');
function decodeOffset(value: string): number {
  try {
    const c = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { kind?: string; offset?: unknown };
    if (c.kind === 'unique' && Number.isInteger(c.offset) && (c.offset as number) >= 0) return c.offset as number;
  } catch {
    // fall through
  }
  throw new InvalidSearchError('after', 'is not a cursor from a previous page of unique quotes');
}

interface Bucket {
  key: string;
  doc_count: number;
  stories: { value: number };
  earliest: { hits: { hits: estypes.SearchHit<Pick<Occurrence, 'storyId' | 'publishedAt' | 'agency'>>[] } };
  longest: { hits: { hits: estypes.SearchHit<Pick<Occurrence, 'text'>>[] } };
  speakers: { buckets: { key: string; doc_count: number; votes: { value: number } }[] };
}

function uniqueOf(b: Bucket): UniqueQuote {
  const first = b.earliest.hits.hits[0]!._source!;
  return {
    id: b.key,
    text: b.longest.hits.hits[0]?._source?.text ?? '',
    speaker: speakerVerdict(b.speakers.buckets.map((s) => ({ name: s.key, count: s.doc_count, votes: s.votes.value })), b.doc_count),
    firstSeen: { storyId: first.storyId, publishedAt: first.publishedAt ?? null, agency: first.agency ?? null },
    occurrences: b.stories.value,
  };
}

const missingIndex = (err: unknown) => esErrorTypeOf(err) === 'index_not_found_exception';

/** Unique quotations matching the filters, most carried first (or first seen first), with a next-page cursor. */
export async function searchUniqueQuotes(client: Client, alias: string, input: UniqueQuoteParams): Promise<UniqueQuotesResult> {
  const p = parseUniqueQuoteParams(input);
  const offset = p.after ? decodeOffset(p.after) : 0;
  if (offset >= MAX_UNIQUE_DEPTH) throw new InvalidSearchError('after', `unique quotes page at most ${MAX_UNIQUE_DEPTH} deep; narrow the search`);
  const r = await client.search({ index: quotesAliasOf(alias), ...uniqueQuotesBody(p, offset) });
  const aggs = r.aggregations as unknown as { total: { value: number }; quotations: { buckets: Bucket[] } };
  const buckets = aggs.quotations.buckets.slice(offset, offset + p.size);
  const end = offset + buckets.length;
  return { total: aggs.total.value, quotes: buckets.map(uniqueOf), next: buckets.length === p.size && end < aggs.total.value && end < MAX_UNIQUE_DEPTH ? encodeOffset(end) : null };
}

/** The most occurrences `quote <id>` lists. */
const MAX_OCCURRENCES = 1000;

/**
 * One quotation with every occurrence, oldest first; null when unknown. The id of a form that
 * was absorbed by a longer quotation still finds it (through the form's own key).
 */
export async function getQuotation(client: Client, alias: string, id: string): Promise<Quotation | null> {
  if (!QUOTATION_ID.test(id)) throw new InvalidSearchError('id', 'must be a quotation id such as q and 16 hex digits');
  const index = quotesAliasOf(alias);
  let r = await client.search<Occurrence>({ index, ...quotationBody(id, MAX_OCCURRENCES) });
  if (!r.hits.hits.length) {
    const form = await client.search<Occurrence>({ index, query: { term: { key: id } }, size: 1, _source: { includes: ['quotation.id'] } });
    const home = form.hits.hits[0]?._source?.quotation.id;
    if (!home || home === id) return null;
    id = home;
    r = await client.search<Occurrence>({ index, ...quotationBody(id, MAX_OCCURRENCES) });
  }
  const docs = r.hits.hits.map((h) => h._source!);
  if (!docs.length) return null;
  const longest = docs.reduce((a, b) => (b.words > a.words || (b.words === a.words && b.key < a.key) ? b : a));
  const first = docs[0]!;
  return {
    id,
    text: longest.text,
    speaker: speakerVerdict(votesOf(docs), docs.length),
    firstSeen: { storyId: first.storyId, publishedAt: first.publishedAt, agency: first.agency },
    occurrences: docs.map((d) => ({ storyId: d.storyId, publishedAt: d.publishedAt, agency: d.agency, headline: d.headline, speaker: d.speaker, text: d.text })),
  };
}

/** A speaker's profile from the story index: stories, quotes, the titles stories gave them over time, organisations around them. */
export async function speakerProfile(client: Client, alias: string, name: string): Promise<SpeakerProfile | null> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 200) throw new InvalidSearchError('name', 'must be a speaker name of 1 to 200 characters');
  const r = await client.search({ index: alias, ...speakerBody(trimmed) });
  const stories = typeof r.hits.total === 'number' ? r.hits.total : (r.hits.total?.value ?? 0);
  if (!stories) return null;
  type TitleBucket = { key: string; stories: { doc_count: number; first: { value_as_string?: string }; last: { value_as_string?: string } } };
  const aggs = r.aggregations as unknown as {
    quotes: { theirs: { doc_count: number; names: { buckets: { key: string }[] }; titles: { buckets: TitleBucket[] } } };
    organizations: { buckets: { key: string; doc_count: number }[] };
  };
  const theirs = aggs.quotes.theirs;
  const titles = theirs.titles.buckets
    .map((b) => ({ title: b.key, first: b.stories.first.value_as_string ?? null, last: b.stories.last.value_as_string ?? null, count: b.stories.doc_count }))
    .sort((a, b) => (a.first ?? '\uffff').localeCompare(b.first ?? '\uffff') || a.title.localeCompare(b.title));
  return {
    name: theirs.names.buckets[0]?.key ?? trimmed,
    stories,
    quotes: theirs.doc_count,
    titles,
    organizations: aggs.organizations.buckets.map((b) => ({ name: b.key, stories: b.doc_count })),
  };
}

export { missingIndex };
