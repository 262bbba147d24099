// Builds the packed entity model (node_modules/.cache/wiredesk/ner.bin) from models/ner.json.gz
// ahead of time; otherwise the first process that tags a story builds it (about 0.3 s).
import { buildPackedFile } from '../src/extract/entities/model-cache.ts';

const t0 = performance.now();
const file = buildPackedFile();
console.log(file ? `wrote ${file} in ${Math.round(performance.now() - t0)} ms` : 'WIREDESK_NER_CACHE=off: nothing written');
