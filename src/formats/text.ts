import { UnreadableArticleError } from '../errors.ts';
import { emptyParsedArticle, type ParsedArticle } from './parsed.ts';

const DATE_LEAD = /^\s*date\s+(\d{4}-\d{2}-\d{2})\s+/;

/**
 * Plain agency text, the seed's style: an optional `date YYYY-MM-DD` lead, then the dateline
 * and the body. Leading and trailing whitespace of the whole text is dropped; nothing else.
 */
export function readPlainText(content: string): ParsedArticle {
  if (content.includes('\u0000')) {
    throw new UnreadableArticleError('the content holds NUL bytes: this looks like a binary file, not a wire story');
  }
  const lead = DATE_LEAD.exec(content);
  const text = (lead ? content.slice(lead[0].length) : content).trim();
  if (!text) throw new UnreadableArticleError('the story has no text after its date lead');
  const parsed = emptyParsedArticle('text', text);
  parsed.dateHint = lead?.[1] ?? null;
  return parsed;
}
