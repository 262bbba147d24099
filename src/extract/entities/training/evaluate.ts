import type { Model } from '../model.ts';
import { bilouFromIob, spansOf } from '../model.ts';
import { tagDocument } from '../tagger.ts';
import type { ConllDoc } from './conll.ts';

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}
export type Scores = Record<'PER' | 'ORG' | 'LOC' | 'MISC' | 'overall' | 'all4', Score>;

const score = (tp: number, fp: number, fn: number): Score => {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, fn, precision, recall, f1 };
};

/** Exact span and type, per type; `overall` is PER + ORG + LOC (MISC is not emitted), `all4` adds MISC. */
export function evaluate(model: Model, docs: ConllDoc[]): Scores {
  const c: Record<string, [number, number, number]> = { PER: [0, 0, 0], ORG: [0, 0, 0], LOC: [0, 0, 0], MISC: [0, 0, 0] };
  for (const doc of docs) {
    const pred = tagDocument(model, doc.sentences.map((s) => s.words));
    doc.sentences.forEach((s, i) => {
      const gold = new Set(spansOf(bilouFromIob(s.tags)).map((x) => `${x.type}:${x.start}:${x.end}`));
      const got = new Set(pred[i]!.map((x) => `${x.type}:${x.start}:${x.end}`));
      for (const g of got) c[g.split(':')[0]!]![gold.has(g) ? 0 : 1]++;
      for (const g of gold) if (!got.has(g)) c[g.split(':')[0]!]![2]++;
    });
  }
  const sum = (types: string[]) => types.reduce((a, t) => [a[0] + c[t]![0], a[1] + c[t]![1], a[2] + c[t]![2]] as [number, number, number], [0, 0, 0] as [number, number, number]);
  return {
    PER: score(...c.PER!), ORG: score(...c.ORG!), LOC: score(...c.LOC!), MISC: score(...c.MISC!),
    overall: score(...sum(['PER', 'ORG', 'LOC'])), all4: score(...sum(['PER', 'ORG', 'LOC', 'MISC'])),
  };
}

export function scoreTable(s: Scores): string {
  const rows = (['PER', 'ORG', 'LOC', 'MISC', 'overall', 'all4'] as const).map((k) => {
    const x = s[k];
    return `${k.padEnd(8)} ${(100 * x.precision).toFixed(2).padStart(7)} ${(100 * x.recall).toFixed(2).padStart(7)} ${(100 * x.f1).toFixed(2).padStart(7)} ${String(x.tp + x.fn).padStart(6)}`;
  });
  return ['type     precision recall     F1   gold', ...rows].join('\n');
}
