import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileResources } from '../../../src/extract/entities/features.ts';
import { DEFAULT_MODEL_PATH, parseModelFile, readOrBuildPacked } from '../../../src/extract/entities/model-cache.ts';
import { defaultModel } from '../../../src/extract/entities/model.ts';
import { denseWeights, packedSignature, unpackModel } from '../../../src/extract/entities/packed.ts';

const file = parseModelFile(readFileSync(DEFAULT_MODEL_PATH), DEFAULT_MODEL_PATH);
const names = file.features.split('\n');

describe('the packed entity model', () => {
  it('holds the model file exactly: feature ids, weights, word lists', () => {
    const model = defaultModel();
    expect(names.map((name) => model.featureIndex.get(name))).toEqual(names.map((_, id) => id));
    expect(model.featureIndex.get('w=no-such-feature')).toBeUndefined();
    expect(model.weights).toEqual(denseWeights(file, names.length));
    expect([...model.transitions]).toEqual([...Float32Array.from(file.transitions)]);
    const res = compileResources(file.resources);
    const clusters = Object.entries(file.resources.clusters);
    expect(clusters.map(([word]) => model.resources.clusters.get(word))).toEqual(clusters.map(([, p]) => p));
    expect([...res.phrases.keys()].map((key) => model.resources.phrases.get(key))).toEqual([...res.phrases.values()]);
    for (const [key, kinds] of res.cues) expect(model.resources.cues.get(key)).toEqual(kinds);
    expect(model.resources.phrases.get('no-such-word')).toBeUndefined();
  });
  it('finds every word pair of the pair features', () => {
    const model = defaultModel();
    const got: number[] = [];
    const want: number[] = [];
    names.forEach((name, id) => {
      const prev = name.startsWith('l-1|l=');
      if (!prev && !name.startsWith('l|l+1=')) return;
      const rest = name.slice(6);
      for (let k = rest.indexOf('|'); k >= 0; k = rest.indexOf('|', k + 1)) {
        const a = model.lexicon.get(rest.slice(0, k))!;
        const b = model.lexicon.get(rest.slice(k + 1))!;
        got.push(model.wordPair(prev, a, b));
        want.push(id);
      }
    });
    expect(want.length).toBeGreaterThan(1000);
    expect(got).toEqual(want);
  });
});

describe('the packed model cache', () => {
  const saved = process.env.WIREDESK_NER_CACHE;
  let dir = '';
  afterEach(() => {
    if (saved === undefined) delete process.env.WIREDESK_NER_CACHE;
    else process.env.WIREDESK_NER_CACHE = saved;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  it('rebuilds a file that is damaged or of another model, and reads a current one as is', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wiredesk-ner-'));
    const cache = path.join(dir, 'ner.bin');
    process.env.WIREDESK_NER_CACHE = cache;
    writeFileSync(cache, 'not a packed model');
    const built = readOrBuildPacked();
    expect(built).toBeInstanceOf(SharedArrayBuffer);
    const sig = packedSignature(built);
    expect(packedSignature(new Uint8Array(readFileSync(cache)).buffer)).toBe(sig);
    // The same layout with another signature (a retrained model) is stale.
    const other = new Uint8Array(readFileSync(cache));
    other[256] = other[256] === 0x30 ? 0x31 : 0x30;
    writeFileSync(cache, other);
    expect(packedSignature(readOrBuildPacked())).toBe(sig);
    expect(packedSignature(new Uint8Array(readFileSync(cache)).buffer)).toBe(sig);
    expect(unpackModel(readOrBuildPacked()).featureHash).toBe(file.featureHash);
  });
  it('builds in memory when caching is off', () => {
    process.env.WIREDESK_NER_CACHE = 'off';
    expect(unpackModel(readOrBuildPacked()).featureIndex.get(names.at(-1)!)).toBe(names.length - 1);
  });
});
