import type { Format } from '../article/story.ts';
import { UnreadableArticleError } from '../errors.ts';
import { canonicalAgency } from '../normalize/agencies.ts';
import { headlineMarks, keywordVersion, killAdvisory, slugKey, takeNumber } from './advisory.ts';
import { splitFramedStream, unframe, type FramedMessage } from './framing.ts';
import { cleanByline, cleanText } from './meta.ts';
import { emptyParsedArticle, type ParsedArticle } from './parsed.ts';

/** What an ANPA-1312 or IPTC 7901 reader found in one message, before the common finish. */
export interface WireMessageFields {
  format: Format;
  headline: string | null;
  byline: string | null;
  /** Paragraphs separated by blank lines. */
  body: string;
  /** The keyword slug as written (`BC-Storm-Coast`, `ECONOMY-RATES`). */
  slug: string | null;
  /** The keyword section's other words (`2nd Ld-Writethru`, `1st Add`, `Kill`). */
  keywordWords: string;
  category: string | null;
  urgency: number | null;
  day: string | null;
  /** ISO date-time of the transmission, when the trailer's zone is written. */
  sent: string | null;
  credit: string | null;
}

/** The one message of a framed content; several are refused, as a raw article is one story. */
export function onlyMessage(content: string, formatName: string): FramedMessage {
  const parts = splitFramedStream(content);
  if (parts.length > 1) {
    throw new UnreadableArticleError(`the content holds ${parts.length} ${formatName} messages; a raw article is one story (a file, stdin or POST /articles body holding several is taken a message at a time)`);
  }
  const framed = unframe(content);
  if (!framed) throw new UnreadableArticleError(`${formatName}: no SOH … STX framing: the header is not followed by a text`);
  return framed;
}

/**
 * Paragraphs of a framed text's lines: a line indented by a tab or spaces, or following a blank
 * line, starts a paragraph; other lines continue the one before (hard-wrapped copy).
 */
export function paragraphsOf(lines: string[]): string {
  const paragraphs: string[] = [];
  let current: string[] = [];
  const flush = () => { if (current.length) paragraphs.push(current.join(' ')); current = []; };
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) { flush(); continue; }
    if (/^[\t ]/.test(raw)) flush();
    current.push(line);
  }
  flush();
  return paragraphs.join('\n\n');
}

/** The common finish: version, kill advisory, story key, and the article. */
export function wireMessageArticle(f: WireMessageFields): ParsedArticle {
  if (!f.body.trim() && !f.headline) throw new UnreadableArticleError('the message has neither a headline nor text');
  const parsed = emptyParsedArticle(f.format, f.body.trim());
  const marks = f.headline ? headlineMarks(f.headline) : null;
  const fromKeyword = keywordVersion(f.keywordWords);
  parsed.headline = cleanText(marks?.headline ?? f.headline);
  parsed.byline = cleanByline(f.byline);
  parsed.credit = f.credit && canonicalAgency(f.credit) ? f.credit : null;
  parsed.urgency = f.urgency;
  parsed.category = f.category;
  parsed.slugline = f.slug;
  parsed.dateHint = f.day;
  parsed.publishedAt = f.sent;
  parsed.version = Math.max(marks?.version ?? 1, fromKeyword?.version ?? 1);
  parsed.flags = [...(fromKeyword?.flags ?? []), ...(marks?.flags ?? [])];

  const kill = killAdvisory(`${f.headline ?? ''}\n${f.body}`, f.keywordWords);
  if (kill) {
    parsed.pubStatus = 'canceled';
    parsed.flags.push(kill.kind);
    parsed.sourceId = kill.sourceId;
    const slug = kill.slug ?? f.slug;
    parsed.storyKey = slug ? slugKey(slug) : null;
  } else if (f.slug) {
    const take = takeNumber(f.keywordWords);
    parsed.storyKey = slugKey(f.slug) + (take ? `#add${take}` : '');
    if (take) parsed.flags.push(`ADD ${take}`);
  }
  return parsed;
}
