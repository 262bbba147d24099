/**
 * When the enrichment pool, left to size itself, takes on another thread or lets one go. A
 * thread costs ~80 MB and its own warm-up of V8's optimising compiler; it pays only where
 * enrichment is what holds the worker back and a core is there to run it. Where Elasticsearch
 * shares the cores, a second thread competes with it for the same CPU (the same rate, ~10% more
 * CPU and ~100 MB more memory in the drains measured, README); where Elasticsearch runs
 * elsewhere, one thread is saturated long before the cores are.
 */
import { cpus } from 'node:os';

/** What the pool saw over its last window. */
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
  /**
   * How long the cores have been contended: next to no idle core while other processes
   * (Elasticsearch, say) take a good share of them. 0 when they are not.
   */
  contendedMs: number;
}

export type PoolDecision = { act: 'grow'; why: 'saturated' | 'stuck' } | { act: 'shrink'; thread: number; why: 'idle' | 'contended' } | { act: 'hold' };

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
  /**
   * The cores count as contended while fewer than this many sit idle and other processes use at
   * least `othersCores`: in a drain with Elasticsearch on the same two cores, two threads left
   * 0.03–0.11 idle. (Our own threads filling every core is not contention: that is the pool
   * doing its work where Elasticsearch runs elsewhere.)
   */
  contendedIdleCores: number;
  othersCores: number;
  /** Contended this long, with no story holding a thread, a pool of more than one thread lets one go. */
  contendedMs: number;
}

export const DEFAULT_SIZING: PoolSizing = {
  everyMs: 1000, saturated: 0.9, growIdleCores: 0.5, stuckMs: 2000, retireIdleMs: 60_000, contendedIdleCores: 0.2, othersCores: 0.5, contendedMs: 30_000,
};

export function decidePoolSize(s: PoolSample, sizing: PoolSizing = DEFAULT_SIZING): PoolDecision {
  if (s.starting) return { act: 'hold' };
  if (s.threads < s.max && s.waiting > 0) {
    if (s.longestTaskMs >= sizing.stuckMs) return { act: 'grow', why: 'stuck' };
    if (s.busy.length && s.busy.every((b) => b >= sizing.saturated) && s.idleCores >= sizing.growIdleCores) return { act: 'grow', why: 'saturated' };
  }
  if (s.threads > 1) {
    const thread = s.idleMs.findIndex((ms) => ms >= sizing.retireIdleMs);
    if (thread >= 0) return { act: 'shrink', thread, why: 'idle' };
    // A thread taken on while a core was free (or past a slow story) that now only competes for
    // the cores: the last one taken on goes once its tasks are done.
    if (s.contendedMs >= sizing.contendedMs && s.longestTaskMs < sizing.stuckMs) return { act: 'shrink', thread: s.busy.length - 1, why: 'contended' };
  }
  return { act: 'hold' };
}

/**
 * Since the last call: the cores idle machine-wide, and those other processes used (busy cores
 * less this process's CPU over the same wall time).
 */
export function coresMeter(): () => { idle: number; others: number } {
  let last = { ...cpuTimes(), ownUs: ownCpuUs(), at: performance.now() };
  return () => {
    const now = { ...cpuTimes(), ownUs: ownCpuUs(), at: performance.now() };
    const total = now.total - last.total;
    const idle = total > 0 ? ((now.idle - last.idle) / total) * now.cores : 0;
    const ownCores = now.at > last.at ? (now.ownUs - last.ownUs) / 1000 / (now.at - last.at) : 0;
    last = now;
    return { idle, others: Math.max(0, now.cores - idle - ownCores) };
  };
}

/** This process's CPU so far, all threads, in µs. */
function ownCpuUs(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
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
