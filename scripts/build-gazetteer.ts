/**
 * Precomputes the gazetteer file workers load at start-up (see src/normalize/gazetteer.ts).
 *   --centroids  first rewrites src/normalize/data/centroids.ts from the world-countries package
 *                (a devDependency; a unit test checks the committed file matches it)
 */
import { statSync, writeFileSync } from 'node:fs';
import { buildGazetteerFile } from '../src/normalize/gazetteer.ts';

if (process.argv.includes('--centroids')) {
  const { centroidsModule, CENTROIDS_FILE } = await import('./centroids.ts');
  const { text, onLand, offLand } = centroidsModule();
  writeFileSync(CENTROIDS_FILE, text);
  console.log(`wrote ${CENTROIDS_FILE}: ${onLand} centres on their country's outline, off it: ${offLand.join(' ') || 'none'}`);
}

const t = performance.now();
const file = buildGazetteerFile();
if (!file) console.log('gazetteer cache is off (WIREDESK_GAZETTEER_CACHE=off): nothing written');
else console.log(`wrote ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB) in ${Math.round(performance.now() - t)} ms`);
