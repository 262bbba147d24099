import { createHash } from 'node:crypto';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { UnreadableArticleError } from '../errors.ts';
import { feedPiecesChecked, type FeedPiece } from '../formats/feed-pieces.ts';
import { wellFormedXml } from '../formats/xml.ts';

/**
 * Splits an RSS 2.0, RSS 1.0 (RDF) or Atom feed into one small feed per item: the root and the
 * channel's (or feed's) own elements kept — title, language, namespaces, which the RSS reader
 * uses for credit and language — and exactly one item or entry. Each becomes a raw article
 * with format `rss`. The XML round-trips through fast-xml-parser in document order, with
 * entities and CDATA left exactly as they were.
 *
 * Feeds that are not quite XML are read as far as they can be: the usual slips (a bare `&`,
 * an unclosed `<br>`) are mended; a feed still malformed is cut by its text into items
 * (`feedPieces`), each read on its own, and an item that cannot be is reported in `rejected`
 * with its index and reason while the others go on.
 */

const OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
} as const;

const parser = new XMLParser(OPTIONS);
const builder = new XMLBuilder({ ...OPTIONS, suppressEmptyNode: false });

type Node = Record<string, unknown>;

export interface FeedItem {
  /** The item's position in the whole feed, from 0 (rejected items counted). */
  index: number;
  /** guid, link or Atom id; a hash of the item's XML when it has none. */
  key: string;
  /** A one-item feed, readable by `readArticle(content, 'rss')`. */
  content: string;
}

export interface SplitFeed {
  kind: 'rss' | 'rdf' | 'atom';
  title: string | null;
  items: FeedItem[];
  /** Items that could not be read, by their index in the feed (from 0), with a key (a hash of the item's text) and the reason. */
  rejected: { index: number; key: string; reason: string }[];
}

const localName = (tag: string) => tag.replace(/^.*:/, '');
const tagOf = (node: Node) => Object.keys(node).find((k) => k !== ':@') ?? '';
const childrenOf = (node: Node) => (node[tagOf(node)] as Node[] | undefined) ?? [];

function textOf(node: Node | undefined): string | null {
  if (!node) return null;
  const parts: string[] = [];
  const walk = (n: Node) => {
    for (const [k, v] of Object.entries(n)) {
      if (k === '#text') parts.push(String(v));
      else if (k !== ':@' && Array.isArray(v)) (v as Node[]).forEach(walk);
    }
  };
  childrenOf(node).forEach(walk);
  const text = parts.join('').trim();
  return text || null;
}

const childNamed = (node: Node, name: string) => childrenOf(node).find((c) => localName(tagOf(c)) === name);

function keyOf(item: Node, xml: string): string {
  for (const name of ['guid', 'id', 'link']) {
    const c = childNamed(item, name);
    const text = textOf(c) ?? (name === 'link' ? ((c?.[':@'] as Record<string, string> | undefined)?.['@_href'] ?? null) : null);
    if (text) return text;
  }
  const about = (item[':@'] as Record<string, string> | undefined)?.['@_rdf:about'];
  if (about) return about;
  return hashKey(xml);
}

const hashKey = (xml: string) => `sha1:${createHash('sha1').update(xml).digest('hex')}`;

/**
 * The items of a feed, each as its own one-item feed, and those that cannot be read. A feed
 * with no item that can be read, or with another root, is an UnreadableArticleError.
 */
export function splitFeed(xml: string): SplitFeed {
  const whole = wellFormedXml(xml);
  if ('xml' in whole) return { ...splitWellFormed(whole.xml), rejected: [] };
  const { line, col, msg } = whole.fault;
  const malformed = `feed: malformed XML at line ${line}, column ${col}: ${msg}`;
  const pieces = feedPiecesChecked(xml);
  if (!pieces) throw new UnreadableArticleError(malformed);
  const out: SplitFeed = { kind: 'rss', title: null, items: [], rejected: [] };
  const refuse = (piece: FeedPiece, reason: string) => out.rejected.push({ index: piece.index, key: hashKey(piece.xml), reason: `item ${piece.index + 1} (line ${piece.line}): ${reason}` });
  for (const piece of pieces.refused) refuse(piece, `malformed XML: ${piece.fault.msg}`);
  let read = 0;
  for (const piece of pieces.read) {
    let split: Omit<SplitFeed, 'rejected'>;
    try {
      split = splitWellFormed(piece.xml);
    } catch (err) {
      refuse(piece, (err as Error).message);
      continue;
    }
    read += 1;
    out.kind = split.kind;
    out.title ??= split.title;
    out.items.push(...split.items.map((item) => ({ ...item, index: piece.index })));
  }
  out.rejected.sort((a, b) => a.index - b.index);
  if (!read) throw new UnreadableArticleError(`${malformed}; no item of the feed can be read on its own either`);
  return out;
}

function splitWellFormed(xml: string): Omit<SplitFeed, 'rejected'> {
  const doc = parser.parse(xml) as Node[];
  const rootIndex = doc.findIndex((n) => !tagOf(n).startsWith('?') && !tagOf(n).startsWith('#'));
  const root = doc[rootIndex];
  if (!root) throw new UnreadableArticleError('feed: the XML has no root element');
  const rootTag = tagOf(root);
  const rootName = localName(rootTag);
  const prolog = doc.slice(0, rootIndex).filter((n) => tagOf(n) === '?xml');
  const rebuild = (children: Node[]) => builder.build([...prolog, { [rootTag]: children, ...(root[':@'] ? { ':@': root[':@'] } : {}) }]) as string;

  if (rootName === 'rss') {
    const channel = childNamed(root, 'channel');
    if (!channel) throw new UnreadableArticleError('RSS: no <channel>');
    const channelTag = tagOf(channel);
    const meta = childrenOf(channel).filter((c) => localName(tagOf(c)) !== 'item');
    const items = childrenOf(channel).filter((c) => localName(tagOf(c)) === 'item');
    const others = childrenOf(root).filter((c) => c !== channel);
    return {
      kind: 'rss',
      title: textOf(childNamed(channel, 'title')),
      items: items.map((item, index) => {
        const content = rebuild([...others, { [channelTag]: [...meta, item], ...(channel[':@'] ? { ':@': channel[':@'] } : {}) }]);
        return { index, key: keyOf(item, builder.build([item]) as string), content };
      }),
    };
  }
  if (rootName === 'RDF' || rootName === 'feed') {
    const itemName = rootName === 'RDF' ? 'item' : 'entry';
    const meta = childrenOf(root).filter((c) => localName(tagOf(c)) !== itemName);
    const items = childrenOf(root).filter((c) => localName(tagOf(c)) === itemName);
    const channel = rootName === 'RDF' ? childNamed(root, 'channel') : root;
    return {
      kind: rootName === 'RDF' ? 'rdf' : 'atom',
      title: channel ? textOf(childNamed(channel, 'title')) : null,
      items: items.map((item, index) => ({ index, key: keyOf(item, builder.build([item]) as string), content: rebuild([...meta, item]) })),
    };
  }
  throw new UnreadableArticleError(`feed: the root element is <${rootTag}>, not <rss>, <rdf:RDF> or <feed>`);
}
