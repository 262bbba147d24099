/**
 * npm run train:ner — trains the entity tagger on CoNLL-2003 eng.train (deterministic: fixed
 * seed) and writes models/ner.json.gz. The data stays in ../shared; only the model is written.
 *   --data DIR (default ../shared/data)  --epochs N  --dev (score eng.testa after each epoch)
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { decodeModelFile, DEFAULT_MODEL_PATH } from '../src/extract/entities/model.ts';
import { readConll } from '../src/extract/entities/training/conll.ts';
import { evaluate, scoreTable } from '../src/extract/entities/training/evaluate.ts';
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
const OUT = path.resolve(opt('out', DEFAULT_MODEL_PATH));

const t0 = Date.now();
const trainDocs = readConll(path.join(DATA, 'conll2003', 'eng.train'));
const devDocs = argv.includes('--dev') ? readConll(path.join(DATA, 'conll2003', 'eng.testa')) : null;
const clusters = loadClusters(ROOT);
const resources = buildResources(clusters);
console.log(`resources: ${Object.entries(resources.gazetteers).map(([k, v]) => `${k} ${v.length}`).join(', ')}, clusters ${Object.keys(clusters).length}`);

const pack = (trained: Trained) => packModel(trained, resources, {
  prune: PRUNE,
  meta: { trainedOn: 'CoNLL-2003 eng.train', epochs: EPOCHS, seed: SEED, minCount: MIN_COUNT, prune: PRUNE },
});
const trained = train(trainDocs, resources, {
  epochs: EPOCHS,
  seed: SEED,
  minCount: MIN_COUNT,
  log: (m) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`),
  onEpoch: devDocs
    ? (epoch, snap) => {
        const s = evaluate(decodeModelFile(pack(snap)), devDocs);
        console.log(`  dev after epoch ${epoch}: F1 ${(100 * s.overall.f1).toFixed(2)} (PER ${(100 * s.PER.f1).toFixed(1)} ORG ${(100 * s.ORG.f1).toFixed(1)} LOC ${(100 * s.LOC.f1).toFixed(1)} MISC ${(100 * s.MISC.f1).toFixed(1)})`);
      }
    : undefined,
});
const file = pack(trained);
const gz = gzipSync(JSON.stringify(file), { level: 9 });
writeFileSync(OUT, gz);
console.log(`wrote ${path.relative(ROOT, OUT)}: ${(gz.length / 1024).toFixed(0)} KiB, ${file.meta['features']} features, hash ${file.featureHash}`);
if (devDocs) console.log(scoreTable(evaluate(decodeModelFile(file), devDocs)));
console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
