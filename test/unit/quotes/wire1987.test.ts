import { describe, expect, it } from 'vitest';
import { extractQuotes, maskTickers } from '../../../src/extract/quotes/index.ts';

// Stories composed for these tests in the hard-wrapped 1980s wire style (indented paragraphs,
// lines broken inside quotes and attributions, tickers in angle brackets).
const quotesOf = (body: string) => extractQuotes(body, []).quotes;
const find = (body: string, head: string) => {
  const q = quotesOf(body).find((x) => x.text.replace(/\s+/g, ' ').startsWith(head));
  expect(q, head).toBeDefined();
  return q!;
};

describe('1987 wire conventions', () => {
  it('reads ticker brackets as spaces, offsets unchanged', () => {
    const body = 'The Brewers Guild <BRWG> union said it backs the plan.';
    const masked = maskTickers(body);
    expect(masked).toHaveLength(body.length);
    expect(masked).not.toContain('BRWG');
    // (At a line's start the bracket becomes a no-break space: blank, but no indent.)
    expect(maskTickers('<Harbor Shipping Co Ltd> said')).toBe('\u00a0Harbor Shipping Co Ltd  said');
    expect(maskTickers('x\n<HSC> said')).toBe('x\n\u00a0     said');
  });

  it('a bracketed company opening a wrapped line does not start a paragraph', () => {
    const body = '    The Grain Board said it had fined a trading director of\n<Holm, Varga and Lund Ltd> in Oslo over "a\ndeliberate scheme to hide the true tonnage."\n'
      + '    Arne Holm, the firm\'s chairman, said the firm would appeal.\n'
      + '    "We have done nothing wrong and we will say so in court," he\nsaid.\n';
    expect(find(body, 'a deliberate scheme').speaker?.name).toBe('Grain Board');
  });

  it('a union described with its ticker, then "the union said", is the organisation', () => {
    const body = '    The Northern Dockers Union <NDU> said it welcomed the\noffer from the port authority.\n'
      + '    "We think this settlement can hold for three years and we\nwill ask members to back it," the union said.\n';
    expect(find(body, 'We think this settlement').speaker?.name).toBe('Northern Dockers Union');
  });

  it('a mark glued to a colon opens a quote even with a space after it', () => {
    const body = '    Minister Paul Okonkwo said:" The grain reserve is full and\nprices will stay where they are."\n';
    const q = find(body, 'The grain reserve is full');
    expect(q.speaker?.name).toBe('Paul Okonkwo');
  });

  it('he after an unnamed spokesman stays with that spokesman (no name)', () => {
    const body = '    Fighting went on near the river town of Selvar, where Corvin\ntroops held the bridge.\n'
      + '    A military spokesman said the attack was "aimed at drawing\nforces away from the south."\n'
      + '    He added, "Our lines held and the enemy lost heavily in the\nnight fighting."\n';
    expect(find(body, 'Our lines held').speaker).toBeNull();
  });

  it('"the spokesman" takes the organisation of the earlier "bank spokesman"', () => {
    const body = '    The Bank of Lorania has cleared its foreign exchange backlog,\na bank spokesman said.\n'
      + '    "We have paid all outstanding bids from the last two\nauctions," the spokesman said.\n';
    const q = find(body, 'We have paid all outstanding');
    expect(q.speaker).toMatchObject({ name: 'Bank of Lorania', type: 'organization' });
  });

  it('"the Treasury Secretary said" is the person given that title', () => {
    const body = '    Treasury Secretary Harold J. Whitcomb said he opposed a new\nsales tax.\n'
      + '    "A sales tax would be the wrong answer at the wrong time,"\nthe Treasury Secretary said.\n';
    const q = find(body, 'A sales tax would be');
    expect(q.speaker?.name).toBe('Harold J. Whitcomb');
  });

  it('X, role of ORG said, the closing comma left out: the person', () => {
    const body = '    Northfield Motors hopes to sell 9,000 Canadian-made trucks in\nAsia this year, Martin Cole, vice-president of Northfield\nExport Corporation said.\n'
      + '    "The exchange rate makes our trucks cheap," he told a news\nbriefing.\n';
    expect(find(body, 'The exchange rate makes').speaker?.name).toBe('Martin Cole');
  });

  it('X, talking to reporters, said, "…"', () => {
    const body = '    Trade Commissioner Anna Verhoeven, talking to reporters after\nthe meeting, said, "There is growing impatience with the\nslow pace of these talks."\n';
    expect(find(body, 'There is growing impatience').speaker?.name).toBe('Anna Verhoeven');
  });

  it('a lone capitalised word gendered only by a nearby pronoun is not the speaker', () => {
    const body = '    Finance Minister Carlos Ruiz Ortega warned that debts would\ngrow if Andean countries could not export more.\n'
      + '    World markets are still weak, he said.\n'
      + '    He said the region was "moving quickly and on its own toward\nopen trade."\n';
    expect(find(body, 'moving quickly').speaker?.name).toBe('Carlos Ruiz Ortega');
  });
});
