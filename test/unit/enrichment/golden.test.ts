/**
 * Pins enrich()'s output: the story documents and the tagger's raw mentions of a fixed set of
 * stories hash to what the golden file says. Speed work on the tagger, the tokenizer, the
 * gazetteer or the pool must leave every hash alone; a change meant to alter output regenerates
 * the file (WIREDESK_UPDATE_GOLDEN=1 npx vitest run --project unit test/unit/enrichment/golden.test.ts)
 * and says why in its commit. Sets: the bundled samples, the labelled entity fixtures, 300
 * generated stories of our own, and (when ../shared/data holds it) the first Reuters-21578 stories.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RawArticle } from '../../../src/article/raw.ts';
import { tagMentions } from '../../../src/extract/entities/index.ts';
import { enrich } from '../../../src/pipeline.ts';
import { reutersRecords } from '../../../bench/corpus.ts';
import { goldenStories } from '../../fixtures/golden/stories.ts';
import { readLabelledStories } from '../entities/fixtures.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const GOLDEN = path.join(ROOT, 'test/fixtures/golden/enrich.json');
const REUTERS = path.resolve(ROOT, '..', 'shared', 'data', 'reuters21578');
const REUTERS_STORIES = 400;
const NOW = new Date('2026-01-01T00:00:00Z');

type Golden = Record<string, { count: number; hash: string; stories: string[] }>;

function reuters(limit: number): RawArticle[] {
  const out: RawArticle[] = [];
  for (const { id, body, dateline } of reutersRecords(REUTERS)) {
    if (!body) continue;
    out.push({ content: `${dateline.trim()} ${body.replace(/&lt;/g, '<').replace(/&amp;/g, '&')}`, source: `reuters21578:${id}` });
    if (out.length >= limit) return out;
  }
  return out;
}

/** One story's fingerprint: its document (or the error it raised) and the tagger's mentions. */
function fingerprint(raw: RawArticle): string {
  let doc: string;
  let body = '';
  try {
    // The revision counts changes of this output (src/version.ts), so it is no part of it.
    const { pipelineRevision: _revision, ...d } = enrich(raw, { now: () => NOW });
    body = d.body;
    doc = JSON.stringify(d);
  } catch (err) {
    doc = `error: ${(err as Error).message}`;
  }
  const mentions = JSON.stringify(tagMentions(body));
  return createHash('sha256').update(doc).update('\u0000').update(mentions).digest('hex').slice(0, 12);
}

function sets(): Record<string, RawArticle[] | null> {
  const samplesDir = path.join(ROOT, 'samples');
  return {
    samples: readdirSync(samplesDir).sort().map((f) => ({ content: readFileSync(path.join(samplesDir, f), 'utf8'), source: f })),
    entityFixtures: readLabelledStories().map((s, i) => ({ content: s.text, source: `fixture-${i}`, receivedAt: '2024-01-05T10:00:00Z' })),
    generated: goldenStories(),
    reuters: existsSync(REUTERS) ? reuters(REUTERS_STORIES) : null,
  };
}

const summarise = (stories: string[]) => ({ count: stories.length, hash: createHash('sha256').update(stories.join('\n')).digest('hex').slice(0, 16), stories });

const golden: Golden = existsSync(GOLDEN) ? (JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden) : {};
const all = sets();

if (process.env.WIREDESK_UPDATE_GOLDEN === '1') {
  const next: Golden = { ...golden };
  for (const [name, articles] of Object.entries(all)) if (articles) next[name] = summarise(articles.map(fingerprint));
  writeFileSync(GOLDEN, `${JSON.stringify(next, null, 1)}\n`);
}

if (!all.reuters) console.log(`golden: the reuters set is skipped: ${REUTERS} is not there (it is ../shared/data, beside the project); the other sets still run`);

describe('enrich() output is pinned', () => {
  for (const [name, articles] of Object.entries(all)) {
    it.skipIf(!articles)(`${name}: every story's document and mentions hash as recorded`, () => {
      const want = golden[name];
      expect(want, `no golden entry for ${name}: run with WIREDESK_UPDATE_GOLDEN=1`).toBeDefined();
      const got = summarise(articles!.map(fingerprint));
      const changed = got.stories.flatMap((h, i) => (h === want!.stories[i] ? [] : [articles![i]!.source]));
      expect(changed, 'stories whose output changed').toEqual([]);
      expect(got.hash).toBe(want!.hash);
    }, 120_000);
  }
});
