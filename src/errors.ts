/**
 * Typed errors. `permanent` tells the queue whether a retry could ever help: input that is
 * not a wire story never will; an unreachable service might.
 */
export abstract class WiredeskError extends Error {
  abstract readonly code: string;
  abstract readonly permanent: boolean;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
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
