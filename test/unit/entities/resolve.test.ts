import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../src/extract/text/index.ts';
import { groupMentions, type RawMention } from '../../../src/extract/entities/resolve.ts';
import type { EntityType } from '../../../src/article/story.ts';

/** Mentions of `[TYPE text]` markup, as the tagger would give them. */
function marked(src: string): { body: string; mentions: RawMention[] } {
  const T: Record<string, EntityType> = { PER: 'person', ORG: 'organization', LOC: 'location' };
  let body = '';
  let last = 0;
  const mentions: RawMention[] = [];
  for (const m of src.matchAll(/\[(PER|ORG|LOC) ([^\]]+)\]/g)) {
    body += src.slice(last, m.index);
    const start = body.length;
    body += m[2];
    mentions.push({ type: T[m[1]!]!, start, end: body.length, text: m[2]!, words: tokenize(m[2]!).map((t) => t.text) });
    last = m.index! + m[0].length;
  }
  return { body: body + src.slice(last), mentions };
}

const groups = (src: string) => {
  const { body, mentions } = marked(src);
  return groupMentions(mentions, body).map((g) => `${g.name}: ${g.mentions.map((m) => m.text).join(', ')}`);
};

describe('groupMentions', () => {
  it('gives a bare surname to the nearest fitting full name before it', () => {
    expect(groups('[PER Ahmad Massoud] is a son of [PER Ahmad Shah Massoud]. [PER Massoud] died. Later [PER Ahmad Massoud] spoke; [PER Massoud] said no.')).toEqual([
      'Ahmad Massoud: Ahmad Massoud, Ahmad Massoud, Massoud',
      'Ahmad Shah Massoud: Ahmad Shah Massoud, Massoud',
    ]);
  });
  it('joins a short form used before the full name', () => {
    expect(groups('[PER Putin] spoke. Russian President [PER Vladimir Putin] said.')).toEqual(['Vladimir Putin: Putin, Vladimir Putin']);
  });
  it('joins an acronym with its expansion, in brackets or tagged later', () => {
    expect(groups('the [ORG Collective Security Treaty Organization] (CSTO) met. The [ORG CSTO] said.')).toEqual([
      'Collective Security Treaty Organization (CSTO): Collective Security Treaty Organization, CSTO, CSTO',
    ]);
    expect(groups('the [ORG World Health Organization] ([ORG WHO]) said')).toEqual(['World Health Organization (WHO): World Health Organization, WHO']);
  });
  it('joins an acronym written alone to the one organisation whose initials spell it, before or after it', () => {
    expect(groups('The [ORG International Monetary Fund] cut its forecast. The [ORG IMF] said growth would slow.')).toEqual([
      'International Monetary Fund (IMF): International Monetary Fund, IMF',
    ]);
    expect(groups('The [ORG DNC] apologised. The [ORG Democratic National Committee] said so in a statement.')).toEqual([
      'Democratic National Committee (DNC): DNC, Democratic National Committee',
    ]);
    expect(groups('The [ORG Bank of England] held rates; the [ORG BOE] said.')).toEqual(['Bank of England (BOE): Bank of England, BOE']);
    expect(groups('The [ORG U.S. Securities and Exchange Commission] said the [ORG SEC] would act.')).toEqual([
      'U.S. Securities and Exchange Commission (SEC): U.S. Securities and Exchange Commission, SEC',
    ]);
  });
  it('leaves an acronym alone when two organisations of the story fit it, or none', () => {
    expect(groups('The [ORG Republican National Committee] met before the [ORG Republican National Convention]. The [ORG RNC] said.')).toEqual([
      'Republican National Committee: Republican National Committee',
      'Republican National Convention: Republican National Convention',
      'RNC: RNC',
    ]);
    expect(groups('The [ORG NATO] allies met the [ORG European Union].')).toEqual(['NATO: NATO', 'European Union: European Union']);
  });
  it('joins company names with and without their legal suffix, drops honorifics from names', () => {
    expect(groups('[ORG Toyota Motor Corp] said. [ORG Toyota Motor] shares rose. [PER Mr. John Smith] and [PER Smith]')).toEqual([
      'Toyota Motor Corp: Toyota Motor Corp, Toyota Motor',
      'John Smith: Mr. John Smith, Smith',
    ]);
  });
  it('names a thing the wire wrapped over two lines with single spaces, whatever its type', () => {
    expect(groups('[ORG British Petroleum Co\nPlc] said. Shares rose in [LOC New\nYork], said [PER John\n Smith] of [LOC New York].')).toEqual([
      'British Petroleum Co Plc: British Petroleum Co\nPlc',
      'New York: New\nYork, New York',
      'John Smith: John\n Smith',
    ]);
  });
  it('keeps two things that share a name apart by type (the city and the team)', () => {
    expect(groups('[LOC New York] fans cheered as [ORG New York] won in [LOC New York].')).toEqual([
      'New York: New York, New York',
      'New York: New York',
    ]);
  });
});
