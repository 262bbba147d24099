import { UnreadableArticleError } from '../errors.ts';
import { canonicalAgency } from '../normalize/agencies.ts';
import { splitDateline } from '../normalize/dateline.ts';
import { cleanByline, cleanText, versionFromHeadline } from './meta.ts';
import { emptyParsedArticle, type ParsedArticle } from './parsed.ts';

const DATE_LEAD = /^\s*date\s+(\d{4}-\d{2}-\d{2})\s+/;
const BYLINE = /^\s*by\s+\S.{0,150}$/i;
// A last line that is only an agency's sign-off: `Reuter`, `(AP)`, `-- IANS`.
const SIGN_OFF = /\n[ \t]*(?:[-–—]+[ \t]*)?\(?([A-Za-z][A-Za-z. -]{1,30}?)\)?[ \t]*(?:\n|$)\s*$/;

/** A line that reads as a headline: short, and not a sentence that runs on into the story. */
const headlineLike = (line: string) => line.length >= 3 && line.length <= 200 && !/[.,;:]$/.test(line) && !/^by\s/i.test(line);

/**
 * Plain agency text. The seed's style: an optional `date YYYY-MM-DD` lead, then the dateline
 * and the body. Agency copy: a headline line, optionally a byline line (`By …`), then the
 * dateline. The headline and byline lines come out of the text into their fields when a
 * dateline or a byline confirms them; the rest of the text is kept as it is (only leading and
 * trailing whitespace of the whole is dropped). A closing sign-off line naming an agency
 * (`Reuter`) is the credit.
 */
export function readPlainText(content: string): ParsedArticle {
  if (content.includes('\u0000')) {
    throw new UnreadableArticleError('the content holds NUL bytes: this looks like a binary file, not a wire story');
  }
  const lead = DATE_LEAD.exec(content);
  let text = (lead ? content.slice(lead[0].length) : content).trim();
  if (!text) throw new UnreadableArticleError(lead ? 'the story has no text after its date lead' : 'the story is empty');

  let headline: string | null = null;
  let byline: string | null = null;
  const lines = text.split('\n', 4).map((l) => l.trim());
  // A first line that itself opens with a dateline is the story, hard-wrapped (Reuters 1987).
  const opensWithDateline = () => splitDateline(lines[0]!, { referenceDate: null }).dateline !== null;
  if (lines.length >= 2 && headlineLike(lines[0]!) && !opensWithDateline()) {
    let next = 1;
    while (next < lines.length && !lines[next]) next++;
    const bylineLine = next < lines.length && BYLINE.test(lines[next]!) ? lines[next]! : null;
    const restFrom = (skip: number) => {
      let idx = 0;
      for (let i = 0; i < skip; i++) idx = text.indexOf('\n', idx) + 1;
      return text.slice(idx).trimStart();
    };
    if (bylineLine) {
      headline = lines[0]!;
      byline = bylineLine;
      text = restFrom(next + 1);
    } else {
      const rest = restFrom(next);
      const split = splitDateline(rest, { referenceDate: null });
      // The dateline confirms the headline only when it is unmistakable: a date, or a place the gazetteer knows.
      if (split.dateline && (split.dateline.country || split.dateline.date) && rest.startsWith(split.dateline.raw)) {
        headline = lines[0]!;
        text = rest;
      }
    }
  } else if (lines.length >= 2 && BYLINE.test(lines[0]!)) {
    byline = lines[0]!;
    text = text.slice(text.indexOf('\n') + 1).trimStart();
  }
  if (!text) throw new UnreadableArticleError('the story has a headline but no text');

  const parsed = emptyParsedArticle('text', text);
  parsed.dateHint = lead?.[1] ?? null;
  parsed.headline = cleanText(headline);
  parsed.byline = cleanByline(byline);
  parsed.version = versionFromHeadline(parsed.headline);
  const signOff = SIGN_OFF.exec(text);
  parsed.credit = signOff ? canonicalAgency(signOff[1]) : null;
  return parsed;
}
