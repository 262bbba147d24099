import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZING, decidePoolSize, type PoolSample } from '../../../src/enrichment/pool-size.ts';

// One thread of two, busy all the window, stories waiting, nothing else on the machine.
const sample = (over: Partial<PoolSample> = {}): PoolSample => ({
  threads: 1, max: 2, starting: false, busy: [1], waiting: 500, idleCores: 0.9, longestTaskMs: 5, idleMs: [0], contendedMs: 0, ...over,
});

describe('when a pool that sizes itself takes on a thread', () => {
  it('grows when every thread is saturated, stories wait and a core sits idle', () => {
    expect(decidePoolSize(sample())).toEqual({ act: 'grow', why: 'saturated' });
  });

  it('holds when the cores are busy with something else (Elasticsearch on the same machine)', () => {
    expect(decidePoolSize(sample({ idleCores: 0.3 }))).toEqual({ act: 'hold' });
  });

  it('holds when a thread keeps up (not busy the whole window) or nothing waits', () => {
    expect(decidePoolSize(sample({ busy: [0.6] }))).toEqual({ act: 'hold' });
    expect(decidePoolSize(sample({ threads: 2, max: 3, busy: [1, 0.5] }))).toEqual({ act: 'hold' });
    expect(decidePoolSize(sample({ waiting: 0 }))).toEqual({ act: 'hold' });
  });

  it('grows past a story that has held its thread for seconds while others wait, however busy the cores', () => {
    expect(decidePoolSize(sample({ idleCores: 0, longestTaskMs: DEFAULT_SIZING.stuckMs }))).toEqual({ act: 'grow', why: 'stuck' });
    expect(decidePoolSize(sample({ idleCores: 0, longestTaskMs: DEFAULT_SIZING.stuckMs, waiting: 0 }))).toEqual({ act: 'hold' });
  });

  it('never goes past its most threads, nor decides while a thread warms up', () => {
    expect(decidePoolSize(sample({ threads: 2, busy: [1, 1] }))).toEqual({ act: 'hold' });
    expect(decidePoolSize(sample({ threads: 2, starting: true }))).toEqual({ act: 'hold' });
  });
});

describe('when it lets one go', () => {
  it('retires a thread idle for the whole retirement wait, down to one', () => {
    const idle = DEFAULT_SIZING.retireIdleMs;
    expect(decidePoolSize(sample({ threads: 2, busy: [0.1, 0], waiting: 0, idleMs: [10, idle] }))).toEqual({ act: 'shrink', thread: 1, why: 'idle' });
    expect(decidePoolSize(sample({ threads: 1, busy: [0], waiting: 0, idleMs: [idle * 10] }))).toEqual({ act: 'hold' });
    expect(decidePoolSize(sample({ threads: 2, busy: [0.1, 0], waiting: 0, idleMs: [10, idle - 1] }))).toEqual({ act: 'hold' });
  });

  it('lets the last thread go once the cores have been contended (other processes busy, none idle) for a while', () => {
    const two = { threads: 2, busy: [1, 1], idleMs: [0, 0], idleCores: 0.05 };
    expect(decidePoolSize(sample({ ...two, contendedMs: DEFAULT_SIZING.contendedMs }))).toEqual({ act: 'shrink', thread: 1, why: 'contended' });
    expect(decidePoolSize(sample({ ...two, contendedMs: DEFAULT_SIZING.contendedMs - 1000 }))).toEqual({ act: 'hold' });
    // Not while a story holds a thread: the second one is what keeps the others moving.
    expect(decidePoolSize(sample({ ...two, contendedMs: DEFAULT_SIZING.contendedMs, longestTaskMs: DEFAULT_SIZING.stuckMs }))).toEqual({ act: 'hold' });
    expect(decidePoolSize(sample({ ...two, threads: 1, busy: [1], idleMs: [0], contendedMs: DEFAULT_SIZING.contendedMs * 10 }))).toEqual({ act: 'hold' });
  });
});
