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
  it('finds nothing in an empty or entity-free body', () => {
    expect(extractEntities('', { dateline: null })).toEqual([]);
    expect(extractEntities('it rained all day and then it stopped.', { dateline: null })).toEqual([]);
  });
});
