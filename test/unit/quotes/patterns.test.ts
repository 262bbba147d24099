import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../../src/extract/quotes/index.ts';

const quotesOf = (body: string) => extractQuotes(body, []).quotes;
const only = (body: string) => {
  const qs = quotesOf(body);
  expect(qs).toHaveLength(1);
  return qs[0]!;
};

describe('attribution patterns', () => {
  it('"…," X said', () => {
    const q = only('Prime Minister Jane Holloway opened the session.\n\n"We will balance the budget," Holloway said.');
    expect(q.speaker).toEqual({ name: 'Jane Holloway', title: 'Prime Minister', type: 'person' });
    expect(q.verb).toBe('said');
    expect(q.how).toBe('X-said after quote');
  });

  it('"…," said X', () => {
    const q = only('"The harvest came in early this year," said farmer Tomas Eriksen.');
    expect(q.speaker?.name).toBe('Tomas Eriksen');
    expect(q.how).toBe('said-X after quote');
  });

  it('"…," agrees X: a weak verb of saying right after the quote puts its speaker after it', () => {
    const q = only('"Our plans for the harbour are different now," agrees Marta Lindqvist, 41, a ferry pilot from Turku.');
    expect(q.speaker?.name).toBe('Marta Lindqvist');
    expect(q.how).toBe('said-X after quote');
  });

  it('X said: "…"', () => {
    const q = only('Finance Minister Rahul Mehta said: "Inflation will fall below four percent next year."');
    expect(q.speaker).toMatchObject({ name: 'Rahul Mehta', title: 'Finance Minister' });
    expect(q.partial).toBe(false);
  });

  it('X, the Y of Z, said "…"', () => {
    const q = only('Carla Brandt, the chief executive of Nordwerk, said "the merger is off the table for now."');
    expect(q.speaker).toEqual({ name: 'Carla Brandt', title: 'the chief executive of Nordwerk', type: 'person' });
  });

  it('according to X', () => {
    const q = only('The bridge will reopen in May, according to Mayor Luis Ortega, who called it "a long overdue repair for the whole city."');
    expect(q.speaker?.name).toBe('Luis Ortega');
  });

  it('X told Reuters: the outlet is the via, the person the speaker', () => {
    const q = only('Trade envoy Mark Dalton told Reuters: "Nobody wants a tariff war at this point."');
    expect(q.speaker?.name).toBe('Mark Dalton');
    expect(q.via).toBe('Reuters');
  });

  it('an em-dash attribution', () => {
    const q = only('"Every vote counts, and every voice matters" — Senator Alicia Grant.');
    expect(q.speaker?.name).toBe('Alicia Grant');
    expect(q.how).toBe('em-dash attribution');
  });

  it('a colon-introduced quote with no verb', () => {
    const q = only('Governor Peter Lang on the floods: "We were not ready for water this high."');
    expect(q.speaker?.name).toBe('Peter Lang');
  });

  it('X said on Tuesday that … "partial"', () => {
    const q = only('Defence Minister Ana Ruiz on Tuesday said that the drills were "purely defensive in nature" and would end soon.');
    expect(q).toMatchObject({ partial: true, text: 'purely defensive in nature' });
    expect(q.speaker?.name).toBe('Ana Ruiz');
  });

  it('a split quote keeps one speaker for both halves', () => {
    const qs = quotesOf('"We tried," said coach Marta Silva, "but the other side was simply better."');
    expect(qs).toHaveLength(2);
    expect(qs.map((q) => q.speaker?.name)).toEqual(['Marta Silva', 'Marta Silva']);
    expect(qs[1]!.partial).toBe(false);
  });
});

describe('speaker names', () => {
  it('uses the fullest name the story gives and the title it gives', () => {
    const qs = quotesOf('Chancellor Olaf Brenner met unions on Monday.\n\n"No one will lose their job," Brenner said.\n\n"We keep our word," Mr. Brenner added.');
    expect(qs.map((q) => q.speaker?.name)).toEqual(['Olaf Brenner', 'Olaf Brenner']);
    expect(qs[0]!.speaker?.title).toBe('Chancellor');
  });

  it('prefers the entity list’s name when it holds the person', () => {
    const body = 'Vladimir Putin spoke. "We will see," Putin said.';
    const tagged = [{ name: 'Vladimir Vladimirovich Putin', type: 'person' as const, count: 2, mentions: [
      { text: 'Vladimir Putin', start: 0, end: 14 }, { text: 'Putin', start: 37, end: 42 }] }];
    const { quotes, entities } = extractQuotes(body, tagged);
    expect(quotes[0]!.speaker?.name).toBe('Vladimir Vladimirovich Putin');
    expect(entities).toEqual(tagged);
  });

  it('leaves the speaker null without evidence, never a guess', () => {
    const q = only('The crowd chanted for hours.\n\n"Bring them home now, bring them home today."');
    expect(q.speaker).toBeNull();
    expect(q.how).toBe('no attribution');
  });

  it('leaves an unnamed person null', () => {
    const q = only('"The talks are dead in the water," a senior official said.');
    expect(q.speaker).toBeNull();
    expect(q.verb).toBe('said');
  });
});
