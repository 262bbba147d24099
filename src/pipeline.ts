import { RAW_ARTICLE_KEYS, rawArticleSchema, type RawArticle, type ValidRawArticle } from './article/raw.ts';
import { contentHashOf, storyIdOf } from './article/ids.ts';
import type { Dateline, StoryDocument } from './article/story.ts';
import { InvalidArticleError, UnreadableArticleError } from './errors.ts';
import { extractEntities } from './extract/entities/index.ts';
import { extractQuotes } from './extract/quotes/index.ts';
import { readArticle } from './formats/read.ts';
import { settleLead } from './formats/text.ts';
import type { ParsedArticle } from './formats/parsed.ts';
import { canonicalAgency } from './normalize/agencies.ts';
import { datelineOpening, splitArticleDateline } from './normalize/dateline.ts';
import { PIPELINE_VERSION } from './version.ts';

export interface EnrichOptions {
  /** The clock, for `ingestedAt` and a missing `receivedAt`; fixed in tests. */
  now?: () => Date;
}

/** The raw article, validated; a typed error names the field that is wrong. */
export function validateRawArticle(raw: unknown): ValidRawArticle {
  const result = rawArticleSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    if (issue?.code === 'unrecognized_keys') {
      throw new InvalidArticleError(`${issue.keys[0]}: unknown field; a raw article has ${RAW_ARTICLE_KEYS.join(', ')}`);
    }
    const field = issue?.path.join('.') || 'article';
    throw new InvalidArticleError(`${field}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/**
 * A raw article's content read in its format, with a plain-text first line settled as headline
 * or story by the dateline parser (readers do not parse datelines).
 */
export function readStory(content: string, format: Parameters<typeof readArticle>[1] = 'auto'): ParsedArticle {
  return settleLead(readArticle(content, format), datelineOpening);
}

/** A raw article read and normalised: enough to know its id, before any extraction. */
export interface PreparedArticle {
  article: ValidRawArticle;
  receivedAt: string;
  parsed: ParsedArticle;
  dateline: Dateline | null;
  body: string;
  agency: string | null;
  id: string;
}

/**
 * The cheap first stages (validate, read, normalise) and the story id they determine. The
 * producer runs this at the door, so bad input is refused before it is ever enqueued.
 */
export function prepare(raw: RawArticle | unknown, now: Date = new Date()): PreparedArticle {
  const article = validateRawArticle(raw);
  const receivedAt = article.receivedAt ?? now.toISOString();
  const parsed = readStory(article.content, article.format);
  const referenceDate = parsed.dateHint ?? parsed.publishedAt ?? receivedAt;
  // The dateline in the text, else the one the format gives as metadata (NITF, NewsML, ninjs).
  const { dateline, bodyStart } = splitArticleDateline(parsed, { referenceDate });
  const body = parsed.text.slice(bodyStart).trim();
  if (!body) throw new UnreadableArticleError('the story has a dateline but no body after it');
  // Canonical or null: a feed's own title in `credit` ("Example Wire") is not an agency.
  const agency = dateline?.agency ?? canonicalAgency(parsed.credit);
  const id = storyIdOf({ sourceId: parsed.sourceId, agency, dateline: dateline?.raw ?? null, body });
  return { article, receivedAt, parsed, dateline, body, agency, id };
}

const wordCountOf = (body: string) => body.match(/[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu)?.length ?? 0;

/** The last stages: quotes and entities extracted from a prepared article, and its document. */
export function extractStory(prepared: PreparedArticle, now: Date = new Date()): StoryDocument {
  const { article, receivedAt, parsed, dateline, body, agency, id } = prepared;
  const tagged = extractEntities(body, { dateline });
  const { quotes, entities } = extractQuotes(body, tagged);
  return {
    id,
    contentHash: contentHashOf(body),
    source: { format: parsed.format, name: article.source ?? null, receivedAt },
    agency: agency ?? null,
    headline: parsed.headline,
    byline: parsed.byline,
    language: parsed.language ?? 'en',
    publishedAt: parsed.publishedAt ?? (dateline?.date ? `${dateline.date}T00:00:00.000Z` : null),
    version: parsed.version ?? 1,
    urgency: parsed.urgency,
    pubStatus: parsed.pubStatus,
    embargoedUntil: parsed.embargoedUntil,
    dateline,
    body,
    quotes,
    entities,
    wordCount: wordCountOf(body),
    ingestedAt: now.toISOString(),
    pipelineVersion: PIPELINE_VERSION,
  };
}

/**
 * The whole enrichment: raw article in, story document out. Deterministic apart from the clock
 * and touching no service; its only I/O is the first use in a process, which loads the entity
 * model and the gazetteer (writing the gazetteer's precomputed file when missing or stale). The
 * worker, `wiredesk extract`, the tests and the benchmarks all run exactly this.
 */
export function enrich(raw: RawArticle, opts: EnrichOptions = {}): StoryDocument {
  const now = (opts.now ?? (() => new Date()))();
  return extractStory(prepare(raw, now), now);
}
