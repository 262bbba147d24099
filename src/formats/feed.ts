import { UnreadableArticleError } from '../errors.ts';
import { feedPiecesChecked } from './feed-pieces.ts';
import { htmlToText, looksLikeHtml, plainToText, xmlToText } from './html.ts';
import { cleanByline, cleanText, isoDateTime, languageOf, versionFromHeadline } from './meta.ts';
import { emptyParsedArticle, type ParsedArticle } from './parsed.ts';
import { child, childrenNamed, parseXml, textOf, type XmlNode } from './xml.ts';

/**
 * RSS 2.0 (`channel/item`: title, description or content:encoded, pubDate, guid, author or
 * dc:creator) and Atom (`feed/entry` or a lone `entry`: title, content or summary, updated or
 * published, id, author/name). A feed holds many stories: `readFeed` returns them all,
 * `readArticle` the first.
 */
export function readFeed(content: string): ParsedArticle[] {
  let root: XmlNode;
  try {
    root = parseXml(content, 'RSS/Atom');
  } catch (err) {
    // Not well-formed as a whole: each item on its own (`feedPieces`), the broken ones left out.
    const items = (feedPiecesChecked(content)?.read ?? []).flatMap((piece) => {
      try {
        return readFeedRoot(parseXml(piece.xml, 'RSS/Atom'));
      } catch {
        return [];
      }
    });
    if (!items.length) throw err;
    return items;
  }
  return readFeedRoot(root);
}

/** An item that cannot be read is left out, unless none can: then the first one's reason is the feed's. */
function readable<T>(nodes: T[], read: (node: T) => ParsedArticle): ParsedArticle[] {
  const out: ParsedArticle[] = [];
  let first: unknown = null;
  for (const node of nodes) {
    try {
      out.push(read(node));
    } catch (err) {
      first ??= err;
    }
  }
  if (!out.length && first) throw first;
  return out;
}

function readFeedRoot(root: XmlNode): ParsedArticle[] {
  let items: ParsedArticle[];
  if (root.name === 'rss' || root.name === 'RDF') {
    const channel = child(root, 'channel');
    const nodes = [...childrenNamed(channel, 'item'), ...childrenNamed(root, 'item')];
    const language = languageOf(textOf(child(channel, 'language')));
    const credit = cleanText(textOf(child(channel, 'title')));
    items = readable(nodes, (n) => rssItem(n, language, credit));
  } else if (root.name === 'feed') {
    const language = languageOf(root.attrs.lang);
    const credit = cleanText(textOf(child(child(root, 'author'), 'name'))) ?? cleanText(textOf(child(root, 'title')));
    items = readable(childrenNamed(root, 'entry'), (n) => atomEntry(n, language, credit));
  } else if (root.name === 'entry') {
    items = [atomEntry(root, languageOf(root.attrs.lang), null)];
  } else {
    throw new UnreadableArticleError(`RSS/Atom: the root element is <${root.name}>, not <rss> or <feed>`);
  }
  return items;
}

export function readFeedItem(content: string): ParsedArticle {
  const items = readFeed(content);
  const first = items[0];
  if (!first) throw new UnreadableArticleError('RSS/Atom: the feed has no items');
  return first;
}

function fromMarkup(node: XmlNode | null): string {
  if (!node) return '';
  const raw = node.children.filter((c): c is string => typeof c === 'string').join('');
  const elements = node.children.some((c) => typeof c !== 'string');
  if (elements) return xmlToText(node.children);
  return htmlToText(raw);
}

function rssItem(item: XmlNode, language: string | null, channelTitle: string | null): ParsedArticle {
  const text = fromMarkup(child(item, 'encoded')) || fromMarkup(child(item, 'description'));
  // An item with only a title and a link is a headline-only story.
  if (!text && !cleanText(textOf(child(item, 'title')))) throw new UnreadableArticleError('RSS: an <item> has neither <description> nor <content:encoded>, nor a <title>');
  const parsed = emptyParsedArticle('rss', text);
  parsed.sourceId = cleanText(textOf(child(item, 'guid'))) ?? cleanText(textOf(child(item, 'link')));
  parsed.headline = titleOf(child(item, 'title'));
  parsed.byline = cleanByline(textOf(child(item, 'creator')) ?? authorName(textOf(child(item, 'author'))));
  parsed.credit = cleanText(textOf(child(item, 'source'))) ?? channelTitle;
  parsed.publishedAt = isoDateTime(textOf(child(item, 'pubDate'))) ?? isoDateTime(textOf(child(item, 'date')));
  parsed.language = language;
  parsed.version = versionFromHeadline(parsed.headline);
  return parsed;
}

function atomEntry(entry: XmlNode, language: string | null, feedCredit: string | null): ParsedArticle {
  const contentNode = child(entry, 'content') ?? child(entry, 'summary');
  const type = contentNode?.attrs.type ?? 'text';
  const raw = (contentNode?.children ?? []).filter((c): c is string => typeof c === 'string').join('');
  const text = !contentNode ? '' : type === 'xhtml' || /html/.test(type) ? fromMarkup(contentNode) : plainToText(raw);
  if (!text && !cleanText(textOf(child(entry, 'title')))) throw new UnreadableArticleError('Atom: an <entry> has neither <content> nor <summary>, nor a <title>');
  const parsed = emptyParsedArticle('rss', text);
  parsed.sourceId = cleanText(textOf(child(entry, 'id')));
  parsed.headline = titleOf(child(entry, 'title'));
  parsed.byline = cleanByline(childrenNamed(entry, 'author').map((a) => textOf(child(a, 'name'))).filter(Boolean).join(', ') || null);
  parsed.credit = feedCredit;
  parsed.publishedAt = isoDateTime(textOf(child(entry, 'published'))) ?? isoDateTime(textOf(child(entry, 'updated')));
  parsed.language = languageOf(entry.attrs.lang) ?? language;
  parsed.version = versionFromHeadline(parsed.headline);
  return parsed;
}

/** A title as text: Atom `type="html"` and titles carrying escaped markup lose their tags. */
function titleOf(node: XmlNode | null): string | null {
  const text = textOf(node);
  if (!text) return null;
  return cleanText(/html/.test(node?.attrs.type ?? '') || looksLikeHtml(text) ? htmlToText(text) : text);
}

/** RSS 2.0 `<author>` is an e-mail address, often with the name in brackets: `desk@example.com (Jane Roe)` → `Jane Roe`. */
function authorName(value: string | null): string | null {
  if (!value) return null;
  const named = /^\S+@\S+\s*\((.+)\)\s*$/.exec(value);
  if (named) return named[1]!;
  return /^\S+@\S+$/.test(value.trim()) ? null : value;
}
