/** Precomputes the gazetteer file workers load at start-up (see src/normalize/gazetteer.ts). */
import { statSync } from 'node:fs';
import { buildGazetteerFile } from '../src/normalize/gazetteer.ts';

const t = performance.now();
const file = buildGazetteerFile();
if (!file) console.log('gazetteer cache is off (WIREDESK_GAZETTEER_CACHE=off): nothing written');
else console.log(`wrote ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB) in ${Math.round(performance.now() - t)} ms`);
