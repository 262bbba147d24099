/**
 * `npm run train:quotes`: trains the quote speaker ranker (src/extract/quotes/ranker.ts) and
 * writes models/quotes.json.gz.
 *
 * Examples: every kept quote of PolNeAR train whose gold speaker is named or a pronoun, the
 * project's wire fixtures (test/fixtures/quotes), and the Reuters labels of even NEWID
 * (test/fixtures/wirequotes; odd NEWIDs stay unseen for `npm run eval:wirequotes`). A candidate
 * is right when its name holds the gold speaker's key word (as the shared scorers judge).
 *
 * Model: a conditional logit over each quote's candidates, trained by plain SGD in a fixed order
 * (deterministic: same data, same model), weights averaged over steps. The L2 strength and epoch
 * count are chosen on PolNeAR dev; the softmax temperature is fitted on out-of-fold scores of
 * train (two folds), so dev never tunes the calibration it is judged by.
 *   --polnear DIR (default ../shared/data/polnear) · --reuters DIR · --out FILE
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { extractEntities } from '../src/extract/entities/index.ts';
import { analyseQuotes, probeHash } from '../src/extract/quotes/index.ts';
import { probabilities, rankable, type QuoteModel, type RankCandidate } from '../src/extract/quotes/ranker.ts';
import { ROOT, SHARED_DATA, option } from './args.ts';
import { polnearGold, type Fixture } from './quotes-scoring.ts';
import { reutersBodies, restoreStory, type OffsetStory } from './wire-labels.ts';

const polnearDir = option('polnear', path.join(SHARED_DATA, 'polnear'));
const reutersDir = option('reuters', path.join(SHARED_DATA, 'reuters21578'));
const OUT = option('out', path.join(ROOT, 'models', 'quotes.json.gz'));

/** One quote: its candidates, which are right, and what kind of gold it was. */
export interface Example { cands: RankCandidate[]; right: boolean[]; target: boolean[]; kind: string; source: string }

/**
 * An example as the ranker meets it: only quotes the cascade gave a speaker or whose cue is a
 * pronoun (the ranker never names a speaker the rules left unnamed otherwise), and when no named candidate is right, "no one" (the
 * last candidate) is, so its probability learns to mean "none of these".
 */
function example(cands: RankCandidate[], right: boolean[], kind: string, source: string): Example[] {
  if (!rankable(cands)) return [];
  const target = right.some(Boolean) ? right : cands.map((c) => !c.speaker);
  return [{ cands, right, target, kind, source }];
}

const words = (s: string | null | undefined): string[] => (s ?? '').toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const holds = (name: string, keys: string[]) => { const w = words(name); return w.length <= 6 && keys.some((k) => w.includes(k)); };

function analyse(text: string) {
  const a = analyseQuotes(text, extractEntities(text, { dateline: null }));
  return a.kept.map((pc, i) => ({ start: pc.span.start, end: pc.span.end, text: text.slice(pc.span.start, pc.span.end), cands: a.candidates[i]! }));
}

function polnear(split: string): Example[] {
  const dir = path.join(polnearDir, split);
  if (!existsSync(path.join(dir, 'text'))) return [];
  const anns = readdirSync(path.join(dir, 'attributions')).sort();
  const out: Example[] = [];
  for (const f of readdirSync(path.join(dir, 'text')).sort()) {
    const base = f.replace(/\.txt$/, '');
    const annFile = anns.find((a) => a.startsWith(base));
    if (!annFile) continue;
    const text = readFileSync(path.join(dir, 'text', f), 'utf8');
    const gold = polnearGold(text, readFileSync(path.join(dir, 'attributions', annFile), 'utf8'));
    const ours = analyse(text);
    for (const g of gold.quotes) {
      if (words(g.text).length < 4) continue;
      const q = ours.find((x) => Math.min(x.end, g.end) - Math.max(x.start, g.start) >= 0.6 * (g.end - g.start));
      if (!q || !g.key || (g.kind !== 'name' && g.kind !== 'pronoun')) continue;
      out.push(...example(q.cands, q.cands.map((c) => !!c.speaker && holds(c.speaker.name, [g.key!])), g.kind, `polnear-${split}`));
    }
  }
  return out;
}

function fixtures(): Example[] {
  const dir = path.join(ROOT, 'test', 'fixtures', 'quotes');
  const out: Example[] = [];
  for (const file of readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
    const f = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Fixture;
    const ours = analyse(f.body);
    for (const g of f.quotes) {
      const head = squash(g.text).slice(0, 40);
      const q = ours.find((x) => squash(x.text).startsWith(head)) ?? ours.find((x) => squash(x.text).includes(head));
      if (!q) continue;
      const key = g.speaker ? words(g.speaker).slice(-1) : [];
      out.push(...example(q.cands, q.cands.map((c) => (g.speaker ? !!c.speaker && holds(c.speaker.name, key) : !c.speaker)), g.kind, 'fixtures'));
    }
  }
  return out;
}

const WEAK = new Set(['the', 'of', 'and', 'inc', 'corp', 'co', 'ltd', 'plc', 'group', 'company', 'corporation']);

/** Reuters labels whose NEWID has the given parity (0: training half, 1: held out). */
export function wire(parity: 0 | 1): Example[] {
  const file = path.join(ROOT, 'test', 'fixtures', 'wirequotes', 'reuters-labels.jsonl');
  if (!existsSync(reutersDir)) return [];
  const stories = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as OffsetStory).filter((s) => s.newid % 2 === parity);
  const sgm = new Map<string, Map<string, string | null>>();
  const out: Example[] = [];
  for (const s of stories) {
    if (!sgm.has(s.file)) sgm.set(s.file, reutersBodies(readFileSync(path.join(reutersDir, s.file), 'latin1')));
    const body = sgm.get(s.file)!.get(String(s.newid));
    if (!body) continue;
    const labels = restoreStory(s, body);
    const ours = analyse(body);
    for (const g of labels.quotes) {
      const head = squash(g.start).slice(0, 25);
      const q = ours.find((x) => squash(x.text).includes(head));
      if (!q) continue;
      const want = words(g.speaker).filter((w) => !WEAK.has(w));
      const key = g.speaker_type === 'person' ? want.slice(-1) : want;
      out.push(...example(q.cands, q.cands.map((c) => (g.speaker ? !!c.speaker && holds(c.speaker.name, key) : !c.speaker)), g.speaker_type ?? 'none', 'wire'));
    }
  }
  return out;
}

/** Conditional-logit SGD in a fixed order; returns the averaged weights. */
export function train(examples: Example[], epochs: number, l2: number): Record<string, number> {
  const w = new Map<string, number>();
  const sum = new Map<string, number>();
  let steps = 0;
  const usable = examples.filter((e) => e.cands.length > 1);
  for (let ep = 0; ep < epochs; ep++) {
    const lr = 0.5 / (1 + ep);
    for (const e of usable) {
      const scores = e.cands.map((c) => c.features.reduce((s, f) => s + (w.get(f) ?? 0), 0));
      const max = Math.max(...scores);
      const ex = scores.map((s) => Math.exp(s - max));
      const z = ex.reduce((a, b) => a + b, 0);
      const p = ex.map((x) => x / z);
      const zr = p.reduce((a, x, i) => a + (e.target[i] ? x : 0), 0);
      const grad = new Map<string, number>();
      e.cands.forEach((c, i) => {
        const g = (e.target[i] ? p[i]! / zr : 0) - p[i]!;
        if (g === 0) return;
        for (const f of c.features) grad.set(f, (grad.get(f) ?? 0) + g);
      });
      for (const [f, g] of grad) {
        const cur = w.get(f) ?? 0;
        w.set(f, cur + lr * (g - l2 * cur));
      }
      steps++;
      for (const [f, x] of w) sum.set(f, (sum.get(f) ?? 0) + x);
    }
  }
  const out: Record<string, number> = {};
  for (const f of [...sum.keys()].sort()) {
    const x = sum.get(f)! / steps;
    if (Math.abs(x) > 1e-4) out[f] = Math.round(x * 1e4) / 1e4;
  }
  return out;
}

const modelOf = (weights: Record<string, number>, temperature = 1): QuoteModel =>
  ({ format: 'quote-ranker', featureHash: probeHash(), weights, temperature, minSpeaker: 0, meta: {} });

/** Share of examples whose top candidate is right (examples with no right candidate count as wrong). */
export function accuracy(model: QuoteModel, examples: Example[]): number {
  let ok = 0;
  for (const e of examples) {
    const p = probabilities(model, e.cands);
    let best = 0;
    for (let j = 1; j < p.length; j++) if (p[j]! > p[best]!) best = j;
    if (e.right[best]) ok++;
  }
  return examples.length ? ok / examples.length : 0;
}

/** The temperature minimising log loss of the top choice's probability on held-out examples. */
function fitTemperature(pairs: Array<{ model: QuoteModel; examples: Example[] }>): number {
  let best = 1;
  let bestLoss = Infinity;
  for (let t = 0.5; t <= 3.001; t += 0.05) {
    let loss = 0;
    for (const { model, examples } of pairs) {
      const m = { ...model, temperature: t };
      for (const e of examples) {
        const p = probabilities(m, e.cands);
        const pr = Math.min(1 - 1e-6, Math.max(1e-6, p.reduce((a, x, i) => a + (e.target[i] ? x : 0), 0)));
        loss -= Math.log(pr);
      }
    }
    if (loss < bestLoss) { bestLoss = loss; best = Math.round(t * 100) / 100; }
  }
  return best;
}

function main() {
  const t0 = Date.now();
  const trainPol = polnear('train');
  const dev = polnear('dev');
  const fix = fixtures();
  const wireTrain = wire(0);
  const trainSet = [...trainPol, ...fix, ...wireTrain];
  console.log(`examples: polnear train ${trainPol.length}, fixtures ${fix.length}, wire (even NEWID) ${wireTrain.length}, dev ${dev.length} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const cascade = (ex: Example[]) => ex.filter((e) => e.cands.some((c, i) => e.right[i] && c.features.includes('leg')) || (!e.cands.some((c) => c.features.includes('leg')) && e.right[e.cands.length - 1])).length / ex.length;
  console.log(`cascade alone: train ${(100 * cascade(trainPol)).toFixed(1)}, dev ${(100 * cascade(dev)).toFixed(1)}`);
  let best = { acc: -1, epochs: 0, l2: 0 };
  for (const epochs of [5, 10, 20]) {
    for (const l2 of [0, 0.001, 0.01]) {
      const m = modelOf(train(trainSet, epochs, l2));
      const acc = accuracy(m, dev);
      console.log(`epochs ${epochs} l2 ${l2}: train ${(100 * accuracy(m, trainPol)).toFixed(1)} dev ${(100 * acc).toFixed(1)}`);
      if (acc > best.acc + 1e-9) best = { acc, epochs, l2 };
    }
  }
  // Calibration from two folds of train (split by document order: every other example's story).
  const a = trainSet.filter((_, i) => i % 2 === 0);
  const b = trainSet.filter((_, i) => i % 2 === 1);
  const temperature = fitTemperature([
    { model: modelOf(train(a, best.epochs, best.l2)), examples: b },
    { model: modelOf(train(b, best.epochs, best.l2)), examples: a },
  ]);
  const weights = train(trainSet, best.epochs, best.l2);
  const model: QuoteModel = {
    ...modelOf(weights, temperature), minSpeaker: 0.2,
    meta: { epochs: best.epochs, l2: best.l2, examples: trainSet.length, dev_accuracy: Math.round(best.acc * 1000) / 10, features: Object.keys(weights).length },
  };
  const gz = gzipSync(JSON.stringify(model));
  writeFileSync(OUT, gz);
  console.log(`chose epochs ${best.epochs} l2 ${best.l2} (dev ${(100 * best.acc).toFixed(1)}), temperature ${temperature}`);
  console.log(`wrote ${path.relative(ROOT, OUT)}: ${(gz.length / 1024).toFixed(1)} KiB, ${Object.keys(weights).length} features, hash ${model.featureHash}`);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) main();
