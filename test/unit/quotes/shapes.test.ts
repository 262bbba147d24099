import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../../src/extract/quotes/index.ts';

const quotesOf = (body: string) => extractQuotes(body, []).quotes;
const names = (body: string) => quotesOf(body).map((q) => q.speaker?.name ?? null);

describe('what stands between a speaker and the verb', () => {
  it('a party-and-state tag: McCall, R-Ky., said', () => {
    expect(names('"The veto will be overridden," Senate Majority Leader Tom McCall, R-Ky., said Tuesday.')).toEqual(['Tom McCall']);
  });

  it('a parenthetical tag before an appositive: Jordan (R-Ohio), a panel member, said', () => {
    expect(names('"They would not get an immunity deal," Rep. Jim Jordan (R-Ohio), an oversight panel member, said.')).toEqual(['Jim Jordan']);
  });

  it('a phrase set off by commas: Clinton, at a later briefing, said', () => {
    expect(names('Democratic nominee Ana Clinton, at a later briefing, said, "We have been told very little so far."')).toEqual(['Ana Clinton']);
  });

  it('two appositives, the second about a place: Pruitt, the attorney general of Oklahoma, one of the states suing, said', () => {
    const body = '"It is an invasion of the state domain," Scott Pruitt, the attorney general of Oklahoma, one of the states suing the agency, said.';
    expect(names(body)).toEqual(['Scott Pruitt']);
  });

  it('a town, its state and -based inside the appositive: Reyes, president of Fresno, Calif.-based Arvola, said', () => {
    const body = 'Maria Reyes, president of Fresno, Calif.-based Arvola Systems, said, "Most of our customers are still waiting to see what the big makers do."';
    expect(names(body)).toEqual(['Maria Reyes']);
  });

  it('a company name with a comma of its own, the closing comma left out: Ames, analyst at Dow, Marsh and Co said', () => {
    const body = 'Jo Ames, analyst at Dow, Marsh and Co said for a company that size "no one order moves the stock."';
    expect(names(body)).toEqual(['Jo Ames']);
    expect(names('"The tariff is the least bad option," Tom Vance, president of Grid Research, Inc said in a statement.')).toEqual(['Tom Vance']);
  });

  it('an appositive chain ends at the person, not the organisation it describes', () => {
    const body = 'Alina Lapp, executive director of the Harbor Majority PAC, a Democratic super PAC, said voters "are going to punish the party in November."';
    expect(names(body)).toEqual(['Alina Lapp']);
  });

  it('X of the Org said is the person, not the organisation', () => {
    expect(names('"It was the least bad outcome," Mr. Morgan of the Sierra Club said.')).toEqual(['Morgan']);
  });

  it('a manner adverb: Trump jokingly said', () => {
    expect(names('Frank Dole jokingly said, "I am becoming mainstream, I am getting all these endorsements."')).toEqual(['Frank Dole']);
  });
});

describe('who the words after a quote are', () => {
  it('a woven quote ends its sentence: the next sentence does not attribute it', () => {
    const body = 'Russia insisted that Pyongyang "stop its dangerous escapades." The International Atomic Energy Agency said North Korea had shown "complete disregard of the demands."';
    expect(names(body)).toEqual(['Russia', 'International Atomic Energy Agency']);
  });

  it('a name set before "he said" is the topic, not the speaker', () => {
    const body = '"We are showing mercy," Tripp said. "We are trying." South Carolina, he said, was "where we have a chance to win the whole thing."';
    expect(names(body)).toEqual(['Tripp', 'Tripp', 'Tripp']);
  });

  it('no attribution across a subordinate clause', () => {
    const body = 'The ad ends with footage of Trump saying, "That makes me smart," when Clinton blasted him for not paying tax.';
    expect(names(body)).toEqual(['Trump']);
  });

  it('a sign-off line under a quote paragraph names the speaker', () => {
    expect(names('"Almost all new income is going to the top one percent."\n\n- Bernie Sanders.\n\nThe senator is using an old figure.')).toEqual(['Bernie Sanders']);
  });

  it('a horizontal-bar sign-off in the same paragraph', () => {
    expect(names('"He represents our greatest shame." ― Sonya Herridge')).toEqual(['Sonya Herridge']);
  });

  it('quotes joined by "and" share the attribution after them', () => {
    const body = 'Guns are "the ultimate public health crisis" and "stunt children\'s growth," Howard Dean, the former governor of Vermont, proclaimed.';
    expect(names(body)).toEqual(['Howard Dean', 'Howard Dean']);
  });
});

describe('names and descriptions', () => {
  it('a name right before a colon speaks; an object before a colon does not', () => {
    expect(names('The surge does not surprise Republican pollster Daron Shaw: "Lesser-known candidates always get a boost."')).toEqual(['Daron Shaw']);
    expect(names('In response, Trump wrote to Roffman: "Only a fool would send such a letter."')).toEqual(['Trump']);
  });

  it('a document speaks for its author', () => {
    expect(names('The IMF cut its forecast.\n\n"The ultimate impact remains very unclear," the IMF report stated.')).toEqual(['IMF']);
  });

  it('an aide to someone is not that someone', () => {
    expect(names('"The grain companies are trying to get this fired up again," an aide to Agriculture Secretary Richard Lyng said.')).toEqual([null]);
  });

  it('the company\'s chairman described by his title is the chairman', () => {
    const body = 'K Mart Chairman Bernard Fauber spoke on Tuesday.\n\n"We were forced to pay a temporary price," the K Mart chairman said.';
    expect(names(body)).toEqual(['Bernard Fauber']);
  });

  it('an acronym of the initials is the organisation, speaking under its full name', () => {
    const body = 'American Motors Corp said it would build the vehicle elsewhere.\n\n"This outcome shows how hard it is to stay competitive," AMC said.';
    expect(names(body)).toEqual(['American Motors Corp']);
  });

  /** A tagger entity of one mention: the first (or, with `last`, the last) place `text` is written in `body`. */
  const entityIn = (body: string, text: string, type: 'organization' | 'person', last = false) => {
    const start = last ? body.lastIndexOf(text) : body.indexOf(text);
    return { name: text, type, count: 1, mentions: [{ text, start, end: start + text.length }] };
  };
  const speakersOf = (body: string, tagged: ReturnType<typeof entityIn>[]) => extractQuotes(body, tagged).quotes.map((q) => q.speaker?.name);

  it('an organisation the tagger read across an `and` is one name, so its acronym joins it; an office run into a minister\'s name is not', () => {
    const body = 'Rules will change, the Securities and Exchange Commission said on Monday.\n\n"We will act on this matter soon," the SEC said.';
    expect(speakersOf(body, [entityIn(body, 'Securities and Exchange Commission', 'organization'), entityIn(body, 'SEC', 'organization')])).toEqual(['Securities and Exchange Commission']);
    // Without the tagger's span the `and` still parts the words: the acronym stays as written.
    expect(speakersOf(body, [entityIn(body, 'SEC', 'organization')])).toEqual(['SEC']);
    // An office the tagger ran into a minister's name (`Mines and Energy Subroto`) is no organisation to join.
    const office = 'Prices will hold, Minister of Mines and Energy Subroto told Reuters.\n\n"We will stick to the limits," Subroto said.';
    expect(speakersOf(office, [entityIn(office, 'Mines and Energy Subroto', 'organization'), entityIn(office, 'Subroto', 'person', true)])).toEqual(['Subroto']);
  });

  it('the words of an organisation\'s name before its `and` are its short name', () => {
    const body = 'Carolina Power and Light Co said it would cancel the second unit.\n\n"The higher costs made the unit uneconomic," Carolina Power said.';
    expect(speakersOf(body, [entityIn(body, 'Carolina Power and Light Co', 'organization'), entityIn(body, 'Carolina Power', 'organization', true)])).toEqual(['Carolina Power and Light Co']);
  });

  it('with the tagger\'s entities, the acronym\'s speaker is the entity\'s name, and the list is left as it was', () => {
    const body = 'American Motors Corp said it would build the vehicle elsewhere.\n\n"This outcome shows how hard it is to stay competitive," AMC said.';
    const at = (t: string) => ({ text: t, start: body.indexOf(t), end: body.indexOf(t) + t.length });
    const tagged = [{ name: 'American Motors Corp', type: 'organization' as const, count: 1, mentions: [at('American Motors Corp')] },
      { name: 'AMC', type: 'organization' as const, count: 1, mentions: [at('AMC')] }];
    const { quotes, entities } = extractQuotes(body, tagged);
    expect(quotes.map((q) => q.speaker?.name)).toEqual(['American Motors Corp']);
    expect(entities).toEqual(tagged);
  });

  it('a first name tells gender before a title word does', () => {
    const body = 'Commission Chairman Susan Phillips later told reporters the rules were sound.\n\nBut she said the proposal was "something to look at" this year.';
    expect(names(body)).toEqual(['Susan Phillips']);
  });

  it('Mr. Obama is not Michelle Obama, and Mrs. Obama is', () => {
    const body = 'First lady Michelle Obama spoke first.\n\nMr. Obama said: "We have work to do."\n\n"It is about me," Mrs. Obama said.';
    expect(names(body)).toEqual(['Obama', 'Michelle Obama']);
  });

  it('a month after a first name is a surname', () => {
    expect(names('"We will not be rushed," Theresa May said.')).toEqual(['Theresa May']);
  });

  it('the Illinois Democrat is the person who spoke last, not a speaker called "Illinois Democrat"', () => {
    const body = 'Committee chairman Dan Rostenkowski said he was ready to support a tax increase.\n\n"It is an uphill fight unless the president signs on," the Illinois Democrat said.';
    expect(names(body)).toEqual(['Dan Rostenkowski']);
  });
});
