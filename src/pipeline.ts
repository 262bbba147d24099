import { hasVisibleText, RAW_ARTICLE_KEYS, rawArticleSchema, type RawArticle, type ValidRawArticle } from './article/raw.ts';
import { contentHashOf, storyIdOf } from './article/ids.ts';
import type { Dateline, Entity, Quote, StoryDocument } from './article/story.ts';
import { InvalidArticleError, UnreadableArticleError } from './errors.ts';
import { extractEntities } from './extract/entities/index.ts';
import { extractQuotes } from './extract/quotes/index.ts';
import { minHashOf } from './cluster/minhash.ts';
import { readArticle } from './formats/read.ts';
import { agencySignOffStart, settleLead } from './formats/text.ts';
import type { ParsedArticle } from './formats/parsed.ts';
import { canonicalAgency } from './normalize/agencies.ts';
import { datelineOpening, splitArticleDateline } from './normalize/dateline.ts';
import { wordCountOf } from './extract/text/word-count.ts';
import { PIPELINE_REVISION, PIPELINE_VERSION } from './version.ts';

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
  /** No inline body: a kill notice, or a feed item with only a headline and a link. */
  bodyless: boolean;
}

/** Whether a prepared article is a kill or withdrawal notice for the story with its id. */
export const isKillNotice = (prepared: Enqueueable) => prepared.parsed.pubStatus === 'canceled';

/** What enqueueing a prepared story needs of it (the ingest pool sends back only this). */
export type Enqueueable = Pick<PreparedArticle, 'article' | 'receivedAt' | 'id'> & { parsed: Pick<PreparedArticle['parsed'], 'version' | 'urgency' | 'pubStatus'> };

/** A prepared story cut to what enqueueing needs: no second and third copy of a long text. */
export const enqueueableOf = ({ article, receivedAt, id, parsed }: PreparedArticle): Enqueueable =>
  ({ article, receivedAt, id, parsed: { version: parsed.version, urgency: parsed.urgency, pubStatus: parsed.pubStatus } });

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
  // A kill notice needs no body; a feed item with a headline but no inline body is indexed bodyless.
  const bodyless = !hasVisibleText(body);
  if (bodyless && parsed.pubStatus !== 'canceled' && !(parsed.format !== 'text' && parsed.headline)) {
    throw new UnreadableArticleError(dateline ? 'the story has a dateline but no body after it' : 'the story has no body');
  }
  // Canonical or null: a feed's own title in `credit` ("Example Wire") is not an agency.
  const agency = dateline?.agency ?? canonicalAgency(parsed.credit);
  const id = storyIdOf({ sourceId: parsed.sourceId ?? keyedSourceId(parsed, receivedAt), agency, dateline: dateline?.raw ?? null, body: bodyless ? (parsed.headline ?? '') : body });
  return { article, receivedAt, parsed, dateline, body: bodyless ? '' : body, bodyless, agency, id };
}

/**
 * A story known by its slug (ANPA-1312, IPTC 7901, a plain-text advisory naming one) is one
 * story per slug and day: its leads, corrections and kill share the id, and the same slug on
 * another day (`BC-Weather`) is another story. The day is the transmission's, else the receipt's.
 */
function keyedSourceId(parsed: ParsedArticle, receivedAt: string): string | null {
  return parsed.storyKey ? `slug:${parsed.storyKey}@${(parsed.dateHint ?? receivedAt).slice(0, 10)}` : null;
}

/** The last stages: quotes and entities extracted from a prepared article, and its document. */
export function extractStory(prepared: PreparedArticle, now: Date = new Date()): StoryDocument {
  // (The agency's sign-off line, `Reuter`, is no person or organisation in the story; the text
  // before it is a prefix of the body, so offsets into it are offsets into the body.)
  const text = prepared.body.slice(0, agencySignOffStart(prepared.body));
  const tagged = extractEntities(text, { dateline: prepared.dateline });
  const { quotes, entities } = extractQuotes(text, tagged);
  return { ...documentOf(prepared, now, withinLimits(quotes, entities)), minhash: minHashOf(prepared.body) };
}

/**
 * How much one document may carry. Elasticsearch refuses a document with more than 10,000
 * nested objects (quotes and entities are nested), and a story of 100,000 names would be one:
 * the document keeps the first quotes, the most-mentioned entities and the first mentions of
 * each, and says so (`extraction: "partial"`), rather than being refused for good.
 */
export const DOCUMENT_LIMITS = { quotes: 2000, entities: 5000, mentionsPerEntity: 1000 };

function withinLimits(quotes: Quote[], entities: Entity[]): Extracted {
  const cut: string[] = [];
  let keptQuotes = quotes;
  if (quotes.length > DOCUMENT_LIMITS.quotes) {
    keptQuotes = quotes.slice(0, DOCUMENT_LIMITS.quotes);
    cut.push(`the first ${DOCUMENT_LIMITS.quotes} of ${quotes.length} quotes`);
  }
  let keptEntities = entities;
  if (entities.length > DOCUMENT_LIMITS.entities) {
    // The most-mentioned (ties in order of appearance), kept in their own order.
    const byCount = entities.map((_, i) => i).sort((a, b) => entities[b]!.count - entities[a]!.count || a - b);
    const kept = new Set(byCount.slice(0, DOCUMENT_LIMITS.entities));
    keptEntities = entities.filter((_, i) => kept.has(i));
    cut.push(`the ${DOCUMENT_LIMITS.entities} most-mentioned of ${entities.length} entities`);
  }
  if (keptEntities.some((e) => e.mentions.length > DOCUMENT_LIMITS.mentionsPerEntity)) {
    keptEntities = keptEntities.map((e) => (e.mentions.length > DOCUMENT_LIMITS.mentionsPerEntity ? { ...e, mentions: e.mentions.slice(0, DOCUMENT_LIMITS.mentionsPerEntity) } : e));
    cut.push(`the first ${DOCUMENT_LIMITS.mentionsPerEntity} mentions of each entity`);
  }
  if (!cut.length) return { quotes, entities, extraction: 'full', extractionNote: null };
  return { quotes: keptQuotes, entities: keptEntities, extraction: 'partial', extractionNote: `too much for one document: kept ${cut.join(', ')}` };
}

/**
 * The document of a story whose extraction did not finish (its time budget ran out): what the
 * cheap stages found, no quotes or entities, and the reason.
 */
export function partialStory(prepared: PreparedArticle, now: Date, reason: string): StoryDocument {
  return documentOf(prepared, now, { quotes: [], entities: [], extraction: 'partial', extractionNote: reason });
}

/** The document of a kill or withdrawal notice itself: its metadata and text, nothing extracted. */
export function noticeStory(prepared: PreparedArticle, now: Date): StoryDocument {
  return documentOf(prepared, now, { quotes: [], entities: [], extraction: 'full', extractionNote: null });
}

/**
 * What a kill notice leaves in the index under the story's id: the story as indexed, marked
 * withdrawn (it stays, hidden from search), or, when the story has not arrived yet, the notice
 * itself marked so — its external version then keeps the story out whenever it comes.
 */
export function withdrawnStory(notice: StoryDocument, existing: StoryDocument | null, now: Date): StoryDocument {
  if (existing?.withdrawnAt) return existing;
  const base = existing ?? notice;
  return { ...base, pubStatus: 'canceled', withdrawnAt: now.toISOString(), version: Math.max(base.version, notice.version) };
}

type Extracted = Pick<StoryDocument, 'quotes' | 'entities' | 'extraction' | 'extractionNote'>;

function documentOf(prepared: PreparedArticle, now: Date, extracted: Extracted): StoryDocument {
  const { article, receivedAt, parsed, dateline, body, agency, id } = prepared;
  const { quotes, entities, extraction, extractionNote } = extracted;
  return {
    id,
    contentHash: contentHashOf(body),
    source: { format: parsed.format, name: article.source ?? null, receivedAt },
    agency: agency ?? null,
    headline: parsed.headline,
    byline: parsed.byline,
    slugline: parsed.slugline,
    category: parsed.category,
    flags: parsed.flags,
    language: parsed.language ?? 'en',
    publishedAt: parsed.publishedAt ?? (dateline?.date ? `${dateline.date}T00:00:00.000Z` : null),
    version: parsed.version ?? 1,
    urgency: parsed.urgency,
    pubStatus: parsed.pubStatus,
    embargoedUntil: parsed.embargoedUntil,
    withdrawnAt: null,
    bodyless: prepared.bodyless,
    dateline,
    body,
    quotes,
    entities,
    wordCount: wordCountOf(body),
    extraction,
    extractionNote,
    ingestedAt: now.toISOString(),
    pipelineVersion: PIPELINE_VERSION,
    pipelineRevision: PIPELINE_REVISION,
    cluster: { id, role: 'original' },
    minhash: null,
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
