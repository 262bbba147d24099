/**
 * Throughput of the first two stages, readStory + splitDateline, on the Reuters-21578 stories
 * (../shared/data/reuters21578, or --reuters DIR) as plain text with a date lead, and on the
 * feed fixtures of test/fixtures/formats (ninjs, NITF, NewsML-G2, RSS, Atom). Prints a table and
 * one JSON line. The gazetteer's one-off load is timed apart.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readStory } from '../src/pipeline.ts';
import { splitArticleDateline, splitDateline } from '../src/normalize/dateline.ts';
import { gazetteer } from '../src/normalize/gazetteer.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const argAt = (n: string) => { const i = argv.indexOf(`--${n}`); return i >= 0 ? argv[i + 1] : undefined; };
const reutersDir = argAt('reuters') ?? path.join(ROOT, '../shared/data/reuters21578');
const seconds = Number(argAt('seconds') ?? '3');

let t = performance.now();
gazetteer();
const loadMs = performance.now() - t;

function reutersStories(): string[] {
  if (!existsSync(reutersDir)) return [];
  const out: string[] = [];
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&#\d+;/g, '');
  for (const f of readdirSync(reutersDir).filter((n) => n.endsWith('.sgm')).sort()) {
    const sgm = readFileSync(path.join(reutersDir, f), 'latin1');
    for (const m of sgm.matchAll(/<REUTERS[^>]*>([\s\S]*?)<\/REUTERS>/g)) {
      const get = (tag: string) => new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(m[1]!)?.[1];
      const body = get('BODY');
      if (!body) continue;
      out.push(`${(get('DATELINE') ?? '').trim()} ${unescape(body)}`);
    }
  }
  return out;
}

function feedStories(): string[] {
  const dir = path.join(ROOT, 'test/fixtures/formats/files');
  return readdirSync(dir).sort().map((f) => readFileSync(path.join(dir, f), 'utf8'));
}

function measure(name: string, stories: string[]) {
  if (!stories.length) return null;
  let n = 0;
  let bytes = 0;
  let datelines = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    for (const s of stories) {
      const parsed = readStory(s);
      const { dateline } = splitArticleDateline(parsed, { referenceDate: parsed.publishedAt ?? '1987-03-01' });
      if (dateline) datelines++;
      n++;
      bytes += s.length;
    }
  }
  const ms = performance.now() - start;
  return { name, stories: stories.length, runs: n, storiesPerSec: Math.round((n / ms) * 1000), mbPerSec: Math.round((bytes / ms / 1000) * 10) / 10, datelineRate: Math.round((datelines / n) * 1000) / 10 };
}

/** splitDateline alone, on texts already read: the dateline parser's own speed. */
function measureSplit(name: string, stories: string[]) {
  if (!stories.length) return null;
  const texts = stories.map((s) => readStory(s).text);
  let n = 0;
  let bytes = 0;
  let datelines = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    for (const text of texts) {
      if (splitDateline(text, { referenceDate: '1987-03-01' }).dateline) datelines++;
      n++;
      bytes += text.length;
    }
  }
  const ms = performance.now() - start;
  return { name, stories: texts.length, runs: n, storiesPerSec: Math.round((n / ms) * 1000), mbPerSec: Math.round((bytes / ms / 1000) * 10) / 10, datelineRate: Math.round((datelines / n) * 1000) / 10 };
}

const reuters = reutersStories();
const rows = [
  measure('reuters21578: readStory + splitArticleDateline', reuters),
  measureSplit('reuters21578: splitDateline alone', reuters),
  measure('feed fixtures (ninjs/NITF/NewsML/RSS/Atom)', feedStories()),
].filter((r) => r !== null);
console.log(`gazetteer load: ${Math.round(loadMs)} ms (once per process)\n`);
console.log('| set | stories | parsed | stories/s | MB/s | with dateline % |\n|---|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.name} | ${r.stories} | ${r.runs} | ${r.storiesPerSec} | ${r.mbPerSec} | ${r.datelineRate} |`);
console.log(JSON.stringify({ bench: 'datelines', gazetteerLoadMs: Math.round(loadMs), results: rows }));
