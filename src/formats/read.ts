import type { Format } from '../article/story.ts';
import { UnreadableArticleError } from '../errors.ts';
import { readAnpa } from './anpa.ts';
import { readFeedItem } from './feed.ts';
import { isFramed, SOH } from './framing.ts';
import { IPTC7901_HEADER, readIptc7901 } from './iptc7901.ts';
import { readNewsml } from './newsml.ts';
import { readNinjs } from './ninjs.ts';
import { readNitf } from './nitf.ts';
import { detectLanguage } from './language.ts';
import type { ParsedArticle } from './parsed.ts';
import { readPlainText } from './text.ts';
import { htmlToText } from './html.ts';
import { withoutMojibake, withPlainLineEndsAndNoInvisibles } from './repair.ts';

type Reader = (content: string) => ParsedArticle;

const READERS: Record<Format, Reader> = {
  text: readPlainText,
  ninjs: readNinjs,
  nitf: readNitf,
  newsml: readNewsml,
  rss: readFeedItem,
  anpa: readAnpa,
  iptc7901: readIptc7901,
};

const XML_ROOTS: Record<string, Format> = {
  nitf: 'nitf',
  newsItem: 'newsml',
  newsMessage: 'newsml',
  packageItem: 'newsml',
  NewsML: 'newsml',
  rss: 'rss',
  feed: 'rss',
  entry: 'rss',
  RDF: 'rss',
};

/** The first element of an HTML fragment that holds a story's text. */
const HTML_FRAGMENT_ROOT = /^(?:p|div|article|section|main|body|blockquote|h[1-6]|figure|header|ul|ol|table)$/i;
/** Whether content opens with an HTML fragment's block element (not a ticker in brackets, `<GM>`). */
const isHtmlFragment = (content: string) => content.trimStart().startsWith('<') && HTML_FRAGMENT_ROOT.test(xmlRootName(content.trimStart()) ?? '');

/** The local name of an XML document's root element, read past the declaration, comments and doctype. */
export function xmlRootName(content: string): string | null {
  const head = content.slice(0, 4096);
  const re = /<(\?[\s\S]*?\?>|!--[\s\S]*?-->|![A-Za-z][^>]*>|([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*))/g;
  for (let m = re.exec(head); m; m = re.exec(head)) if (m[3]) return m[3];
  return null;
}

/**
 * Which format a content string is in, judged from its first characters: `{` is ninjs JSON,
 * `<` is XML whose root element names the format (or an HTML fragment of a story's paragraphs,
 * read as plain text), SYN or SOH is a framed wire message (IPTC 7901
 * when its header's priority is a digit, else ANPA-1312), anything else is plain text. XML with
 * an unknown root is an `UnreadableArticleError`.
 */
export function detectFormat(content: string): Format {
  if (isFramed(content)) {
    const soh = content.indexOf(SOH);
    const header = content.slice(soh + 1, soh + 200).split(/[\r\n\u0002]/, 1)[0]!;
    return IPTC7901_HEADER.test(header) ? 'iptc7901' : 'anpa';
  }
  const start = content.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'ninjs';
  if (start.startsWith('<')) {
    const root = xmlRootName(start);
    const format = root ? XML_ROOTS[root] : undefined;
    if (format) return format;
    // A story body given as an HTML fragment (a CMS export, a scraped article's paragraphs) is
    // plain text once its markup is read; a whole page, with its navigation and scripts, is not a story.
    if (isHtmlFragment(start)) return 'text';
    if (root && /^html$/i.test(root)) throw new UnreadableArticleError('the content is an HTML page, not a wire story in a feed format');
    throw new UnreadableArticleError(
      root ? `XML with root element <${root}> is none of NITF, NewsML-G2, RSS or Atom` : 'the content starts with "<" but no XML element follows',
    );
  }
  return 'text';
}

/**
 * Reads a raw article's content in its declared format, or the detected one for `auto`. The
 * language is the feed's tag, else detected from the text (`und` when unsure).
 */
export function readArticle(content: string, format: Format | 'auto' = 'auto'): ParsedArticle {
  if (typeof content !== 'string') throw new UnreadableArticleError('the content is not a string');
  const chosen = format === 'auto' ? detectFormat(content) : format;
  const reader = READERS[chosen];
  if (!reader) throw new UnreadableArticleError(`the ${String(chosen)} format is not supported`);
  // UTF-8 once read as windows-1252 (`â€œ`), invisible characters that split words and Windows
  // line ends are mended before any reader sees them: markup is ASCII, so only the words change.
  const body = withPlainLineEndsAndNoInvisibles(withoutMojibake(content));
  try {
    const text = chosen === 'text' && isHtmlFragment(body) ? htmlToText(body) : body;
    const parsed = reader(chosen === 'text' ? text : body.trim());
    // The feed's own language tag wins; otherwise the text's, `und` when unsure (for a pending
    // plain-text lead, once `settleLead` knows which text is the story).
    if (!parsed.lead) parsed.language ??= detectLanguage(parsed.text);
    return parsed;
  } catch (err) {
    if (err instanceof UnreadableArticleError) throw err;
    throw new UnreadableArticleError(`${chosen}: ${(err as Error).message}`, { cause: err });
  }
}
