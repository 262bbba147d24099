import { rawArticleSchema, type RawArticle } from './article/raw.ts';
import { contentHashOf, storyIdOf } from './article/ids.ts';
import type { StoryDocument } from './article/story.ts';
import { InvalidArticleError, UnreadableArticleError } from './errors.ts';
import { extractEntities } from './extract/entities/index.ts';
import { extractQuotes } from './extract/quotes/index.ts';
import { readArticle } from './formats/read.ts';
import type { ParsedArticle } from './formats/parsed.ts';
import { canonicalAgency } from './normalize/agencies.ts';
import { splitDateline, type DatelineSplit } from './normalize/dateline.ts';
import { PIPELINE_VERSION } from './version.ts';

export const STAGES = ['read', 'normalised', 'extracted', 'document'] as const;
export type Stage = (typeof STAGES)[number];

export interface EnrichOptions {
  /** The clock, for `ingestedAt` and a missing `receivedAt`; fixed in tests. */
  now?: () => Date;
  /** Called as each stage completes (the worker reports job progress with it). */
  onStage?: (stage: Stage) => void;
}

/** The raw article, validated; a typed error names the field that is wrong. */
export function validateRawArticle(raw: unknown) {
  const result = rawArticleSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join('.') || 'article';
    throw new InvalidArticleError(`${field}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

function normalise(parsed: ParsedArticle, receivedAt: string): DatelineSplit & { body: string } {
  const referenceDate = parsed.dateHint ?? parsed.publishedAt ?? receivedAt;
  const split = splitDateline(parsed.text, { referenceDate });
  const body = parsed.text.slice(split.bodyStart).trim();
  if (!body) throw new UnreadableArticleError('the story has a dateline but no body after it');
  return { ...split, body };
}

const wordCountOf = (body: string) => body.match(/[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu)?.length ?? 0;

/**
 * The whole enrichment: raw article in, story document out. Pure apart from the clock: no
 * I/O, so the worker, `wiredesk extract`, the tests and the benchmarks all run exactly this.
 */
export function enrich(raw: RawArticle, opts: EnrichOptions = {}): StoryDocument {
  const now = (opts.now ?? (() => new Date()))();
  const article = validateRawArticle(raw);
  const receivedAt = article.receivedAt ?? now.toISOString();

  const parsed = readArticle(article.content, article.format);
  opts.onStage?.('read');

  const { dateline, body } = normalise(parsed, receivedAt);
  const agency = dateline?.agency ?? canonicalAgency(parsed.credit) ?? parsed.credit;
  opts.onStage?.('normalised');

  const tagged = extractEntities(body, { dateline });
  const { quotes, entities } = extractQuotes(body, tagged);
  opts.onStage?.('extracted');

  const document: StoryDocument = {
    id: storyIdOf({ sourceId: parsed.sourceId, agency, dateline: dateline?.raw ?? null, body }),
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
  opts.onStage?.('document');
  return document;
}
