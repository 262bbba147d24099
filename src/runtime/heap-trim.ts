import { performance } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Logger } from '../logger.ts';

/**
 * V8's `gc()` without starting node with `--expose-gc`: the flag set at run time exposes it to
 * contexts created afterwards. Null where that is refused.
 */
export function exposedGc(): (() => void) | null {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
}

const mb = (bytes: number) => Math.round(bytes / 1048576);

export interface HeapTrimOptions {
  /**
   * How often to look (2 s). A worker's main thread, busy ~40% of the time in a drain, collects
   * at each look: every 5 s, its heap swung from ~40 MB live to 110–140 MB committed (the
   * garbage of 1,000 jobs in flight outlives the young generation); every 2 s, five drains
   * peaked at 291–316 MB against 326–340 for about 5% more main-thread CPU (README, round thirteen).
   */
  everyMs?: number;
  /** A collection when the event loop was busy less than this share of the last period… */
  maxBusy?: number;
  /** …or, however busy, when the committed heap grew by this much since the last collection. */
  growthMb?: number;
  /** Told the committed heap before and after each collection, in MB. */
  onCollect?: (beforeMb: number, afterMb: number, busy: number) => void;
  /** Each collection logged at debug level ('heap trimmed'), with the same figures. */
  logger?: Logger;
}

export interface HeapTrim {
  /** Full collections made so far. */
  readonly collections: number;
  stop(): void;
}

/**
 * A full (compacting) collection now and then, so the heap gives back what a burst of stories
 * took. Left to itself V8 keeps the old space it grew to for the next burst: the committed heap
 * climbs with the work done while the live heap stays flat. Collecting when the loop is mostly
 * idle costs nothing a story waits for; the growth bound keeps a process that is never idle flat
 * too, at one collection per `growthMb` of garbage.
 */
export function startHeapTrim(opts: HeapTrimOptions = {}): HeapTrim {
  const everyMs = opts.everyMs ?? 2000;
  const maxBusy = opts.maxBusy ?? 0.5;
  const growthBytes = (opts.growthMb ?? 64) * 1024 * 1024;
  const gc = exposedGc();
  const state = { collections: 0 };
  if (!gc) return { collections: 0, stop: () => undefined };
  let lastElu = performance.eventLoopUtilization();
  let baseline = getHeapStatistics().total_heap_size;
  const timer = setInterval(() => {
    const elu = performance.eventLoopUtilization(lastElu);
    lastElu = performance.eventLoopUtilization();
    const heapTotal = getHeapStatistics().total_heap_size;
    if (elu.utilization >= maxBusy && heapTotal - baseline < growthBytes) return;
    gc();
    state.collections += 1;
    baseline = getHeapStatistics().total_heap_size;
    opts.onCollect?.(mb(heapTotal), mb(baseline), elu.utilization);
    opts.logger?.debug({ beforeMb: mb(heapTotal), afterMb: mb(baseline), busy: Math.round(elu.utilization * 100) / 100 }, 'heap trimmed');
  }, everyMs);
  timer.unref();
  return {
    get collections() {
      return state.collections;
    },
    stop: () => clearInterval(timer),
  };
}
