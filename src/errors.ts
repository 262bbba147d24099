/** The longest error message wiredesk writes: a message built from input stays readable. */
export const MAX_MESSAGE_CHARS = 300;

/**
 * A message cut to `max` characters, saying how many were left out: an error built from hostile
 * input (100,000 unclosed tags, say) must not become a 800 KB log line, job reason or response.
 */
export function capMessage(message: string, max = MAX_MESSAGE_CHARS): string {
  if (message.length <= max) return message;
  // A message capped before (then wrapped with a prefix) keeps one marker with the total count.
  const marked = /… \(([\d,]+) more characters\)$/.exec(message);
  const text = marked ? message.slice(0, marked.index) : message;
  const before = marked ? Number(marked[1]!.replace(/,/g, '')) : 0;
  let cut = Math.min(max, text.length);
  // Never split a surrogate pair.
  if (/[\uD800-\uDBFF]/.test(text[cut - 1] ?? '')) cut -= 1;
  return `${text.slice(0, cut)}… (${(text.length - cut + before).toLocaleString('en-US')} more characters)`;
}

/**
 * Typed errors. `permanent` tells the queue whether a retry could ever help: input that is
 * not a wire story never will; an unreachable service might. Messages are capped at
 * `MAX_MESSAGE_CHARS`.
 */
export abstract class WiredeskError extends Error {
  abstract readonly code: string;
  abstract readonly permanent: boolean;
  constructor(message: string, options?: { cause?: unknown }) {
    super(capMessage(message), options);
    this.name = new.target.name;
  }
}

/** The input cannot be read as a wire story in the given or detected format. */
export class UnreadableArticleError extends WiredeskError {
  readonly code = 'unreadable_article';
  readonly permanent = true;
}

/** A raw article failed validation (a field is missing, empty or malformed). */
export class InvalidArticleError extends WiredeskError {
  readonly code = 'invalid_article';
  readonly permanent = true;
}

/** A configuration value is missing or malformed; start-up stops. */
export class ConfigError extends WiredeskError {
  readonly code = 'config_error';
  readonly permanent = true;
}

/** Elasticsearch rejected a document for good (a mapping conflict, say). */
export class DocumentRejectedError extends WiredeskError {
  readonly code = 'document_rejected';
  readonly permanent = true;
}

/** Elasticsearch or Redis could not be reached, or asked us to slow down: retry later. */
export class ServiceUnavailableError extends WiredeskError {
  readonly code = 'service_unavailable';
  readonly permanent = false;
}

/** A search parameter is malformed; `param` names it (the HTTP API answers 400). */
export class InvalidSearchError extends WiredeskError {
  readonly code = 'invalid_search';
  readonly permanent = true;
  constructor(
    readonly param: string,
    problem: string,
  ) {
    super(`${param}: ${problem}`);
  }
}

/** A migration between template versions stopped; the alias still reads the old indices. */
export class MigrationError extends WiredeskError {
  readonly code = 'migration_failed';
  readonly permanent = true;
}

/**
 * Something went wrong that is not known to be the input's fault (an I/O error loading a
 * model, a thread that could not start): retried like an outage, never a failure at once.
 */
export class InternalError extends WiredeskError {
  readonly code = 'internal_error';
  readonly permanent = false;
}

/**
 * A stage ran past the story's time budget, or its thread died under it (out of memory).
 * The pool has replaced the thread; the processor decides what the story gets instead.
 */
export class StageAbortedError extends WiredeskError {
  readonly code = 'stage_aborted';
  readonly permanent = true;
  constructor(
    readonly stage: string,
    readonly why: 'budget' | 'crash',
    message: string,
  ) {
    super(message);
  }
}

/** Over the HTTP API's per-token request budget; `retryAfterSeconds` goes into `Retry-After`. */
export class RateLimitedError extends WiredeskError {
  readonly code = 'rate_limited';
  readonly permanent = false;
  readonly statusCode = 429;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/**
 * A story to re-enrich has no raw article kept (it was indexed before raw articles were kept,
 * or its raw record was deleted): it cannot be re-enriched, only copied.
 */
export class RawMissingError extends WiredeskError {
  readonly code = 'raw_missing';
  readonly permanent = true;
}

/** A correction that cannot be made: no such story (404) or no such quote, an empty name (400). */
export class CorrectionError extends WiredeskError {
  readonly code = 'invalid_correction';
  readonly permanent = true;
  constructor(
    message: string,
    readonly statusCode: 400 | 404,
  ) {
    super(message);
  }
}

/** What was asked for (a quotation, a speaker) is not in the index. */
export class NotFoundError extends WiredeskError {
  readonly code = 'not_found';
  readonly permanent = true;
}
