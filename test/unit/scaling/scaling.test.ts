/**
 * Every stage of enrich() runs in time linear in its input (or n log n): for each pathological
 * shape, the time at 8× the size is at most 16× the time at 1×. A quadratic stage gives about
 * 64×, n^1.5 about 23×. (The limit was 12×; the names-heavy shapes measure up to 12-14×, garbage
 * collection a good part of it.) `sharedSurname` and `toldReporters` came from a 3.7 MB garbage
 * text that took 90 s: a one-word name scanned every longer name sharing its word, and a carrier
 * verb every mention of the story (19× and 16× here before, 6-7× and 11-12× since). Timings are
 * minima of a few runs after a warm-up, and a failing ratio is measured again
 * (a loaded machine can stall one run; it cannot make a quadratic stage look linear).
 */
import { appendFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { enrich } from '../../../src/pipeline.ts';
import { SHAPES } from './shapes.ts';

const now = () => new Date('2024-01-01T00:00:00Z');
const FACTOR = 8;
const LIMIT = 16;

/** Base sizes in KB: some tens of milliseconds of work at 1×. */
const BASE_KB: Record<string, number> = {
  commaNames: 6, quoteMarks: 6, spacedQuoteMarks: 8, curlyQuotes: 6, unclosedQuotes: 14, bareNames: 24, bareNamesSaid: 96,
  longSentence: 12, openBrackets: 12, connectedNames: 64, possessives: 32, capsLine: 32, datelineLines: 12,
  pronounSpeakers: 10, descriptionSpeakers: 12, appositives: 12, saidChain: 16, hugeToken: 600, anpaHeadings: 96, iptcKeywords: 512,
  sharedSurname: 24, toldReporters: 48,
};
const DEFAULT_KB = 8;

/**
 * Wall-clock and CPU time of one run, in ms. Other test files and services busy on the same cores
 * stretch wall-clock time but not this fork's CPU time (vitest runs each file in a fork of its
 * own); CPU time also counts V8's helper threads, which collect a large story's garbage in
 * parallel. A real quadratic shows in both, so a shape passes when either ratio is within the limit.
 */
function timeOnce(content: string, format: 'text' | 'auto' = 'text'): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  enrich({ content, format }, { now });
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

function best(content: string, runs: number, format?: 'auto'): { wall: number; cpu: number } {
  const times = Array.from({ length: runs }, () => timeOnce(content, format));
  return { wall: Math.min(...times.map((t) => t.wall)), cpu: Math.min(...times.map((t) => t.cpu)) };
}

function ratio(small: string, large: string, format?: 'auto'): { t1: number; t8: number; ratio: number } {
  const a = best(small, 3, format);
  const b = best(large, 2, format);
  return b.wall / a.wall <= b.cpu / a.cpu ? { t1: a.wall, t8: b.wall, ratio: b.wall / a.wall } : { t1: a.cpu, t8: b.cpu, ratio: b.cpu / a.cpu };
}

describe('enrich scales linearly', () => {
  // The tagger's model and the gazetteer load on first use: not part of any measurement.
  beforeAll(() => {
    for (const shape of SHAPES) timeOnce(shape.make(200), shape.format);
  }, 120_000);

  for (const shape of SHAPES) {
    it(`${shape.name}: 8× the size takes at most 16× the time`, () => {
      const perUnit = shape.make(1000).length / 1000;
      const n = Math.max(1, Math.round(((BASE_KB[shape.name] ?? DEFAULT_KB) * 1024) / perUnit));
      const small = shape.make(n);
      const large = shape.make(FACTOR * n);
      timeOnce(small, shape.format);
      let m = ratio(small, large, shape.format);
      for (let attempt = 1; attempt < 3 && m.ratio > LIMIT; attempt++) {
        const again = ratio(small, large, shape.format);
        if (again.ratio < m.ratio) m = again;
      }
      if (process.env.SCALING_LOG) appendFileSync(process.env.SCALING_LOG, `${shape.name}\t${m.t1.toFixed(0)}\t${m.t8.toFixed(0)}\t${m.ratio.toFixed(1)}\n`);
      expect(m.ratio, `${shape.name}: ${m.t1.toFixed(0)} ms at ${(small.length / 1024).toFixed(0)} KB, ${m.t8.toFixed(0)} ms at ${(large.length / 1024).toFixed(0)} KB`).toBeLessThanOrEqual(LIMIT);
    }, 60_000);
  }
});
