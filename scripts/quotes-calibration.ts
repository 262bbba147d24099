/**
 * `npm run calibration:quotes`: the reliability diagram of quote confidence on PolNeAR dev (data
 * the ranker was not trained on): for each confidence band, how many quotes with a named or
 * pronoun gold source fall in it and what share of them have the right speaker (as the shared
 * scorer judges: the speaker's name holds the source's key word). Prints a table and one JSON line.
 *   --polnear DIR (default ../shared/data/polnear/dev)
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { extractEntities } from '../src/extract/entities/index.ts';
import { extractQuotes } from '../src/extract/quotes/index.ts';
import { REVIEW_BELOW } from '../src/extract/quotes/calibration.ts';
import { SHARED_DATA, option } from './args.ts';
import { polnearGold } from './quotes-scoring.ts';

const dir = option('polnear', path.join(SHARED_DATA, 'polnear', 'dev'));
const words = (s: string | null | undefined): string[] => (s ?? '').toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
const EDGES = [0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001];
const bands = EDGES.slice(0, -1).map((lo, i) => ({ lo, hi: EDGES[i + 1]!, n: 0, right: 0 }));
const anns = readdirSync(path.join(dir, 'attributions')).sort();
for (const f of readdirSync(path.join(dir, 'text')).sort()) {
  const base = f.replace(/\.txt$/, '');
  const ann = anns.find((a) => a.startsWith(base));
  if (!ann) continue;
  const text = readFileSync(path.join(dir, 'text', f), 'utf8');
  const gold = polnearGold(text, readFileSync(path.join(dir, 'attributions', ann), 'utf8'));
  const quotes = extractQuotes(text, extractEntities(text, { dateline: null })).quotes;
  for (const g of gold.quotes) {
    if (!g.key || (g.kind !== 'name' && g.kind !== 'pronoun') || words(g.text).length < 4) continue;
    const q = quotes.find((x) => Math.min(x.end, g.end) - Math.max(x.start, g.start) >= 0.6 * (g.end - g.start));
    if (!q) continue;
    const w = words(q.speaker?.name);
    const ok = !!q.speaker && w.length <= 6 && w.includes(g.key);
    const b = bands.find((x) => q.confidence >= x.lo && q.confidence < x.hi)!;
    b.n++;
    if (ok) b.right++;
  }
}
const pct = (a: number, b: number) => (b ? Math.round((1000 * a) / b) / 10 : null);
console.log('confidence   quotes   right %');
for (const b of bands) console.log(`${b.lo.toFixed(1)}-${Math.min(1, b.hi).toFixed(1)}`.padEnd(13) + String(b.n).padStart(6) + String(pct(b.right, b.n) ?? '-').padStart(10));
const atLeast = (t: number) => { const s = bands.filter((b) => b.lo >= t); return pct(s.reduce((a, b) => a + b.right, 0), s.reduce((a, b) => a + b.n, 0)); };
console.log(JSON.stringify({ calibration: bands.map((b) => ({ from: b.lo, n: b.n, right: pct(b.right, b.n) })), right_at_0_9: atLeast(0.9), review_below: REVIEW_BELOW, right_at_review: atLeast(REVIEW_BELOW) }));
