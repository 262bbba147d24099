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

// CPU time (user + system) as well as wall time: on a shared machine the wall clock also
// counts other processes' turns, CPU time counts only ours (one core: the work is single-threaded).
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const t0 = performance.now();
const c0 = cpu();
const model = loadModel();
const loadMs = performance.now() - t0;
const loadCpuMs = cpu() - c0;
const rssModel = process.memoryUsage().rss;

const { name, texts } = corpus();
let nSentences = 0;
let nTokens = 0;
for (const t of texts) { nSentences += sentences(t).length; nTokens += tokenize(t).length; }
// warm-up
for (const t of texts.slice(0, 200)) tagMentions(t, model);
let t1 = performance.now();
let c1 = cpu();
let mentions = 0;
for (const t of texts) mentions += tagMentions(t, model).length;
const tagMs = performance.now() - t1;
const tagCpuMs = cpu() - c1;
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const rssTagged = process.memoryUsage().rss;
t1 = performance.now();
c1 = cpu();
let entities = 0;
for (const t of texts) entities += extractEntities(t, { dateline: null }, model).length;
const stageMs = performance.now() - t1;
const stageCpuMs = cpu() - c1;
gc?.();
const rssAfter = process.memoryUsage().rss;

const mb = (x: number) => Math.round(x / 1048576);
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const rows: Array<[string, string]> = [
  ['corpus', `${name}: ${texts.length} stories, ${nSentences} sentences, ${nTokens} tokens`],
  ['model load (cold), wall / CPU', `${loadMs.toFixed(0)} / ${loadCpuMs.toFixed(0)} ms`],
  ['tag (tokenize+split+tag), per CPU s', `${rate(nSentences, tagCpuMs)} sentences/s, ${rate(nTokens, tagCpuMs)} tokens/s (wall: ${rate(nSentences, tagMs)} sentences/s)`],
  ['entity stage (+grouping, places), per CPU s', `${rate(nSentences, stageCpuMs)} sentences/s, ${rate(texts.length, stageCpuMs)} stories/s (wall: ${rate(nSentences, stageMs)} sentences/s)`],
  ['RSS before model / with model / after tagging', `${mb(rssBefore)} / ${mb(rssModel)} / ${mb(rssTagged)} MB`],
  ['RSS after the entity stage (+ places gazetteer)', `${mb(rssAfter)} MB${gc ? '' : ' (run with --expose-gc for settled figures)'}`],
  ['found', `${mentions} mentions, ${entities} entities`],
];
for (const [k, v] of rows) console.log(`${k.padEnd(42)} ${v}`);
console.log(JSON.stringify({
  bench: 'ner', corpus: name, stories: texts.length, sentences: nSentences,
  loadMs: Math.round(loadMs), loadCpuMs: Math.round(loadCpuMs), sentencesPerSec: rate(nSentences, tagCpuMs),
  stageSentencesPerSec: rate(nSentences, stageCpuMs), wallSentencesPerSec: rate(nSentences, tagMs),
  rssMB: mb(rssTagged), rssModelMB: mb(rssModel), rssStageMB: mb(rssAfter),
}));
