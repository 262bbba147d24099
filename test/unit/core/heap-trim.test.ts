import { describe, expect, it } from 'vitest';
import { exposedGc, startHeapTrim } from '../../../src/runtime/heap-trim.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('heap trim', () => {
  it('exposes gc without --expose-gc', () => {
    expect(typeof exposedGc()).toBe('function');
  });

  it('collects while the loop idles, and stops when told', async () => {
    const trim = startHeapTrim({ everyMs: 20, maxBusy: 0.9 });
    await sleep(150);
    const seen = trim.collections;
    expect(seen).toBeGreaterThan(0);
    trim.stop();
    await sleep(80);
    expect(trim.collections).toBe(seen);
  });

  it('leaves a busy loop alone until the heap has grown past the bound', async () => {
    const trim = startHeapTrim({ everyMs: 20, maxBusy: 0, growthMb: 1024 });
    await sleep(100);
    expect(trim.collections).toBe(0);
    trim.stop();
  });
});
