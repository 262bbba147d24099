/**
 * npm run bench:quotes — the quote stage alone (extractQuotes, entity list given empty so only
 * this stage is timed) on one core: µs per story and stories per second. Corpora: the
 * project's wire fixtures repeated, and synthetic long stories built from them (many quotes,
 * unbalanced marks). Prints a table and one JSON line.
 *   --stories N (default 3000)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractQuotes } from '../src/extract/quotes/index.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const STORIES = Number(argv[argv.indexOf('--stories') + 1] ?? 3000) || 3000;

const fixtureDir = path.join(ROOT, 'test', 'fixtures', 'quotes');
const bodies = readdirSync(fixtureDir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => (JSON.parse(readFileSync(path.join(fixtureDir, f), 'utf8')) as { body: string }).body);
const seed = readFileSync(path.join(ROOT, 'samples', '000_482e6b3d5c193770.txt'), 'utf8');
bodies.push(seed.slice(seed.indexOf('(ANI):') + 6).trim());

const repeat = (texts: string[], n: number) => Array.from({ length: n }, (_, i) => texts[i % texts.length]!);
// Long stories: five fixtures joined, with a stray mark dropped in.
const long = bodies.map((_, i) => [0, 1, 2, 3, 4].map((k) => bodies[(i + k) % bodies.length]).join('\n\n') + '\n\nHe said "this mark never closes');

function run(name: string, texts: string[]) {
  for (const t of texts.slice(0, 200)) extractQuotes(t, []); // warm up
  let quotes = 0;
  let chars = 0;
  const t0 = performance.now();
  for (const t of texts) {
    quotes += extractQuotes(t, []).quotes.length;
    chars += t.length;
  }
  const ms = performance.now() - t0;
  return {
    corpus: name, stories: texts.length, avg_chars: Math.round(chars / texts.length), quotes_per_story: Math.round((quotes / texts.length) * 10) / 10,
    us_per_story: Math.round((ms * 1000) / texts.length), stories_per_s: Math.round(texts.length / (ms / 1000)),
  };
}

const rows = [run('fixtures+seed', repeat(bodies, STORIES)), run('synthetic long', repeat(long, Math.ceil(STORIES / 5)))];
const cols = Object.keys(rows[0]!) as Array<keyof (typeof rows)[number]>;
console.log(cols.map((c) => String(c).padStart(16)).join(''));
for (const r of rows) console.log(cols.map((c) => String(r[c]).padStart(16)).join(''));
console.log(JSON.stringify({ bench_quotes: rows }));
