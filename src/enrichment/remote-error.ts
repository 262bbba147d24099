import { InternalError, InvalidArticleError, UnreadableArticleError, WiredeskError } from '../errors.ts';

/** An error as it crosses from an enrichment thread to the main thread (structured clone drops classes). */
export interface RemoteError {
  code: string | null;
  message: string;
}

export function toRemoteError(err: unknown): RemoteError {
  if (err instanceof WiredeskError) return { code: err.code, message: err.message };
  return { code: null, message: err instanceof Error ? err.message : String(err) };
}

/**
 * The typed error again. Only the errors known to be deterministic (the input itself is wrong)
 * come back permanent; anything else (an I/O error loading the model, a bug that depends on
 * state) is an InternalError, which the queue retries.
 */
export function fromRemoteError(remote: RemoteError): WiredeskError {
  if (remote.code === 'unreadable_article') return new UnreadableArticleError(remote.message);
  if (remote.code === 'invalid_article') return new InvalidArticleError(remote.message);
  return new InternalError(remote.message);
}
