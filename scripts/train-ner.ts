/**
 * npm run train:ner — trains the entity tagger on CoNLL-2003 and writes models/ner.json.gz
 * (deterministic: fixed seed, documents in file order). The data stays in ../shared; only the
 * model is written.
 *   --data DIR (default ../shared/data)  --epochs N  --min-count N  --prune X  --out PATH
 *   --files LIST   training files, comma-separated (default eng.train,eng.testa: the final model
 *                  also learns from the development split, once settings were chosen without it)
 *   --dev          score eng.testa after each epoch (not a clean number when testa is trained on)
 *   --holdout N    model selection: leave every Nth story of eng.train (the 5th, 10th, …) out of
 *                  training (--files defaults to eng.train alone), score that held-out fold and
 *                  eng.testa after each epoch; writes no model unless --out is given
 *   --fold K       with --holdout N, hold out the stories i with i % N === K instead (0 … N-1)
 *   --no-history   without the prediction-history features (src/extract/entities/history.ts), to compare
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { decodeModelFile, DEFAULT_MODEL_PATH } from '../src/extract/entities/model.ts';
import { readConll, type ConllDoc } from '../src/extract/entities/training/conll.ts';
import { evaluate, scoreTable, type Scores } from '../src/extract/entities/training/evaluate.ts';
import { buildResources } from '../src/extract/entities/training/lexicons.ts';
import { loadClusters } from '../src/extract/entities/training/clusters.ts';
import { packModel, train, type Trained } from '../src/extract/entities/training/train.ts';
import { option, ROOT, SHARED_DATA } from './args.ts';

const argv = process.argv.slice(2);
const opt = option;
const DATA = path.resolve(opt('data', SHARED_DATA));
const EPOCHS = Number(opt('epochs', '8'));
const SEED = 20030531;
const MIN_COUNT = Number(opt('min-count', '2'));
const PRUNE = Number(opt('prune', '0.02'));
const HOLDOUT = Number(opt('holdout', '0'));
/** Which fold of the N: stories i with i % N === FOLD are held out (default N - 1: the Nth, 2Nth, …). */
const FOLD = Number(opt('fold', String(HOLDOUT - 1)));
const FILES = opt('files', HOLDOUT ? 'eng.train' : 'eng.train,eng.testa').split(',').filter(Boolean);
const OUT = HOLDOUT && !argv.includes('--out') ? null : path.resolve(opt('out', DEFAULT_MODEL_PATH));

const t0 = Date.now();
const read = (name: string) => readConll(path.join(DATA, 'conll2003', name));
let heldOut = null as ConllDoc[] | null;
const trainDocs: ConllDoc[] = FILES.flatMap((name) => {
  const docs = read(name);
  if (!HOLDOUT || name !== 'eng.train') return docs;
  // Whole stories, a fixed set: every Nth of eng.train in file order.
  heldOut = docs.filter((_, i) => i % HOLDOUT === FOLD);
  console.log(`holdout: ${heldOut.length} stories of eng.train (i % ${HOLDOUT} === ${FOLD}) held out`);
  return docs.filter((_, i) => i % HOLDOUT !== FOLD);
});
console.log(`training on ${trainDocs.length} stories (${FILES.join(' + ')}${HOLDOUT ? ' less the held-out fold' : ''})`);
const devDocs = HOLDOUT || argv.includes('--dev') ? read('eng.testa') : null;
if (devDocs && FILES.includes('eng.testa')) console.log('note: eng.testa is in the training data, so its score is not a development number');
const clusters = loadClusters(ROOT);
const resources = buildResources(clusters);
console.log(`resources: ${Object.entries(resources.gazetteers).map(([k, v]) => `${k} ${v.length}`).join(', ')}, clusters ${Object.keys(clusters).length}`);

const pack = (trained: Trained) => packModel(trained, resources, {
  prune: PRUNE,
  meta: { trainedOn: `CoNLL-2003 ${FILES.join(' + ')}${HOLDOUT ? ` without eng.train stories i % ${HOLDOUT} === ${FOLD}` : ''}`, epochs: EPOCHS, seed: SEED, minCount: MIN_COUNT, prune: PRUNE },
});
const brief = (s: Scores) => `F1 ${(100 * s.overall.f1).toFixed(2)} (PER ${(100 * s.PER.f1).toFixed(1)} ORG ${(100 * s.ORG.f1).toFixed(1)} LOC ${(100 * s.LOC.f1).toFixed(1)} MISC ${(100 * s.MISC.f1).toFixed(1)})`;
const trained = train(trainDocs, resources, {
  epochs: EPOCHS,
  seed: SEED,
  minCount: MIN_COUNT,
  history: !argv.includes('--no-history'),
  log: (m) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`),
  onEpoch: devDocs
    ? (epoch, snap) => {
        const model = decodeModelFile(pack(snap));
        if (heldOut) console.log(`  holdout after epoch ${epoch}: ${brief(evaluate(model, heldOut))}`);
        console.log(`  testa after epoch ${epoch}: ${brief(evaluate(model, devDocs))}`);
      }
    : undefined,
});
const file = pack(trained);
const gz = gzipSync(JSON.stringify(file), { level: 9 });
if (OUT) {
  writeFileSync(OUT, gz);
  console.log(`wrote ${path.relative(ROOT, OUT)}: ${(gz.length / 1024).toFixed(0)} KiB, ${file.meta['features']} features, hash ${file.featureHash}`);
} else console.log(`model (not written): ${(gz.length / 1024).toFixed(0)} KiB, ${file.meta['features']} features, hash ${file.featureHash}`);
if (heldOut) console.log(`holdout (eng.train stories i % ${HOLDOUT} === ${FOLD}, ${heldOut.length} of them):\n${scoreTable(evaluate(decodeModelFile(file), heldOut))}`);
if (devDocs) console.log(`eng.testa:\n${scoreTable(evaluate(decodeModelFile(file), devDocs))}`);
console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
