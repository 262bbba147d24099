import { UnreadableArticleError } from '../errors.ts';
import { mapArray } from '../arrays.ts';
import { canonicalAgency } from '../normalize/agencies.ts';
import { detectLanguage } from './language.ts';
import { withCharacterReferencesDecoded } from './repair.ts';
import { headlineMarks, keywordVersion, killAdvisory, slugKey, takeNumber } from './advisory.ts';
import { cleanByline, cleanText } from './meta.ts';
import { emptyParsedArticle, type ParsedArticle } from './parsed.ts';

const DATE_LEAD = /^\s*date\s+(\d{4}-\d{2}-\d{2})\s+/;
const BYLINE = /^\s*by\s+\S.{0,150}$/i;
// An ANPA keyword line standing first in plain copy: `BC-Storm-Coast,2nd Ld-Writethru,0450`.
const KEYWORD_LINE = /^[ \t]*((?:BC|AM|PM|AP)-[A-Za-z0-9][\w.-]*)((?:,[^,\n]{1,40}){0,4})[ \t]*(?:\n|$)/;
// A last line that is only an agency's sign-off: `Reuter`, `(AP)`, `-- IANS`.
const SIGN_OFF = /\n[ \t]*(?:[-–—]+[ \t]*)?\(?([A-Za-z][A-Za-z. -]{1,30}?)\)?[ \t]*(?:\n|$)\s*$/;

/** A line that reads as a headline: short, and not a sentence that runs on into the story. */
const headlineLike = (line: string) => line.length >= 3 && line.length <= 200 && !/[.,;:]$/.test(line) && !/^by\s/i.test(line);

/**
 * Plain agency text. The seed's style: an optional `date YYYY-MM-DD` lead, then the dateline
 * and the body. Agency copy: a headline line, optionally a byline line (`By …`), then the
 * dateline. A first line that reads as a headline is left in `lead`: whether it is one depends
 * on datelines, which this reader does not parse (`settleLead` decides, in normalisation). A
 * byline line first comes out into its field; the rest of the text is kept as it is (only
 * leading and trailing whitespace of the whole is dropped, and HTML character references
 * decoded). A closing sign-off line naming an agency (`Reuter`) is the credit.
 */
export function readPlainText(content: string): ParsedArticle {
  if (content.includes('\u0000')) {
    throw new UnreadableArticleError('the content holds NUL bytes: this looks like a binary file, not a wire story');
  }
  // Plain text has no markup, so a character reference in it (`&quot;`) is an escape left by a
  // system on the way, not text.
  content = withCharacterReferencesDecoded(content);
  const lead = DATE_LEAD.exec(content);
  let text = (lead ? content.slice(lead[0].length) : content).trim();
  if (!text) throw new UnreadableArticleError(lead ? 'the story has no text after its date lead' : 'the story is empty');
  const keyword = KEYWORD_LINE.exec(text);
  if (keyword) text = text.slice(keyword[0].length).trim();
  if (!text) throw new UnreadableArticleError('the story has a keyword line but no text');

  let byline: string | null = null;
  let pending: ParsedArticle['lead'] = null;
  const lines = mapArray(text.split('\n', 4), (l) => l.trim());
  if (lines.length >= 2 && headlineLike(lines[0]!)) {
    let next = 1;
    while (next < lines.length && !lines[next]) next++;
    const bylineLine = next < lines.length && BYLINE.test(lines[next]!) ? lines[next]! : null;
    let idx = 0;
    for (let i = 0; i < (bylineLine ? next + 1 : next); i++) idx = text.indexOf('\n', idx) + 1;
    const rest = text.slice(idx).trimStart();
    pending = { headline: lines[0]!, byline: bylineLine, restStart: text.length - rest.length };
  } else if (lines.length >= 2 && BYLINE.test(lines[0]!)) {
    byline = lines[0]!;
    text = text.slice(text.indexOf('\n') + 1).trimStart();
  }
  if (!text) throw new UnreadableArticleError('the story has a headline but no text');

  const parsed = emptyParsedArticle('text', text);
  parsed.dateHint = lead?.[1] ?? null;
  parsed.byline = cleanByline(byline);
  parsed.credit = signOffCredit(text);
  parsed.lead = pending;
  return withAdvisory(parsed, keyword);
}

/**
 * What the copy says of itself: a keyword line's slug and version words (the story's key, so
 * its leads and corrections share an id), and a kill or withdrawal advisory with the story it names.
 */
function withAdvisory(parsed: ParsedArticle, keyword: RegExpExecArray | null): ParsedArticle {
  const words = keyword?.[2]?.replace(/,\s*\d{3,5}\s*$/, '') ?? '';
  if (keyword) {
    const take = takeNumber(words);
    const version = keywordVersion(words);
    parsed.slugline = keyword[1]!;
    parsed.storyKey = slugKey(keyword[1]!) + (take ? `#add${take}` : '');
    parsed.version = version?.version ?? null;
    parsed.flags = [...(version?.flags ?? []), ...(take ? [`ADD ${take}`] : [])];
  }
  const kill = killAdvisory(parsed.text, words || null);
  if (kill) {
    parsed.pubStatus = 'canceled';
    parsed.flags = [...parsed.flags, kill.kind];
    parsed.sourceId = kill.sourceId;
    const slug = kill.slug ?? keyword?.[1];
    parsed.storyKey = slug ? slugKey(slug) : null;
  }
  return parsed;
}

function signOffCredit(text: string): string | null {
  const signOff = SIGN_OFF.exec(text);
  return signOff ? canonicalAgency(signOff[1]) : null;
}

/**
 * Where a closing line that only names an agency (`Reuter`, `(AP)`, `-- IANS`) starts, or the
 * text's length when there is none: the sign-off is the credit, not a name in the story.
 */
export function agencySignOffStart(text: string): number {
  const signOff = SIGN_OFF.exec(text);
  return signOff && canonicalAgency(signOff[1]) ? signOff.index : text.length;
}

/** Where a dateline opens a text: its raw text, and whether it is unmistakable (a date, or a place the gazetteer knows). */
export type DatelineOpening = (text: string) => { raw: string; unmistakable: boolean } | null;

/**
 * Settles a plain-text `lead` with the dateline parser normalisation hands in: the first line is
 * the headline unless it itself opens with a dateline (the story, hard-wrapped: Reuters 1987),
 * when a `By …` line follows it, or when the text after it opens with an unmistakable dateline.
 * Then headline (and byline) leave the text. The language is detected on the text that stays.
 */
export function settleLead(parsed: ParsedArticle, datelineAt: DatelineOpening): ParsedArticle {
  const pending = parsed.lead;
  if (!pending) return parsed;
  const out: ParsedArticle = { ...parsed, lead: null };
  if (datelineAt(pending.headline) === null) {
    const rest = parsed.text.slice(pending.restStart);
    const opening = pending.byline ? null : datelineAt(rest);
    const marks = headlineMarks(pending.headline);
    if (pending.byline || marks || (opening?.unmistakable && rest.startsWith(opening.raw))) {
      if (!rest) throw new UnreadableArticleError('the story has a headline but no text');
      out.text = rest;
      out.headline = cleanText(marks?.headline ?? pending.headline);
      out.byline = cleanByline(pending.byline);
      out.credit = signOffCredit(rest);
      if (marks) {
        out.version = Math.max(out.version ?? 1, marks.version);
        out.flags = [...out.flags, ...marks.flags];
      }
    }
  }
  out.language ??= detectLanguage(out.text);
  return out;
}
