import { UnreadableArticleError } from '../errors.ts';
import { plainOf, trailerDay, trailerInstant } from './framing.ts';
import type { ParsedArticle } from './parsed.ts';
import { onlyMessage, paragraphsOf, wireMessageArticle } from './wire-message.ts';

// Source letters and message number (`DPA0412`), priority digit, category (1–3 letters), word count.
export const IPTC7901_HEADER = /^\s*([A-Za-z]{1,8})\s?(\d{1,6})\s+(\d)\s+([A-Za-z]{1,3})\s+(\d{1,5})(?:\s+(.*))?$/;

/** What is after this line is for editors, not for publication. */
const NOT_FOR_PUBLICATION = /^\s*(?:the following (?:information )?is not (?:intended )?for publication|not for publication)\b/i;

/**
 * One IPTC 7901 message: `SOH` header line (source and number, priority 1–6 as IPTC urgency,
 * category, word count), keyword lines ending in `/` up to `STX`, the headline on the first line
 * of the text, the body, `ETX`, the date-time group (`301423 NOV 26`), `EOT`.
 */
export function readIptc7901(content: string): ParsedArticle {
  const framed = onlyMessage(content, 'IPTC 7901');
  const [first = '', ...keywordLines] = plainOf(framed.header).split('\n');
  const head = IPTC7901_HEADER.exec(first.replace(/[\u0000-\u001F]/g, ' '));
  if (!head) throw new UnreadableArticleError(`IPTC 7901: the header "${first.slice(0, 40)}" is not source and number, priority, category and word count (DPA0412 3 POL 0350)`);
  const keyword = keywordLines.map((l) => l.trim().replace(/\/+$/, '').trim()).filter(Boolean).join(' ');
  const slug = /^[^\s,/]+/.exec(keyword)?.[0] ?? null;

  const lines = plainOf(framed.text).split('\n');
  const cut = lines.findIndex((l) => NOT_FOR_PUBLICATION.test(l));
  const copy = cut < 0 ? lines : lines.slice(0, cut);
  const titleAt = copy.findIndex((l) => l.trim());
  const byAt = titleAt >= 0 && /^\s*by\s/i.test(copy[titleAt + 1] ?? '') ? titleAt + 1 : -1;
  const urgency = Number(head[3]);
  const trailer = plainOf(framed.trailer).trim();
  return wireMessageArticle({
    format: 'iptc7901',
    headline: titleAt >= 0 ? copy[titleAt]!.trim() : null,
    byline: byAt >= 0 ? copy[byAt]!.trim() : null,
    body: paragraphsOf(copy.slice(Math.max(titleAt, byAt) + 1)),
    slug,
    keywordWords: keyword.slice(slug?.length ?? 0).replace(/^[,\s]+/, ''),
    category: head[4]!,
    urgency: urgency >= 1 && urgency <= 8 ? urgency : null,
    day: trailerDay(trailer),
    sent: trailerInstant(trailer),
    credit: head[1]!,
  });
}
