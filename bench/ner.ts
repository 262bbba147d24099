/**
 * npm run bench:ner — the entity stage on one core: model load time (cold, first use), sentences
 * per second through tokenizer + sentence splitter + tagger (+ entity grouping), and the
 * process RSS with the model loaded. Text: Reuters-21578 bodies from ../shared/data when
 * present, else the repository's own samples and fixtures repeated.
 *   --stories N (default 2000)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const STORIES = Number(argv[argv.indexOf('--stories') + 1] ?? 2000) || 2000;
const rssBefore = process.memoryUsage().rss;

const { loadModel } = await import('../src/extract/entities/model.ts');
const { extractEntities, tagMentions } = await import('../src/extract/entities/index.ts');
const { sentences, tokenize } = await import('../src/extract/text/index.ts');

function corpus(): { name: string; texts: string[] } {
  const dir = path.join(ROOT, '..', 'shared', 'data', 'reuters21578');
  if (existsSync(dir)) {
    const texts: string[] = [];
    const unesc = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&#\d+;/g, ' ');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.sgm')).sort()) {
      const sgm = readFileSync(path.join(dir, f), 'latin1');
      for (const m of sgm.matchAll(/<BODY>([\s\S]*?)<\/BODY>/g)) {
        texts.push(unesc(m[1]!).replace(/\s*Reuter\s*$/, ''));
        if (texts.length >= STORIES) return { name: 'reuters21578', texts };
      }
    }
    return { name: 'reuters21578', texts };
  }
  const own = readdirSync(path.join(ROOT, 'samples')).map((f) => readFileSync(path.join(ROOT, 'samples', f), 'utf8'));
  const texts: string[] = [];
  while (texts.length < STORIES) texts.push(...own);
  return { name: 'samples (repeated)', texts: texts.slice(0, STORIES) };
}

const t0 = performance.now();
const model = loadModel();
const loadMs = performance.now() - t0;
const rssModel = process.memoryUsage().rss;

const { name, texts } = corpus();
let nSentences = 0;
let nTokens = 0;
for (const t of texts) { nSentences += sentences(t).length; nTokens += tokenize(t).length; }
// warm-up
for (const t of texts.slice(0, 200)) tagMentions(t, model);
let t1 = performance.now();
let mentions = 0;
for (const t of texts) mentions += tagMentions(t, model).length;
const tagMs = performance.now() - t1;
t1 = performance.now();
let entities = 0;
for (const t of texts) entities += extractEntities(t, { dateline: null }, model).length;
const stageMs = performance.now() - t1;
const rssAfter = process.memoryUsage().rss;

const mb = (x: number) => Math.round(x / 1048576);
const rows: Array<[string, string]> = [
  ['corpus', `${name}: ${texts.length} stories, ${nSentences} sentences, ${nTokens} tokens`],
  ['model load (cold)', `${loadMs.toFixed(0)} ms`],
  ['tag (tokenize+split+tag)', `${Math.round((nSentences / tagMs) * 1000)} sentences/s, ${Math.round((nTokens / tagMs) * 1000)} tokens/s`],
  ['entity stage (+grouping, places)', `${Math.round((nSentences / stageMs) * 1000)} sentences/s, ${Math.round((texts.length / stageMs) * 1000)} stories/s`],
  ['RSS before model / with model / after run', `${mb(rssBefore)} / ${mb(rssModel)} / ${mb(rssAfter)} MB`],
  ['found', `${mentions} mentions, ${entities} entities`],
];
for (const [k, v] of rows) console.log(`${k.padEnd(42)} ${v}`);
console.log(JSON.stringify({
  bench: 'ner', corpus: name, stories: texts.length, sentences: nSentences,
  loadMs: Math.round(loadMs), sentencesPerSec: Math.round((nSentences / tagMs) * 1000),
  stageSentencesPerSec: Math.round((nSentences / stageMs) * 1000), rssMB: mb(rssAfter), rssModelMB: mb(rssModel),
}));
