import { UnreadableArticleError } from '../errors.ts';
import { plainOf, trailerDay, trailerInstant, trimEndWhere } from './framing.ts';
import type { ParsedArticle } from './parsed.ts';
import { onlyMessage, paragraphsOf, wireMessageArticle } from './wire-message.ts';

/**
 * ANPA-1312 priority codes as IPTC urgency (1 most urgent, 5 normal, 8 least): flash 1,
 * bulletin 2, urgent 3, regular 5, deferred 6, weekday and Sunday advances 8. Other codes
 * give no urgency.
 */
export const ANPA_URGENCY: Readonly<Record<string, number>> = { f: 1, b: 2, u: 3, r: 5, d: 6, a: 8, s: 8 };

// Service level letter and 4-digit message number (`a0123`), then optional selector codes.
const FIRST = /^\s*([a-z])(\d{4})(?![\dA-Za-z])/i;
// Priority and category, single letters between spaces, then the keyword section.
const CODES = /(?:^|\s)([a-z]) ([a-z])(?=\s|$)\s*(.*)$/i;

/**
 * One ANPA-1312 message: `[SYN SYN] SOH` service level and message number, selector codes,
 * priority, category, the keyword section (`BC-Slug,version words,word count`), `STX`, heading
 * lines marked `^` (keyword again, headline, byline), body paragraphs (tab-indented), `ETX`, the
 * trailer (`AP-NY-11-30-26 1423EST`), `EOT`. Quad-left marks (`<`, `=`) at line ends are dropped.
 */
export function readAnpa(content: string): ParsedArticle {
  const framed = onlyMessage(content, 'ANPA-1312');
  const header = plainOf(framed.header.replace(/[\u0000-\u001F]/g, ' ')).replace(/\s+/g, ' ').trim();
  const first = FIRST.exec(header);
  if (!first) throw new UnreadableArticleError(`ANPA-1312: the header "${header.slice(0, 40)}" does not open with a service level and message number (a0123)`);
  const codes = CODES.exec(header.slice(first[0].length));
  const keyword = (codes?.[3] ?? '').trim();
  const slug = /^(?:[A-Za-z]{2}-)?[^,\s]+/.exec(keyword)?.[0] ?? null;
  const keywordWords = keyword.slice(slug?.length ?? 0).replace(/,?\s*\d{3,5}\s*$/, '').replace(/^[,\s]+/, '');

  const lines = plainOf(framed.text).split('\n').map((l) => trimEndWhere(l, (c) => c === '<' || c === '=' || c === ' ' || c === '\t'));
  const headings: string[] = [];
  let at = 0;
  for (; at < lines.length; at++) {
    const line = lines[at]!;
    if (!line.trim()) continue;
    if (!line.startsWith('^')) break;
    headings.push(line.slice(1).trim());
  }
  // The first heading repeats the keyword; a `By` line is the byline; the writer's title after it is not copy.
  const rest = headings.filter((h, i) => !(i === 0 && slug && h.startsWith(slug)));
  const bylineAt = rest.findIndex((h) => /^by\s/i.test(h));
  const headline = rest.find((h, i) => i !== bylineAt && !/^by\s/i.test(h) && (bylineAt < 0 || i < bylineAt)) ?? null;

  const trailer = plainOf(framed.trailer).trim();
  return wireMessageArticle({
    format: 'anpa',
    headline,
    byline: bylineAt >= 0 ? rest[bylineAt]! : null,
    body: paragraphsOf(lines.slice(at)),
    slug,
    keywordWords,
    category: codes?.[2]?.toLowerCase() ?? null,
    urgency: codes ? (ANPA_URGENCY[codes[1]!.toLowerCase()] ?? null) : null,
    day: trailerDay(trailer),
    sent: trailerInstant(trailer),
    credit: /^([A-Za-z]{2,12})-/.exec(trailer)?.[1] ?? null,
  });
}
