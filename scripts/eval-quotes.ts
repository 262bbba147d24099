/**
 * `npm run eval:quotes`: the quote stage on PolNeAR (train and dev) and on the project's wire
 * fixtures. Prints what it missed (with --verbose), a table, and one JSON line.
 *   --polnear DIR   (default ../shared/data/polnear; skipped when absent)
 *   --fixtures DIR  (default test/fixtures/quotes)
 *   --verbose       list misses
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { extractEntities } from '../src/extract/entities/index.ts';
import { extractQuotes } from '../src/extract/quotes/index.ts';
import {
  newPolnearTally, newTally, pct, polnearGold, scoreFixture, scorePolnear,
  type Fixture, type PolnearTally, type Tally,
} from './quotes-scoring.ts';
import { option } from './args.ts';

const argv = process.argv.slice(2);
const opt = option;
const verbose = argv.includes('--verbose');
const polnearDir = opt('polnear', path.resolve('..', 'shared', 'data', 'polnear'));
const fixturesDir = opt('fixtures', path.join('test', 'fixtures', 'quotes'));

const run = (body: string) => extractQuotes(body, extractEntities(body, { dateline: null })).quotes;

function polnear(split: string): PolnearTally | null {
  const dir = path.join(polnearDir, split);
  if (!existsSync(path.join(dir, 'text'))) return null;
  const t = newPolnearTally();
  const anns = readdirSync(path.join(dir, 'attributions')).sort();
  for (const f of readdirSync(path.join(dir, 'text')).sort()) {
    const base = f.replace(/\.txt$/, '');
    const annFile = anns.find((a) => a.startsWith(base));
    if (!annFile) continue;
    const text = readFileSync(path.join(dir, 'text', f), 'utf8');
    const gold = polnearGold(text, readFileSync(path.join(dir, 'attributions', annFile), 'utf8'));
    scorePolnear(t, base, gold, run(text));
  }
  return t;
}

export function loadFixtures(dir: string): Fixture[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Fixture);
}

function fixtures(): Tally | null {
  if (!existsSync(fixturesDir)) return null;
  const t = newTally();
  for (const f of loadFixtures(fixturesDir)) scoreFixture(t, f, run(f.body));
  return t;
}

const summary = (t: Tally) => ({
  gold: t.gold, ours: t.ours, recall: pct(t.found, t.gold), precision: pct(t.oursRight, t.ours),
  speaker_name: pct(...t.speaker.name), speaker_name_n: t.speaker.name[1],
  speaker_description: pct(...t.speaker.description), speaker_description_n: t.speaker.description[1],
  speaker_pronoun: pct(...t.speaker.pronoun), speaker_pronoun_n: t.speaker.pronoun[1],
  ...('gold4' in t ? { recall_4plus: pct((t as PolnearTally).found4, (t as PolnearTally).gold4) } : {}),
  ...(t.via[1] ? { via: pct(...t.via), partial: pct(...t.partial), speaker_none_kept_null: pct(...t.speaker.none) } : {}),
});

const results: Record<string, ReturnType<typeof summary>> = {};
const started = performance.now();
for (const split of ['dev', 'train']) {
  const t = polnear(split);
  if (!t) continue;
  if (verbose) for (const m of t.misses) console.log(`  [polnear ${split}] ${m}`);
  results[`polnear_${split}`] = summary(t);
}
const ft = fixtures();
if (ft) {
  if (verbose || ft.misses.length < 30) for (const m of ft.misses) console.log(`  [fixtures] ${m}`);
  results.fixtures = summary(ft);
}
const cols = ['gold', 'ours', 'recall', 'precision', 'speaker_name', 'speaker_description', 'speaker_pronoun', 'recall_4plus', 'via', 'partial'] as const;
console.log(['set'.padEnd(14), ...cols.map((c) => c.replace('speaker_', 'spk_').padStart(11))].join(' '));
for (const [name, r] of Object.entries(results)) {
  const rec = r as Record<string, unknown>;
  console.log([name.padEnd(14), ...cols.map((c) => String(rec[c] ?? '-').padStart(11))].join(' '));
}
console.log(JSON.stringify({ eval_quotes: results, seconds: Math.round((performance.now() - started) / 100) / 10 }));
