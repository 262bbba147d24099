import type { Client } from '@elastic/elasticsearch';
import type { StoryJobResult } from '../queue/queue.ts';

/** One `_bulk` round trip, as the bulk indexer reports it. */
export interface FlushStats {
  docs: number;
  bytes: number;
  ms: number;
  failed: number;
}

/**
 * What a running worker reports about its work. The worker depends on this port only; the
 * Prometheus implementation (`prometheus.ts`) is what `serve` exposes on `/metrics`, and a
 * worker without a server reports to nothing.
 */
export interface PipelineMetrics {
  recordCompleted(result: StoryJobResult | null | undefined): void;
  recordFailed(reason: string | undefined): void;
  /** The bulk indexer's `onFlush` hook. */
  readonly onFlush: (stats: FlushStats) => void;
  /** Counts the errors a client sees (failed requests, failed bulk items). */
  watchElasticsearch(client: Client): void;
  /** Reports the enrichment pool's threads (it may size itself) at scrape time. */
  watchEnrichPool(pool: { readonly threads: number; readonly maxThreads: number }): void;
}
