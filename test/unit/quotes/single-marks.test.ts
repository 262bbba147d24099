import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../../src/extract/quotes/index.ts';
import { withDoubledApostrophesAsMarks, withDoubleQuoteMarks } from '../../../src/extract/quotes/single-marks.ts';

const quotesOf = (body: string) => extractQuotes(body, []).quotes.map((q) => [q.text, q.speaker?.name ?? null]);

describe('copy that sets its quotes in single marks', () => {
  it('reads them as quotes, with their speakers, and cuts the text from the body as written', () => {
    const body = [
      "CARDIFF, March 4 (PA) - Ambulance crews in Wales will walk out on Friday.",
      "'We have been left with no choice,' union organiser Carys Lloyd told reporters.",
      'Health Secretary Owen Price said: ‘The offer on the table is fair and it is final.’',
    ].join('\n\n');
    expect(quotesOf(body)).toEqual([
      ['We have been left with no choice', 'Carys Lloyd'],
      ['The offer on the table is fair and it is final.', 'Owen Price'],
    ]);
  });

  it('keeps the offsets: marks are swapped one for one, a quote within a quote made single', () => {
    const body = "Ms Reid said: 'They told us \"the money is gone\" and walked out.'";
    const read = withDoubleQuoteMarks(body);
    expect(read).toHaveLength(body.length);
    expect(read).toBe("Ms Reid said: “They told us 'the money is gone' and walked out.”");
    expect(quotesOf(body)).toEqual([['They told us "the money is gone" and walked out.', 'Reid']]);
  });

  it('tells an apostrophe from a closing mark: a plural possessive inside the quote stays a word', () => {
    const body = "‘The nurses’ patience has run out,’ said union secretary Jo Hart. The minister called the strike ‘regrettable’ and left.";
    expect(quotesOf(body)).toEqual([
      ['The nurses’ patience has run out', 'Jo Hart'],
      ['regrettable', null],
    ]);
  });

  it('closes a partial quote before a lower-case word when nothing surer closes it', () => {
    const read = withDoubleQuoteMarks("Critics called the budget 'a recipe for stagnation' and demanded a vote.");
    expect(read).toBe('Critics called the budget “a recipe for stagnation” and demanded a vote.');
  });

  it('follows a quote over paragraphs: each opens with a mark, only the last closes', () => {
    const body = [
      "Chief constable Ian Ross said: 'The first arrests came within the hour, thanks to the officers' own work.",
      "'More will follow in the coming days.'",
    ].join('\n\n');
    expect(quotesOf(body).map(([t]) => t)).toEqual([
      "The first arrests came within the hour, thanks to the officers' own work.",
      'More will follow in the coming days.',
    ]);
  });

  it('leaves copy alone whose quotes are double: single marks nested inside, or apostrophes only', () => {
    const american = "\"He told us 'wait' and we waited,\" said Jonas Berg.";
    const plain = "The company's chief said the workers' union had rejected the '90s-era deal.";
    const headline = "Voters reject 'Big Three' bailout as \"a step too far,\" mayor says.";
    for (const body of [american, plain, headline]) expect(withDoubleQuoteMarks(body)).toBe(body);
  });
});

describe('two apostrophes typed for a double mark', () => {
  it('reads them as one straight mark, padded on the outside with a no-break space', () => {
    const body = "''That was not a good way to treat me,'' he said. ''I said, 'Not again,''' she added.";
    const read = withDoubledApostrophesAsMarks(body);
    expect(read).toHaveLength(body.length);
    expect(read).toBe("\u00a0\"That was not a good way to treat me,\"\u00a0 he said. \u00a0\"I said, 'Not again,'\"\u00a0 she added.");
  });

  it('reads two grave accents as an opening mark (TeX, the Penn Treebank)', () => {
    expect(quotesOf("``We will appeal the ruling,'' lawyer Dan Oakes said.")).toEqual([['We will appeal the ruling', 'Dan Oakes']]);
  });

  it('finds the quotes, a typed possessive left as it is', () => {
    const body = "Mayor Lena Ortiz said the city''s budget was sound. ''We will not raise taxes this year,'' Ortiz said.";
    expect(withDoubledApostrophesAsMarks('the city\'\'s budget')).toBe("the city''s budget");
    expect(quotesOf(body)).toEqual([['We will not raise taxes this year', 'Lena Ortiz']]);
  });
});
