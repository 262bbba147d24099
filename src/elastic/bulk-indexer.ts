import type { Client } from '@elastic/elasticsearch';
import type { StoryDocument } from '../article/story.ts';
import { DocumentRejectedError, ServiceUnavailableError } from '../errors.ts';
import { externalVersionOf, toIndexDocument } from './document.ts';
import type { Logger } from '../logger.ts';
import { sleep } from '../time.ts';

export type IndexOutcome = 'created' | 'updated' | 'stale';

/**
 * An extra `_bulk` operation tied to a story (its raw article, say): sent in the same request
 * as the story's document, and the story counts as indexed only when it succeeded too. A
 * version conflict on it means a newer copy is there already, which is success.
 */
export interface CompanionOperation {
  /** The action line: `{ index: {…} }`, `{ create: {…} }`, `{ delete: {…} }` … */
  action: Record<string, Record<string, unknown>>;
  /** The source line, for actions that take one. */
  document?: unknown;
}

export interface BulkIndexerOptions {
  client: Client;
  /** The write alias; documents never go to a concrete index directly. */
  alias: string;
  /** Flush when this many documents wait … */
  maxDocs: number;
  /** … or when their request body reaches this many bytes … */
  maxBytes: number;
  /** … or when the oldest has waited this long. */
  flushMs: number;
  /** `_bulk` requests under way at once (one fills while another is indexed). */
  requests?: number;
  /** Callers wait in `index()` while this many documents are buffered or in flight. */
  maxBuffered?: number;
  /**
   * How many callers can be waiting at once (a worker's concurrency). When all of them are
   * waiting, no document can arrive before one is acknowledged: flush without waiting for
   * the timer.
   */
  writers?: number;
  /** Attempts per document for transient failures (429, 5xx, unreachable) before giving up. */
  attempts?: number;
  baseDelayMs?: number;
  logger?: Logger;
  /** Called after each `_bulk` round trip (metrics, benchmarks). */
  onFlush?: (stats: { docs: number; bytes: number; ms: number; failed: number }) => void;
}

interface Pending {
  doc: StoryDocument;
  /** Every line of the story's operations: its document's, then its companions'. */
  lines: string;
  /** How many items the story's operations get in the response (1 + companions). */
  items: number;
  bytes: number;
  attempt: number;
  resolve: (outcome: IndexOutcome) => void;
  reject: (err: Error) => void;
}

interface BulkItemResult {
  status: number;
  result?: string;
  error?: { type?: string; reason?: string | null };
}

/** Item errors that a later attempt can get past: the cluster is busy, blocked or being set up. */
const TRANSIENT_TYPES = new Set(['es_rejected_execution_exception', 'cluster_block_exception', 'index_not_found_exception', 'unavailable_shards_exception']);

const isTransientStatus = (status: number) => status === 429 || status >= 500;
const isVersionConflict = (item: BulkItemResult) => item.status === 409 && item.error?.type === 'version_conflict_engine_exception';
/**
 * Whole-request answers that a later attempt can get past: busy or down, and refused
 * credentials (a rotated key is fixed by an operator, not by failing every story for good).
 */
const isTransientRequestStatus = (status: number) => isTransientStatus(status) || status === 401 || status === 403 || status === 408;

/** Errors the client raises without an answer from the cluster: it was unreachable, slow or gone mid-request. */
const NO_ANSWER = new Set(['ConnectionError', 'TimeoutError', 'NoLivingConnectionsError', 'RequestAbortedError', 'DeserializationError']);

/**
 * Whether a failed `_bulk` request can succeed later. No answer at all (the client reports
 * status 0 or none for a refused connection or a timeout) is an outage, never a refusal: a
 * timed-out request whose documents did land is sent again, and external versioning makes
 * that harmless.
 */
export const isTransientRequestError = (err: Error, status: number | undefined) => NO_ANSWER.has(err.name) || !status || isTransientRequestStatus(status);


/**
 * Batches story documents from many concurrent jobs into `_bulk` requests and settles each
 * caller's promise from its own item in the response: a job completes only when Elasticsearch
 * has acknowledged its document. Documents are indexed with `_id` = story id and external
 * versioning, so a repeat is harmless and an older version never replaces a newer one.
 */
export class BulkIndexer {
  private readonly opts: Required<Omit<BulkIndexerOptions, 'logger' | 'onFlush'>> & Pick<BulkIndexerOptions, 'logger' | 'onFlush'>;
  private buffer: Pending[] = [];
  private bufferBytes = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  /** `_bulk` requests under way. */
  private readonly sending = new Set<Promise<void>>();
  /** A flush was asked for (timer, full batch, every writer waiting) while every request slot was busy. */
  private due = false;
  private spaceWaiters: (() => void)[] = [];
  private closed = false;

  constructor(options: BulkIndexerOptions) {
    this.opts = {
      maxBuffered: options.maxDocs * 4,
      requests: 1,
      writers: Infinity,
      attempts: 6,
      baseDelayMs: 250,
      ...options,
    };
  }

  /** Documents buffered or in flight. */
  get size(): number {
    return this.buffer.length + this.inFlight;
  }

  /**
   * Queues a document, with the operations tied to it, and resolves when Elasticsearch has
   * acknowledged all of them (the outcome is the document's). They always travel in one
   * request, and a retry sends them all again (external versioning makes a repeat harmless).
   */
  async index(doc: StoryDocument, companions: readonly CompanionOperation[] = []): Promise<IndexOutcome> {
    if (this.closed) throw new ServiceUnavailableError('the bulk indexer is closed: the worker is shutting down');
    while (this.size >= this.opts.maxBuffered) await new Promise<void>((r) => this.spaceWaiters.push(r));
    const action = { index: { _index: this.opts.alias, _id: doc.id, version: externalVersionOf(doc), version_type: 'external_gte' } };
    let lines = `${JSON.stringify(action)}\n${JSON.stringify(toIndexDocument(doc))}`;
    for (const c of companions) lines += `\n${JSON.stringify(c.action)}${c.document === undefined ? '' : `\n${JSON.stringify(c.document)}`}`;
    return new Promise<IndexOutcome>((resolve, reject) => {
      this.enqueue({ doc, lines, items: 1 + companions.length, bytes: Buffer.byteLength(lines) + 2, attempt: 0, resolve, reject });
    });
  }

  /** Sends everything buffered now and waits for every request under way. */
  async flush(): Promise<void> {
    this.scheduleFlush(true);
    while (this.sending.size) {
      await Promise.race(this.sending);
      if (this.buffer.length) this.scheduleFlush(true);
    }
  }

  /** Flushes and refuses further documents. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.size > 0) {
      await this.flush();
      if (this.inFlight > 0 || this.buffer.length === 0) await sleep(10);
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private enqueue(item: Pending): void {
    this.buffer.push(item);
    this.bufferBytes += item.bytes;
    this.scheduleFlush(this.ready());
  }

  /** A batch should go now: a full one waits, every writer waits on us, or we are closing. */
  private ready(): boolean {
    return this.buffer.length >= this.opts.maxDocs || this.bufferBytes >= this.opts.maxBytes || this.buffer.length + this.inFlight >= this.opts.writers || this.closed;
  }

  private scheduleFlush(now: boolean): void {
    if (!now) {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        this.scheduleFlush(true);
      }, this.opts.flushMs);
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.due = true;
    this.pump();
  }

  /** Sends what is due while a request slot is free; what stays due goes when a request ends. */
  private pump(): void {
    while (this.due && this.buffer.length && this.sending.size < this.opts.requests) {
      const sent: Promise<void> = this.send(this.takeBatch()).finally(() => {
        this.sending.delete(sent);
        this.pump();
      });
      this.sending.add(sent);
      this.due = this.ready();
    }
    if (!this.buffer.length) this.due = false;
    else if (!this.due) this.scheduleFlush(false);
  }

  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    let bytes = 0;
    while (this.buffer.length && batch.length < this.opts.maxDocs && (batch.length === 0 || bytes + this.buffer[0]!.bytes <= this.opts.maxBytes)) {
      const item = this.buffer.shift()!;
      bytes += item.bytes;
      batch.push(item);
    }
    this.bufferBytes -= bytes;
    this.inFlight += batch.length;
    return batch;
  }

  private async send(batch: Pending[]): Promise<void> {
    const started = performance.now();
    const bytes = batch.reduce((n, p) => n + p.bytes, 0);
    let failed = 0;
    try {
      const response = await this.opts.client.bulk({ operations: batch.map((p) => p.lines), require_alias: true }, { maxRetries: 0 });
      let at = 0;
      for (const p of batch) {
        const items = response.items.slice(at, at + p.items).map((entry) => Object.values(entry)[0] as BulkItemResult);
        at += p.items;
        if (!this.settleItems(p, items)) failed += 1;
      }
    } catch (err) {
      failed = batch.length;
      const status = (err as { meta?: { statusCode?: number } }).meta?.statusCode;
      const transient = isTransientRequestError(err as Error, status);
      this.opts.logger?.warn({ err, docs: batch.length, status }, 'bulk request failed');
      if (status === 413 && batch.length > 1) {
        // Too large for the cluster's http.max_content_length: send it again in halves.
        const half = Math.ceil(batch.length / 2);
        this.opts.onFlush?.({ docs: batch.length, bytes, ms: performance.now() - started, failed });
        await this.send(batch.slice(0, half));
        await this.send(batch.slice(half));
        return;
      }
      for (const p of batch) {
        if (transient) this.retryOrGiveUp(p, `Elasticsearch bulk request failed: ${(err as Error).message}`);
        else this.settle(p, () => p.reject(new DocumentRejectedError(`Elasticsearch refused the bulk request (${status}): ${(err as Error).message}`)));
      }
    }
    this.opts.onFlush?.({ docs: batch.length, bytes, ms: performance.now() - started, failed });
  }

  /**
   * Settles one story from its response items (its document's first, then its companions');
   * false when it was not indexed (yet). A refusal of any item fails the story; a transient
   * failure of any sends all its operations again.
   */
  private settleItems(p: Pending, items: BulkItemResult[]): boolean {
    let transient: string | null = null;
    for (const [i, item] of items.entries()) {
      if ((item.status >= 200 && item.status < 300) || isVersionConflict(item)) continue;
      const what = i === 0 ? 'the story document' : 'an operation tied to the story';
      const reason = `${item.error?.type ?? 'unknown'}: ${item.error?.reason ?? `status ${item.status}`}`;
      if (!isTransientStatus(item.status) && !TRANSIENT_TYPES.has(item.error?.type ?? '')) {
        this.settle(p, () => p.reject(new DocumentRejectedError(`Elasticsearch rejected ${what} (${reason})`)));
        return false;
      }
      transient ??= `Elasticsearch could not index ${what} now (${reason})`;
    }
    if (transient) {
      this.retryOrGiveUp(p, transient);
      return false;
    }
    const first = items[0];
    // A newer version of the story is already indexed: nothing to do, and nothing wrong.
    const outcome: IndexOutcome = !first || isVersionConflict(first) ? 'stale' : first.result === 'created' ? 'created' : 'updated';
    this.settle(p, () => p.resolve(outcome));
    return true;
  }

  private retryOrGiveUp(p: Pending, reason: string): void {
    if (p.attempt + 1 >= this.opts.attempts || this.closed) {
      this.settle(p, () => p.reject(new ServiceUnavailableError(`${reason}; gave up after ${p.attempt + 1} attempts`)));
      return;
    }
    const delay = this.opts.baseDelayMs * 2 ** p.attempt * (0.5 + Math.random());
    p.attempt += 1;
    // The document stays counted as in flight until it is buffered again.
    setTimeout(() => {
      this.inFlight -= 1;
      this.enqueue(p);
    }, delay).unref();
  }

  private settle(p: Pending, done: () => void): void {
    this.inFlight -= 1;
    done();
    const waiter = this.spaceWaiters.shift();
    waiter?.();
  }
}
