import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../../src/extract/entities/index.ts';

const found = (text: string) => extractEntities(text, { dateline: null }).map((e) => `${e.type}:${e.name}:${e.count}`);

describe('tagging typeset copy', () => {
  it('reads curly quotes, curly apostrophes and dashes as the straight forms', () => {
    const straight = `Afghanistan's President Ashraf Ghani said -- in a statement to "Reuters" -- that Kabul's airport was closed.`;
    const curly = `Afghanistan’s President Ashraf Ghani said — in a statement to “Reuters” — that Kabul’s airport was closed.`;
    expect(found(curly)).toEqual(found(straight));
    expect(found(curly)).toEqual(['location:Afghanistan:1', 'person:Ashraf Ghani:1', 'organization:Reuters:1', 'location:Kabul:1']);
  });
  it('reads an all-caps headline with the casing the story uses elsewhere', () => {
    const text = 'TALIBAN ENTER KABUL AS GHANI LEAVES\n\nTaliban fighters entered Kabul on Sunday after President Ashraf Ghani left the country, officials said.';
    const names = extractEntities(text, { dateline: null }).map((e) => `${e.type}:${e.mentions.map((m) => m.text).join('|')}`);
    // The shouted surname joins the full name given in the story; the shouted name joins its own.
    expect(names).toContain('person:GHANI|Ashraf Ghani');
    expect(names).toContain('organization:TALIBAN|Taliban');
  });
  it('never makes one name of a page of marks or names: each stays short enough to index', () => {
    const first = ['Anna', 'Boris', 'Chen', 'Dara', 'Emil', 'Farah', 'Goran', 'Hana'];
    const last = ['Berg', 'Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Novak', 'Quispe'];
    const names = Array.from({ length: 3000 }, (_, i) => `${first[i % 8]} ${first[(i * 3) % 8]} ${last[(i * 5) % 7]}`);
    for (const body of [`PARIS, March 3 (Reuters) - ${'" '.repeat(20_000)}`, `${names.join(', ')} said "x".`]) {
      for (const e of extractEntities(body, { dateline: null })) {
        expect(e.name.length).toBeLessThanOrEqual(256);
        expect(e.name.split(/\s+/).length).toBeLessThanOrEqual(16);
      }
    }
  });
  it('keeps a ticker and the brackets of an unlisted company out of the name', () => {
    const text = 'Harlow Freight Co <HFC> said it agreed to buy <Nordvik Shipping AS> for 40 mln dlrs, and Harlow Freight expects the deal to close in June.';
    const orgs = extractEntities(text, { dateline: null }).filter((e) => e.type === 'organization').map((e) => e.name);
    expect(orgs.length).toBeGreaterThan(0);
    for (const name of orgs) expect(name).not.toMatch(/[<>]/);
  });
  it('finds nothing in an empty or entity-free body', () => {
    expect(extractEntities('', { dateline: null })).toEqual([]);
    expect(extractEntities('it rained all day and then it stopped.', { dateline: null })).toEqual([]);
  });
});

describe('an adverb opening the sentence', () => {
  it.each([
    ['Treasury Secretary Ann Kessler spoke on Monday. However Kessler said the talks would go on.', 'Kessler'],
    ['Meanwhile Halden Motors Corp said sales fell.', 'Halden Motors Corp'],
    ['Separately Norvik Oil Inc said it would appeal.', 'Norvik Oil Inc'],
  ])('is no part of the name after it: %s', (text, name) => {
    const names = extractEntities(text, { dateline: null }).flatMap((e) => e.mentions.map((m) => m.text));
    expect(names).toContain(name);
    expect(names.some((n) => /^(?:However|Meanwhile|Separately) /.test(n))).toBe(false);
  });
});
