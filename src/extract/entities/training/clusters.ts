/** Word clusters: read from models/clusters.txt.gz when present (made by scripts/ner-clusters.ts). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

export function loadClusters(root: string): Record<string, string> {
  const file = path.join(root, 'models', 'clusters.tsv.gz');
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of gunzipSync(readFileSync(file)).toString('utf8').split('\n')) {
    const [word, bits] = line.split('\t');
    if (word && bits) out[word] = bits;
  }
  return out;
}
