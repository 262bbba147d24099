/**
 * The packed entity model (`packed.ts`) cached on disk, like the gazetteer: built from
 * `models/ner.json.gz` once into `node_modules/.cache/wiredesk/ner.bin` (or the file
 * `WIREDESK_NER_CACHE` names; `off` builds it in memory every time), then read straight into a
 * SharedArrayBuffer that the enrichment pool hands to all its threads. The file's signature
 * covers the model file's bytes (so a retrained model, or one with another feature hash,
 * rebuilds it), the packed layout, the feature spec and how the tokenizer splits the gazetteer
 * phrases it was built with. Where the file cannot be written, the buffer built in memory is used.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { readSharedFile, writeSharedFile } from '../../cache-file.ts';
import { tokenize } from '../text/tokenize.ts';
import { FEATURE_SPEC } from './features.ts';
import { LABELS } from './labels.ts';
import type { ModelFile } from './model.ts';
import { PACKED_FORMAT, packedSignature, packModelFile } from './packed.ts';

export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('../../../models/ner.json.gz', import.meta.url));
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Gazetteer phrases of every kind of punctuation the packed buckets were split with. */
const TOKENIZER_PROBE = "Cote d'Ivoire|People's Republic of China|Bonaire, Sint Eustatius and Saba|Cocos (Keeling) Islands|St. Kitts|U.S. Virgin Islands|Al-Ḩasakah|Texas A&M|Ra`s|O’Higgins|1st Division|Curaçao";

export function nerCachePath(): string | null {
  const env = process.env.WIREDESK_NER_CACHE;
  if (env === 'off') return null;
  return env || path.join(ROOT, 'node_modules', '.cache', 'wiredesk', 'ner.bin');
}

function signature(modelBytes: Buffer): string {
  const probe = TOKENIZER_PROBE.split('|').map((p) => tokenize(p).map((t) => t.text).join(' '));
  return createHash('sha1').update(JSON.stringify([PACKED_FORMAT, FEATURE_SPEC, probe])).update(modelBytes).digest('hex');
}

export class ModelFileError extends Error {
  constructor(file: string, why: string) {
    super(`entity model ${file}: ${why} (restore it from git, or retrain with npm run train:ner)`);
    this.name = 'ModelFileError';
  }
}

/** A model file's JSON, checked against the code's labels. */
export function parseModelFile(bytes: Buffer, file: string): ModelFile {
  let parsed: ModelFile;
  try {
    parsed = JSON.parse(gunzipSync(bytes).toString('utf8')) as ModelFile;
  } catch (err) {
    throw new ModelFileError(file, `not gzipped JSON (${(err as Error).message})`);
  }
  if (parsed.format !== 'wiredesk-ner/1') throw new ModelFileError(file, `unknown format ${String(parsed.format)}`);
  if (parsed.labels?.join(' ') !== LABELS.join(' ')) throw new ModelFileError(file, 'its labels differ from the code');
  return parsed;
}

/** The packed default model: read from the cache file, or built from the model file (and cached when it can be). */
export function readOrBuildPacked(modelPath: string = DEFAULT_MODEL_PATH): SharedArrayBuffer {
  const bytes = readFileSync(modelPath);
  const sig = signature(bytes);
  const file = nerCachePath();
  const read = file ? readSharedFile(file, (buf) => packedSignature(buf) === sig) : null;
  if (read) return read;
  const built = packModelFile(parseModelFile(bytes, modelPath), sig, true) as SharedArrayBuffer;
  if (file) {
    try {
      writeSharedFile(file, built);
    } catch {
      // read-only install: keep the one in memory
    }
  }
  return built;
}

/** Builds and writes the cache file (`npm run build:ner`); returns its path, or null when caching is off. */
export function buildPackedFile(modelPath: string = DEFAULT_MODEL_PATH): string | null {
  const bytes = readFileSync(modelPath);
  const file = nerCachePath();
  const built = packModelFile(parseModelFile(bytes, modelPath), signature(bytes), true) as SharedArrayBuffer;
  if (file) writeSharedFile(file, built);
  return file;
}
