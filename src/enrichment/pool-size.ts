import { cpus } from 'node:os';

/**
 * When the enrichment pool, left to size itself, takes on another thread or lets one go. A
 * thread costs ~80 MB and its own warm-up of V8's optimising compiler; it pays only where
 * enrichment is what holds the worker back and a core is there to run it. Where Elasticsearch
 * shares the cores, a second thread competes with it for the same CPU (the same rate, ~10% more
 * CPU and ~100 MB more memory in the drains measured, README); where Elasticsearch runs
 * elsewhere, one thread is saturated long before the cores are.
 */
export interface PoolSample {
  /** Threads now, counting one still warming up. */
  threads: number;
  max: number;
  /** A thread is warming up: wait for it before deciding again. */
  starting: boolean;
  /** Per ready thread, the share of the last window it had a task. */
  busy: readonly number[];
  /** Tasks waiting for a thread. */
  waiting: number;
  /** Cores idle over the last window, machine-wide (Elasticsearch and Redis count as busy). */
  idleCores: number;
  /** How long the longest-running task has been running. */
  longestTaskMs: number;
  /** Per ready thread, how long it has had no task (0 while it has one). */
  idleMs: readonly number[];
}

export type PoolDecision = { act: 'grow'; why: 'saturated' | 'stuck' } | { act: 'shrink'; thread: number } | { act: 'hold' };

export interface PoolSizing {
  /** How often the pool looks at its threads and the cores. */
  everyMs: number;
  /** Every thread busy for at least this share of the window, with tasks left waiting: saturated. */
  saturated: number;
  /**
   * A saturated pool grows only when at least this much of a core sat idle over the window. In a
   * drain with Elasticsearch on the same two cores, one saturated thread left 0.1–0.35 idle.
   */
  growIdleCores: number;
  /** One task running this long while others wait: grow whatever the cores do, so one slow story does not hold up the rest. */
  stuckMs: number;
  /** A thread with no task for this long is let go (down to one). */
  retireIdleMs: number;
}

export const DEFAULT_SIZING: PoolSizing = { everyMs: 1000, saturated: 0.9, growIdleCores: 0.5, stuckMs: 2000, retireIdleMs: 60_000 };

export function decidePoolSize(s: PoolSample, sizing: PoolSizing = DEFAULT_SIZING): PoolDecision {
  if (s.starting) return { act: 'hold' };
  if (s.threads < s.max && s.waiting > 0) {
    if (s.longestTaskMs >= sizing.stuckMs) return { act: 'grow', why: 'stuck' };
    if (s.busy.length && s.busy.every((b) => b >= sizing.saturated) && s.idleCores >= sizing.growIdleCores) return { act: 'grow', why: 'saturated' };
  }
  if (s.threads > 1) {
    const thread = s.idleMs.findIndex((ms) => ms >= sizing.retireIdleMs);
    if (thread >= 0) return { act: 'shrink', thread };
  }
  return { act: 'hold' };
}

/** Idle cores, machine-wide, since the last call (the first call reads since boot). */
export function idleCoresMeter(): () => number {
  let last = cpuTimes();
  return () => {
    const now = cpuTimes();
    const total = now.total - last.total;
    const idle = now.idle - last.idle;
    const n = now.cores;
    last = now;
    return total > 0 ? (idle / total) * n : 0;
  };
}

function cpuTimes(): { idle: number; total: number; cores: number } {
  let idle = 0;
  let total = 0;
  const all = cpus();
  for (const c of all) {
    idle += c.times.idle;
    total += c.times.idle + c.times.user + c.times.nice + c.times.sys + c.times.irq;
  }
  return { idle, total, cores: all.length };
}
