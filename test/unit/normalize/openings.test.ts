import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readStory } from '../../../src/pipeline.ts';
import { splitArticleDateline, splitDateline } from '../../../src/normalize/dateline.ts';
import { buildGazetteerFile, placeKey, readGazetteerFile } from '../../../src/normalize/gazetteer.ts';

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/datelines/openings.jsonl');

interface Opening {
  id: string;
  text: string;
  expect: { city?: string; country?: string; month_day?: string; agency?: string; body_start?: string };
}

describe('composed openings in many agencies’ styles (test/fixtures/datelines)', () => {
  const openings = readFileSync(FILE, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Opening);
  const score: Record<'city' | 'country' | 'date' | 'agency' | 'body', [number, number]> = {
    city: [0, 0], country: [0, 0], date: [0, 0], agency: [0, 0], body: [0, 0],
  };
  for (const o of openings) {
    const parsed = readStory(o.text);
    const { dateline, bodyStart } = splitArticleDateline(parsed, { referenceDate: '2021-06-15' });
    const body = parsed.text.slice(bodyStart).replace(/\s+/g, ' ');
    const tally = (k: keyof typeof score, ok: boolean) => { score[k][1]++; if (ok) score[k][0]++; };
    if (o.expect.city) tally('city', placeKey(dateline?.city ?? '') === placeKey(o.expect.city));
    if (o.expect.country) tally('country', dateline?.country === o.expect.country);
    if (o.expect.month_day) tally('date', dateline?.date?.slice(5) === o.expect.month_day);
    if (o.expect.agency) tally('agency', (dateline?.agency ?? '').toLowerCase() === o.expect.agency.toLowerCase());
    if (o.expect.body_start) tally('body', body.startsWith(o.expect.body_start.replace(/\s+/g, ' ')));
  }
  // Floors from the run at the time of writing (all 100%), with a little room.
  it.each([['city', 98], ['country', 97], ['date', 98], ['agency', 97], ['body', 98]] as const)('%s stays at or above %d%%', (field, floor) => {
    const [right, of] = score[field];
    expect(of).toBeGreaterThan(20);
    expect((100 * right) / of).toBeGreaterThanOrEqual(floor);
  });
  it('covers at least 150 openings and 20 agencies', () => {
    expect(openings.length).toBeGreaterThanOrEqual(150);
    expect(new Set(openings.map((o) => o.expect.agency).filter(Boolean)).size).toBeGreaterThanOrEqual(20);
  });
});

describe('choices that need a rule, not a pattern', () => {
  it('keeps twin cities that lie together, and takes the first of two far apart', () => {
    expect(splitDateline('DALLAS/FORT WORTH, Texas, March 3 - Fares.', { referenceDate: '2021-03-04' }).dateline?.city).toBe('Dallas/Fort Worth');
    expect(splitDateline('ISLAMABAD/KABUL, Aug 26 (Reuters) - Talks.', { referenceDate: '2021-08-26' }).dateline).toMatchObject({ city: 'Islamabad', country: 'PK' });
  });
  it('uses the agency’s home country to choose between cities of one name', () => {
    expect(splitDateline('Kochi, Jan 9 (PTI) Boats stayed ashore.', { referenceDate: '2021-01-09' }).dateline?.country).toBe('IN');
    expect(splitDateline('KOCHI, Jan 9 (Kyodo) -- Boats stayed ashore.', { referenceDate: '2021-01-09' }).dateline?.country).toBe('JP');
  });
  it('does not take an unknown acronym in brackets for a credit', () => {
    expect(splitDateline('The World Bank (WB) said on Monday it would lend more.', { referenceDate: null }).dateline).toBeNull();
  });
  it('reads an unknown credit after a dateline in capitals', () => {
    expect(splitDateline('JERUSALEM, Aug 26 (JTA) — The vote.', { referenceDate: '2021-08-26' }).dateline).toMatchObject({ city: 'Jerusalem', agency: 'JTA' });
  });
});

describe('the precomputed gazetteer file', () => {
  it('is written with a signature and every city', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wiredesk-gaz-'));
    const file = path.join(dir, 'gazetteer.bin');
    const before = process.env.WIREDESK_GAZETTEER_CACHE;
    process.env.WIREDESK_GAZETTEER_CACHE = file;
    try {
      expect(buildGazetteerFile()).toBe(file);
    } finally {
      if (before === undefined) delete process.env.WIREDESK_GAZETTEER_CACHE;
      else process.env.WIREDESK_GAZETTEER_CACHE = before;
    }
    const written = readGazetteerFile(file);
    expect(written.sig).toMatch(/^[0-9a-f]{40}$/);
    expect(written.cities).toBeGreaterThan(100_000);
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);
});
