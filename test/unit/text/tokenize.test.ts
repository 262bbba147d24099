import { describe, expect, it } from 'vitest';
import { sentences, tokenize } from '../../../src/extract/text/index.ts';

const words = (s: string) => tokenize(s).map((t) => t.text);

describe('tokenize', () => {
  it('keeps abbreviations, initials and initialisms whole', () => {
    expect(words('U.S. Gen. John Smith met Mr. J. Doe of Portland, Ore., on Jan. 5.')).toEqual([
      'U.S.', 'Gen.', 'John', 'Smith', 'met', 'Mr.', 'J.', 'Doe', 'of', 'Portland', ',', 'Ore.', ',', 'on', 'Jan.', '5', '.',
    ]);
  });
  it('keeps numbers with separators, dates and scores whole', () => {
    expect(words('It sold 1,250.5 tonnes on 1996-08-22, up 3.5% at 10:30; won 6-4.')).toEqual([
      'It', 'sold', '1,250.5', 'tonnes', 'on', '1996-08-22', ',', 'up', '3.5', '%', 'at', '10:30', ';', 'won', '6-4', '.',
    ]);
  });
  it('splits clitics and possessives, keeps hyphenated words', () => {
    expect(words("Afghanistan's war-torn north doesn't O'Neill's states' 22-year-old")).toEqual([
      'Afghanistan', "'s", 'war-torn', 'north', 'does', "n't", "O'Neill", "'s", 'states', "'", '22-year-old',
    ]);
  });
  it('keeps clitics of pre-tokenized text whole', () => {
    expect(words("at Lord 's , they do n't")).toEqual(['at', 'Lord', "'s", ',', 'they', 'do', "n't"]);
  });
  it('separates quotes, brackets and dashes', () => {
    expect(words('"Naturally," he said — (CSTO) … “fine”--ok')).toEqual([
      '"', 'Naturally', ',', '"', 'he', 'said', '—', '(', 'CSTO', ')', '…', '“', 'fine', '”', '--', 'ok',
    ]);
  });
  it('gives UTF-16 offsets into the text', () => {
    const text = 'Señor 😀 Müller’s “AT&T” deal';
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end)).toBe(t.text);
    expect(words(text)).toEqual(['Señor', '😀', 'Müller', '’s', '“', 'AT&T', '”', 'deal']);
  });
});

describe('sentences', () => {
  const split = (text: string) => sentences(text).map((s) => text.slice(s.start, s.end));
  it('ends at final punctuation, keeping closing quotes', () => {
    expect(split('He left. "It is over," she said. Is it? Yes!')).toEqual(['He left.', '"It is over," she said.', 'Is it?', 'Yes!']);
  });
  it('does not end at titles and initials, does after an initialism before a new sentence', () => {
    expect(split('Gen. J. Smith arrived in the U.S. on Monday. He lives in the U.S. He left.')).toEqual([
      'Gen. J. Smith arrived in the U.S. on Monday.', 'He lives in the U.S.', 'He left.',
    ]);
  });
  it('treats blank lines and short lines (headline, dateline) as ends', () => {
    const text = 'Peter Blackburn\nBRUSSELS 1996-08-22\nThe European Commission said on Thursday it disagreed with German advice to consumers to shun British lamb.';
    expect(split(text)).toEqual(['Peter Blackburn', 'BRUSSELS 1996-08-22', text.split('\n')[2]]);
    expect(split('First paragraph\n\nSecond paragraph')).toEqual(['First paragraph', 'Second paragraph']);
  });
  it('joins lines wrapped at a fixed width', () => {
    const text = 'The company said on Thursday that it expected profits to rise\nsharply in the second half of the year as demand recovered.';
    expect(split(text)).toEqual([text]);
  });
});
