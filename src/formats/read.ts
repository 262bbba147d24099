import type { Format } from '../article/story.ts';
import { UnreadableArticleError } from '../errors.ts';
import type { ParsedArticle } from './parsed.ts';
import { readPlainText } from './text.ts';

type Reader = (content: string) => ParsedArticle;

const READERS: Partial<Record<Format, Reader>> = {
  text: readPlainText,
};

/** Which format a content string is in, judged from its first characters. */
export function detectFormat(content: string): Format {
  return 'text';
}

/** Reads a raw article's content in its declared format, or the detected one for `auto`. */
export function readArticle(content: string, format: Format | 'auto' = 'auto'): ParsedArticle {
  const chosen = format === 'auto' ? detectFormat(content) : format;
  const reader = READERS[chosen];
  if (!reader) throw new UnreadableArticleError(`the ${chosen} format is not supported yet`);
  return reader(content);
}
