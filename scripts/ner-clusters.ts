/**
 * Word clusters for the entity tagger from unlabelled newswire (Reuters-21578 bodies and the
 * CoNLL-2003 training text, labels unused): writes models/clusters.tsv.gz, which
 * npm run train:ner puts into the model. Deterministic (fixed seed).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { tokenize } from '../src/extract/text/index.ts';
import { buildClusters, CLUSTERS_FILE } from '../src/extract/entities/training/clusters.ts';
import { readConll } from '../src/extract/entities/training/conll.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA = path.join(ROOT, '..', 'shared', 'data');
const t0 = Date.now();
const docs: string[][] = [];
const unesc = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&#\d+;/g, ' ');
const dir = path.join(DATA, 'reuters21578');
for (const f of readdirSync(dir).filter((x) => x.endsWith('.sgm')).sort()) {
  const sgm = readFileSync(path.join(dir, f), 'latin1');
  for (const m of sgm.matchAll(/<BODY>([\s\S]*?)<\/BODY>/g)) docs.push(tokenize(unesc(m[1]!)).map((t) => t.text));
}
for (const d of readConll(path.join(DATA, 'conll2003', 'eng.train'))) for (const s of d.sentences) docs.push(s.words);
console.log(`${docs.length} texts, ${docs.reduce((a, d) => a + d.length, 0)} tokens`);
const clusters = buildClusters(docs, {
  minCount: 4, contexts: 1000, dims: 0, levels: [1024, 256, 64, 16], iterations: 12, seed: 1987,
  log: (m) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`),
});
const lines = [...clusters].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([w, p]) => `${w}\t${p}`);
writeFileSync(path.join(ROOT, CLUSTERS_FILE), gzipSync(lines.join('\n') + '\n', { level: 9 }));
console.log(`wrote ${CLUSTERS_FILE}: ${lines.length} words in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
