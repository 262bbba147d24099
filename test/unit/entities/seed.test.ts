import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { entitySchema } from '../../../src/article/story.ts';
import { enrich } from '../../../src/pipeline.ts';

const seed = readFileSync(new URL('../../../samples/000_482e6b3d5c193770.txt', import.meta.url), 'utf8');
const doc = enrich({ content: seed }, { now: () => new Date('2021-08-26T12:00:00Z') });
const names = (type: string) => doc.entities.filter((e) => e.type === type).map((e) => e.name);
const byName = (name: string) => doc.entities.find((e) => e.name === name)!;

describe('entities of the seed story', () => {
  it('finds the people, one entity each', () => {
    expect(names('person')).toEqual(['Vladimir Putin', 'Biden', 'Ashraf Ghani', 'Amrullah Saleh', 'Ahmad Massoud', 'Ahmad Shah Massoud']);
  });
  it('finds the organisations, the acronym joined with its expansion', () => {
    expect(names('organization').sort()).toEqual(['ANI', 'Collective Security Treaty Organization (CSTO)', 'Taliban', 'Tass', 'United Russia'].sort());
    expect(byName('Collective Security Treaty Organization (CSTO)').mentions.map((m) => m.text)).toEqual(['Collective Security Treaty Organization', 'CSTO']);
  });
  it('finds the places (nationalities such as Afghan or Tajik are not places)', () => {
    const places = names('location');
    for (const p of ['Moscow', 'Afghanistan', 'Kabul', 'Panjshir', 'Soviet Union']) expect(places).toContain(p);
    // Also named in the story: Russia ("Russia is keeping a close eye") and the US.
    expect(places.filter((p) => !['Moscow', 'Afghanistan', 'Kabul', 'Panjshir', 'Soviet Union'].includes(p)).sort()).toEqual(['Russia', 'US']);
    expect(places).not.toContain('Afghan');
    expect(places).not.toContain('Tajik');
  });
  it('joins name variants: Putin is Vladimir Putin', () => {
    const putin = byName('Vladimir Putin');
    expect(putin.mentions.map((m) => m.text)).toEqual(['Vladimir Putin', 'Putin', 'Putin']);
    expect(putin.count).toBe(3);
  });
  it('resolves places with the gazetteer', () => {
    expect(byName('Kabul').country).toBe('AF');
    expect(byName('Moscow').country).toBe('RU');
    expect(byName('Moscow').location).not.toBeNull();
  });
  it('tags every mention of the Taliban, also where the words around it look like an adjective\'s', () => {
    const taliban = byName('Taliban');
    expect(taliban.type).toBe('organization');
    expect(taliban.count).toBe(6);
    const around = taliban.mentions.map((m) => doc.body.slice(m.start - 4, m.end + 5));
    expect(around).toContain('the Taliban took');
    expect(around).toContain('the Taliban emba');
  });
  it('marks a person the story names by surname only', () => {
    expect(byName('Biden').surnameOnly).toBe(true);
    expect(byName('Vladimir Putin').surnameOnly).toBe(false);
    expect(byName('Moscow').surnameOnly).toBeUndefined();
  });
  it('gives a country its geographic centre and a former state no country', () => {
    expect(byName('Russia').location!.lon).toBeGreaterThan(80);
    expect(byName('Afghanistan').location).toEqual({ lat: 33, lon: 65 });
    expect(byName('Soviet Union')).toMatchObject({ country: null, location: null });
  });
  it('keeps the contract: offsets into the body, mentions by position, entities by first mention', () => {
    let lastFirst = -1;
    for (const e of doc.entities) {
      expect(entitySchema.safeParse(e).success).toBe(true);
      expect(e.count).toBe(e.mentions.length);
      for (const m of e.mentions) expect(doc.body.slice(m.start, m.end)).toBe(m.text);
      const starts = e.mentions.map((m) => m.start);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
      expect(starts[0]!).toBeGreaterThan(lastFirst);
      lastFirst = starts[0]!;
    }
  });
});

describe('surnameOnly on documents indexed before it existed', () => {
  it('is read as whether the person\'s name is one word', async () => {
    const { fromIndexDocument, toIndexDocument } = await import('../../../src/elastic/document.ts');
    const old = toIndexDocument(doc);
    old.entities = old.entities.map(({ surnameOnly: _s, ...e }) => e);
    const read = fromIndexDocument(old);
    expect(read.entities.find((e) => e.name === 'Biden')!.surnameOnly).toBe(true);
    expect(read.entities.find((e) => e.name === 'Ashraf Ghani')!.surnameOnly).toBe(false);
    expect(read.entities.find((e) => e.name === 'Kabul')!.surnameOnly).toBeUndefined();
    expect(fromIndexDocument(toIndexDocument(doc)).entities).toEqual(doc.entities);
  });
});
