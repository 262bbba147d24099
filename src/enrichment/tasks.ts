import type { PreparedArticle } from '../pipeline.ts';
import type { RemoteError } from './remote-error.ts';

/** The CPU stages the pool runs: read + normalise, then extract; `ingest` reads a whole HTTP request, `feed` a polled feed. */
export type TaskKind = 'prepare' | 'extract' | 'ingest' | 'feed';

export interface TaskRequest {
  id: number;
  kind: TaskKind;
  payload: unknown;
}

export type TaskReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: RemoteError };

export type ThreadHello = { ready: true } | { ready: false; error: RemoteError };

/** A story `prepare` refused is an answer, not a failure of the thread: with the stage it reached. */
export type PrepareReply = { ok: true; prepared: PreparedArticle } | { ok: false; stage: 'read' | null; error: RemoteError };

/** What every thread is started with: the read-only tables the main thread loaded once, shared. */
export interface ThreadData {
  gazetteer: SharedArrayBuffer;
  /** The packed entity model (`src/extract/entities/packed.ts`); absent when it could not be loaded. */
  nerModel?: SharedArrayBuffer | undefined;
  /** A pool that only reads stories (the HTTP ingest pool): no entity model, warmed on `prepare` alone. */
  readOnly?: boolean;
}
