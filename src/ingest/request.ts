import { RAW_ARTICLE_KEYS } from '../article/raw.ts';
import { capMessage, UnreadableArticleError } from '../errors.ts';
import { enqueueableOf, prepare, type Enqueueable } from '../pipeline.ts';
import { rawItemsOf, type RawItem } from './raw-items.ts';

/**
 * What an ingest request holds, read and normalised: the CPU part of `POST /articles` (parsing
 * the JSON, splitting feeds into their items, `prepare` on every story), a pure function of the
 * body so that the server runs it on a thread, never on the event loop that answers HTTP.
 */

/** The body as it arrived: kept as a string; JSON is parsed here, which decides what it holds. */
export interface IngestBody {
  text: string;
  kind: 'json' | 'raw';
}

export interface IngestQuery {
  format?: string;
  source?: string;
}

export interface FieldError {
  index: number | null;
  /** The item's index in a feed or multi-item content (newsMessage, ninjs array), from 0. */
  item?: number;
  field: string;
  message: string;
}

export interface PreparedItem {
  /** The story as enqueueing needs it (id, job data, version, urgency, kill or not). */
  prepared: Enqueueable;
  /** The article of an array body, or null. */
  index: number | null;
  /** The item of a feed or multi-item content, or null. */
  item: number | null;
}

export type IngestReading =
  /** The body itself is not what the route takes (not JSON, JSON `null`, …). */
  | { kind: 'invalid_body'; message: string }
  /** More articles (or, after splitting, stories) than one request may carry. */
  | { kind: 'too_many'; count: number }
  | { kind: 'empty' }
  /** Some article was refused: nothing of the request is to be enqueued. */
  | { kind: 'refused'; errors: FieldError[]; stories: number }
  /** Every article was read; `rejected` lists the odd items of feeds taken without them. */
  | { kind: 'ready'; prepared: PreparedItem[]; rejected: FieldError[]; stories: number };

/** A name or value from the request, shortened for a message (never echo a long input back). */
export const clip = (s: string, max = 60) => (s.length > max ? `${s.slice(0, max)}…` : s);

export const describeField = (e: FieldError) => `${e.index === null ? '' : `[${e.index}].`}${e.item === undefined ? '' : `item ${e.item}: `}${e.field}: ${e.message}`;

class BadBody extends Error {}

class TooMany extends Error {
  constructor(readonly count: number) {
    super(`${count} articles`);
  }
}

/**
 * What a body holds: a JSON array of raw articles, a JSON raw article (an object with
 * `content`), or a story as received (text, XML, or JSON such as a ninjs object or array), which
 * becomes one raw article with `?format=` and `?source=` from the query. JSON that is not an
 * object or an array (`null`, `0`, `true`, `"a string"`) is none of these and is refused.
 */
function candidatesOf(body: IngestBody, query: IngestQuery, maxArticles: number): { raws: unknown[]; errors: FieldError[]; array: boolean } {
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

/** Splits `prepare`'s message (`content: is empty`) into field and message; reader errors concern `content`. */
function fieldErrorOf(index: number | null, err: unknown): FieldError {
  const message = capMessage((err as Error).message);
  const m = /^([A-Za-z][\w.]*): (.*)$/s.exec(message);
  if (m && (RAW_ARTICLE_KEYS.includes(m[1]!.split('.')[0]!) || m[1] === 'article')) return { index, field: m[1]!, message: m[2]! };
  return { index, field: 'content', message };
}

/** An article's stories, each prepared or refused with its item index (see `rawItemsOf`). */
function prepareItems(index: number | null, items: RawItem[], now: Date) {
  const ok: PreparedItem[] = [];
  const refused: FieldError[] = [];
  for (const r of items) {
    try {
      if ('error' in r) throw new UnreadableArticleError(r.error);
      ok.push({ prepared: enqueueableOf(prepare(r.raw, now)), index, item: r.item });
    } catch (err) {
      refused.push({ ...fieldErrorOf(index, err), ...(r.item === null ? {} : { item: r.item }) });
    }
  }
  return { ok, refused };
}

/**
 * Reads a whole request: every article validated, split into its stories and prepared. One bad
 * article refuses the request; a feed with at least one readable item is taken without its odd
 * items, and one with none is refused.
 */
export function readIngestRequest(body: IngestBody, query: IngestQuery, maxArticles: number, now: Date): IngestReading {
  let parsed;
  try {
    parsed = candidatesOf(body, query, maxArticles);
  } catch (err) {
    if (err instanceof BadBody) return { kind: 'invalid_body', message: err.message };
    if (err instanceof TooMany) return { kind: 'too_many', count: err.count };
    throw err;
  }
  if (parsed.raws.length === 0) return { kind: 'empty' };
  const errors = parsed.errors;
  const split = parsed.raws.map((raw, i) => {
    const index = parsed.array ? i : null;
    return raw === null || errors.some((e) => e.index === index) ? null : { index, items: rawItemsOf(raw) };
  });
  const stories = split.reduce((n, a) => n + (a?.items.length ?? 0), 0);
  if (stories > maxArticles) return { kind: 'too_many', count: stories };
  const prepared: PreparedItem[] = [];
  const rejected: FieldError[] = [];
  for (const article of split) {
    if (!article) continue;
    const { ok, refused } = prepareItems(article.index, article.items, now);
    if (ok.length) {
      prepared.push(...ok);
      rejected.push(...refused);
    } else errors.push(...refused);
  }
  if (errors.length) {
    errors.sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
    return { kind: 'refused', errors, stories: Math.max(stories, parsed.raws.length) };
  }
  return { kind: 'ready', prepared, rejected, stories };
}
