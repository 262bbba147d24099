import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../../src/extract/quotes/index.ts';
import { findQuotedSpans } from '../../../src/extract/quotes/marks.ts';

const quotesOf = (body: string) => extractQuotes(body, []).quotes;

describe('finding the marks', () => {
  it('reads straight and curly double quotes, with single quotes nested inside', () => {
    const qs = quotesOf('“We heard him say ‘never again’ and we believed it,” said Lena Fischer. "He told us \'wait\' and we waited a long time," said Jonas Berg.');
    expect(qs.map((q) => q.text)).toEqual([
      'We heard him say ‘never again’ and we believed it',
      "He told us 'wait' and we waited a long time",
    ]);
    expect(qs.map((q) => q.speaker?.name)).toEqual(['Lena Fischer', 'Jonas Berg']);
  });

  it('joins a quote over several paragraphs: a mark opens each, only the last closes', () => {
    const body = [
      'Mayor Hana Sato said: "The first phase of the plan starts in spring.',
      '"The second phase follows in the autumn, if the council agrees.',
      '"There is no third phase."',
      'The council meets on Friday.',
    ].join('\n\n');
    const qs = quotesOf(body);
    expect(qs.map((q) => q.text)).toEqual([
      'The first phase of the plan starts in spring.',
      'The second phase follows in the autumn, if the council agrees.',
      'There is no third phase.',
    ]);
    expect(qs.every((q) => q.speaker?.name === 'Hana Sato')).toBe(true);
    expect(qs[1]!.how).toBe('continues a quote over paragraphs');
  });

  it('never lets an unbalanced mark swallow the rest of the story', () => {
    const body = [
      'Union leader Omar Haddad said: "We walk out on Monday.',
      'Talks with the employers ended without a date for the next round.',
      'Managers said they had made "a fair offer" and would not raise it.',
    ].join('\n\n');
    const qs = quotesOf(body);
    expect(qs[0]).toMatchObject({ text: 'We walk out on Monday.', speaker: { name: 'Omar Haddad' } });
    expect(qs.some((q) => q.text.includes('Talks with the employers'))).toBe(false);
    expect(qs.find((q) => q.text === 'a fair offer')?.partial).toBe(true);
  });

  it('survives stray, doubled and mismatched marks', () => {
    const nasty = ['"', '""', '” “ ”', 'He said "', '“open “open', 'a 6\'2" player', '"\n\n"\n\n"', '”closing first“'];
    for (const body of nasty) expect(() => extractQuotes(body, [])).not.toThrow();
    expect(findQuotedSpans('He is 6\'2" tall and "quite fast" on the ball.').map((s) => s.closed)).toEqual([true]);
  });

  it('nests an inner quote typed with the same curly marks as the outer one', () => {
    const body = '“As a nurse I would rather work in what he calls “chaos” than stay home,” said Ines Roldan.';
    const qs = quotesOf(body);
    expect(qs.map((q) => q.text)).toEqual(['As a nurse I would rather work in what he calls “chaos” than stay home']);
    expect(qs[0]?.speaker?.name).toBe('Ines Roldan');
    // One closing mark after the second opening one: the first quote was never closed.
    expect(findQuotedSpans('“First words run on. “Second quote here,” she said.').map((s) => s.closed)).toEqual([false, true]);
  });

  it('nests a curly quote inside a straight one, and the straight quote goes on after it', () => {
    const body = 'Dr. Vance stated:\n\n"The board isn\'t about “fair play” anymore. It is about power.\n\n"The latest case shows it plainly, and it will not be the last one."';
    const qs = quotesOf(body);
    expect(qs.map((q) => q.text)).toEqual(['The board isn\'t about “fair play” anymore. It is about power.', 'The latest case shows it plainly, and it will not be the last one.']);
    expect(qs.map((q) => q.speaker?.name)).toEqual(['Vance', 'Vance']);
    expect(quotesOf('"He called it “a farce” and left the room," Ann Teller said.').map((q) => [q.text, q.speaker?.name]))
      .toEqual([['He called it “a farce” and left the room', 'Ann Teller']]);
  });

  it('ends a quote at the paragraph when the next paragraph does not reopen it', () => {
    const spans = findQuotedSpans('"Unclosed here\n\nNext paragraph is plain text.');
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ closed: false, continued: false });
  });
});

describe('scare quotes and titles are not speech', () => {
  it('drops a short quoted term with no speech cue', () => {
    expect(quotesOf('The so-called "peace dividend" never arrived for the region.')).toEqual([]);
  });

  it('drops a title-like quoted name even in a sentence with a speech cue', () => {
    expect(quotesOf('The minister said the film "Gone With The Wind" was her favourite.')).toEqual([]);
  });

  it('keeps a short quote that a speech cue attributes', () => {
    const qs = quotesOf('Chancellor Ida Lund said the plan was "nonsense" and left.');
    expect(qs).toHaveLength(1);
    expect(qs[0]).toMatchObject({ text: 'nonsense', partial: true, speaker: { name: 'Ida Lund' } });
  });

  it('keeps a title-like quote when the cue sits right beside it', () => {
    expect(quotesOf('"Make Our Town Great Again," Mayor Bill Kerr said.')[0]?.speaker?.name).toBe('Bill Kerr');
  });

  it('keeps a long quote with no cue, with no speaker', () => {
    const qs = quotesOf('Protesters carried banners reading "hands off our pensions, hands off our future".');
    expect(qs).toHaveLength(1);
    expect(qs[0]!.speaker).toBeNull();
  });
});
