import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../../src/extract/quotes/index.ts';
import { polnearGold } from '../../../scripts/quotes-scoring.ts';

const quotesOf = (body: string) => extractQuotes(body, []).quotes;
const names = (body: string) => quotesOf(body).map((q) => q.speaker?.name ?? null);

describe('speakers from context (round 2)', () => {
  it('an uncued quote opening a paragraph takes whom the narrative before it is about', () => {
    const body = 'Mayor Lena Okafor is upbeat about the harbour plan, in part because she sees it as a job engine.\n\n"Nobody in this town should be afraid of a few cranes on the skyline."';
    const q = quotesOf(body)[0]!;
    expect(q.speaker?.name).toBe('Lena Okafor');
    expect(q.how).toBe('speaker of the narrative before it');
    // (Its confidence is the ranker's calibrated score for that candidate, not a hand-set prior.)
    expect(q.candidates[0]).toMatchObject({ name: 'Lena Okafor', score: q.confidence });
  });

  it('a quote woven into a sentence with no verb of saying takes the sentence subject', () => {
    const body = 'Senator Hal Brooks also bemoaned a climate in which voters "simply stop listening to each other" after an election.';
    expect(names(body)).toEqual(['Hal Brooks']);
  });

  it('a subject that is only a capitalised word opening the sentence is no speaker', () => {
    expect(names('Protesters carried banners reading "hands off our pensions, hands off our future".')).toEqual([null]);
  });

  it('the narrative rule never reaches past a quote with an unnamed source', () => {
    const body = 'Governor Ana Ruiz toured the site on Monday.\n\n"We were not consulted," said a senior official. "Nobody asked the engineers what they thought."';
    expect(names(body)).toEqual([null, null]);
  });

  it('a sentence-ending quote followed by a long name and its appositive is attributed', () => {
    const body = 'The campaign raised $20 million in May. "The numbers put us on pace to win." Jeff Morrow, the campaign manager, said in a statement.';
    expect(names(body)).toEqual(['Jeff Morrow']);
  });

  it('an appositive with a comma of its own (a town, a state)', () => {
    const body = 'Dale Harlow, a 55-year-old salesman from Sumter, South Carolina, says the senator will "leave here with momentum."';
    expect(names(body)).toEqual(['Dale Harlow']);
  });

  it('verbs of saying written as two words, and more single ones', () => {
    expect(names('"Go back to your seat," Mayor Tom Reyes shot back.')).toEqual(['Tom Reyes']);
    expect(names('"We will always be here," an angry Pia Lindgren retorted.')).toEqual(['Pia Lindgren']);
  });

  it('joint speakers keep both names', () => {
    const body = 'Donald Trump and House Speaker Paul Ryan met on Thursday.\n\nTrump and Ryan issued a statement describing the meeting as a "very positive step toward unification".';
    expect(names(body)).toEqual(['Donald Trump and Paul Ryan']);
  });

  it('an organisation or place before a role and a name is the title, not the speaker', () => {
    expect(names('"The plant stays open," said United Auto Workers Secretary-Treasurer Gary Casteel.')).toEqual(['Gary Casteel']);
    expect(names('"People stood in line for hours," said Meena Ganguly of Human Rights Watch.')).toEqual(['Meena Ganguly']);
    expect(names('"I have not decided yet," said undecided voter Stephanie Hooton of Derry, N.H.')).toEqual(['Stephanie Hooton']);
  });

  it('a dot inside brackets does not end the sentence', () => {
    const body = 'Sen. Bernie Sanders (I-Vt.) said Sunday in Madison that a large turnout "will help elect a new justice."';
    expect(names(body)).toEqual(['Bernie Sanders']);
  });

  it('an opening mark typed as a closer ends the quote', () => {
    const body = '“The reality is that we could lose both states,“ said Jim Clyburn, a congressman from South Carolina.';
    const qs = quotesOf(body);
    expect(qs).toHaveLength(1);
    expect(qs[0]!.speaker?.name).toBe('Jim Clyburn');
  });

  it('a name ending in -an before a verb is a name, not an adjective', () => {
    expect(names('Ryan issued a statement on Friday. "We are done here," Ryan said.')).toEqual(['Ryan']);
  });
});

describe('PolNeAR reader', () => {
  it('skips continuation lines of a span whose text held a line break', () => {
    const text = 'Ann Lee said: "We will win this race by a mile."\nThe end.';
    const ann = [
      'T1\tSource 0 7\tAnn Lee', 'T2\tCue 8 12\tsaid', 'T3\tContent 14 47\t"We will win this race',
      'by a mile."', 'T4\tAttribution 8 12\tsaid', 'E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1',
      'Top line that starts with T but has\ttabs in it', '#1\tAnnotatorNotes T1\tnote', 'T9\tContent x y\tbroken',
    ].join('\n');
    const g = polnearGold(text, ann);
    expect(g.quotes).toHaveLength(1);
    expect(g.quotes[0]).toMatchObject({ text: 'We will win this race by a mile.', key: 'lee', kind: 'name' });
  });
});
