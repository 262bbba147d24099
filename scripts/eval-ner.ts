/**
 * npm run eval:ner — precision, recall and F1 per type (exact span and type) on CoNLL-2003
 * eng.testa, two ways: the tagger on the gold tokens, and the whole entity stage
 * (extractEntities on the story text: our tokenizer, sentence splitter, tagger and entity
 * grouping), scored by mapping mention offsets back to the gold tokens.
 *   --data DIR (default ../shared/data)  --file NAME (default eng.testa)  --model PATH
 */
import path from 'node:path';
import { extractEntities } from '../src/extract/entities/index.ts';
import { bilouFromIob, DEFAULT_MODEL_PATH, loadModel, spansOf } from '../src/extract/entities/model.ts';
import { readConll } from '../src/extract/entities/training/conll.ts';
import { evaluate, scoreTable, type Score } from '../src/extract/entities/training/evaluate.ts';
import { option, SHARED_DATA } from './args.ts';

const argv = process.argv.slice(2);
const opt = option;
const DATA = path.resolve(opt('data', SHARED_DATA));
const FILE = opt('file', 'eng.testa');
const docs = readConll(path.join(DATA, 'conll2003', FILE));
const model = loadModel(opt('model', DEFAULT_MODEL_PATH));

const t0 = performance.now();
const tagger = evaluate(model, docs);
const taggerMs = performance.now() - t0;
console.log(`tagger on gold tokens (${FILE}, ${docs.length} stories):`);
console.log(scoreTable(tagger));

// The whole entity stage on the story text.
const TYPE: Record<string, string> = { person: 'PER', organization: 'ORG', location: 'LOC' };
const c: Record<string, [number, number, number]> = { PER: [0, 0, 0], ORG: [0, 0, 0], LOC: [0, 0, 0] };
let unmapped = 0;
const t1 = performance.now();
for (const doc of docs) {
  let text = '';
  const starts = new Map<number, number>();
  const ends = new Map<number, number>();
  const gold = new Set<string>();
  let base = 0;
  for (const s of doc.sentences) {
    if (text) text += '\n';
    s.words.forEach((w, j) => {
      if (j) text += ' ';
      starts.set(text.length, base + j);
      text += w;
      ends.set(text.length, base + j);
    });
    for (const sp of spansOf(bilouFromIob(s.tags))) if (sp.type !== 'MISC') gold.add(`${sp.type}:${base + sp.start}:${base + sp.end - 1}`);
    base += s.words.length;
  }
  const pred = new Set<string>();
  for (const e of extractEntities(text, { dateline: null }, model)) {
    for (const m of e.mentions) {
      const a = starts.get(m.start);
      const b = ends.get(m.end);
      if (a === undefined || b === undefined) { unmapped++; c[TYPE[e.type]!]![1]++; continue; }
      pred.add(`${TYPE[e.type]}:${a}:${b}`);
    }
  }
  for (const p of pred) c[p.split(':')[0]!]![gold.has(p) ? 0 : 1]++;
  for (const g of gold) if (!pred.has(g)) c[g.split(':')[0]!]![2]++;
}
const stageMs = performance.now() - t1;
const sc = (tp: number, fp: number, fn: number): Score => {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return { tp, fp, fn, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
};
const all = (['PER', 'ORG', 'LOC'] as const).reduce((a, t) => [a[0]! + c[t]![0], a[1]! + c[t]![1], a[2]! + c[t]![2]], [0, 0, 0]);
const stage = { PER: sc(...c.PER!), ORG: sc(...c.ORG!), LOC: sc(...c.LOC!), overall: sc(...(all as [number, number, number])) };
console.log(`\nentity stage on story text (tokenizer + sentences + tagger + grouping), ${unmapped} mentions off token bounds:`);
console.log('type     precision recall     F1   gold');
for (const k of ['PER', 'ORG', 'LOC', 'overall'] as const) {
  const x = stage[k];
  console.log(`${k.padEnd(8)} ${(100 * x.precision).toFixed(2).padStart(7)} ${(100 * x.recall).toFixed(2).padStart(7)} ${(100 * x.f1).toFixed(2).padStart(7)} ${String(x.tp + x.fn).padStart(6)}`);
}
const r = (x: number) => Math.round(x * 10000) / 100;
const brief = (s: Score) => ({ p: r(s.precision), r: r(s.recall), f1: r(s.f1) });
console.log(JSON.stringify({
  eval: 'ner', data: FILE, stories: docs.length, model: model.featureHash,
  f1: r(tagger.overall.f1), precision: r(tagger.overall.precision), recall: r(tagger.overall.recall),
  PER: brief(tagger.PER), ORG: brief(tagger.ORG), LOC: brief(tagger.LOC), MISC: brief(tagger.MISC),
  stage: { f1: r(stage.overall.f1), precision: r(stage.overall.precision), recall: r(stage.overall.recall), PER: r(stage.PER.f1), ORG: r(stage.ORG.f1), LOC: r(stage.LOC.f1), unmapped },
  ms: { tagger: Math.round(taggerMs), stage: Math.round(stageMs) },
}));
