import { createHash } from 'node:crypto';
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Format } from '../article/story.ts';
import { splitFeed } from '../feeds/split.ts';
import { isFramed, splitFramedStream } from './framing.ts';
import { detectFormat, xmlRootName } from './read.ts';

/**
 * One content string holding several stories (an RSS/Atom feed, a NewsML-G2 newsMessage, a
 * ninjs array or envelope) split into one content string per story, so that every door can
 * take the readable items and report the odd ones by index instead of failing the whole.
 */

export interface ContentItem {
  /** The item's position in its container, from 0. */
  index: number;
  /** The container's own id for the item (guid, Atom id, newsItem guid, ninjs uri), else a hash. */
  key: string;
  /** The item alone, readable by `readArticle(content, format)`. */
  content: string;
  format: Format | 'auto';
}

export interface RejectedItem {
  index: number;
  /** As for a readable item: the item's id, else a hash of its text (a polled feed remembers it by this). */
  key: string;
  reason: string;
}

export interface ItemsOf {
  /** What held the items; null when the content is one story (or unreadable as a whole), passed on as it is. */
  container: 'feed' | 'newsMessage' | 'ninjs' | 'stream' | null;
  items: ContentItem[];
  /** Items the split itself could not take out; the items that cannot be read are found by reading each. */
  rejected: RejectedItem[];
}

const hashKey = (content: string) => `sha1:${createHash('sha1').update(content).digest('hex')}`;

/**
 * The stories in one content string, in order. Content that is not a container, or whose
 * container is broken as a whole (malformed XML or JSON, no items), is one item, unchanged, so
 * the reader reports what is wrong with it as it always has. Never throws.
 */
export function itemsOf(content: string, format: Format | 'auto' = 'auto'): ItemsOf {
  const whole: ItemsOf = { container: null, items: [{ index: 0, key: hashKey(content), content, format }], rejected: [] };
  let chosen: Format;
  try {
    chosen = format === 'auto' ? detectFormat(content) : format;
  } catch {
    return whole;
  }
  const start = content.replace(/^\uFEFF/, '').trimStart();
  const root = chosen === 'rss' || chosen === 'newsml' ? xmlRootName(start) : null;
  try {
    const split =
      chosen === 'rss' && root && FEED_ROOTS.has(root)
        ? feedItemsOf(content)
        : chosen === 'newsml' && root === 'newsMessage'
          ? newsMessageItems(start)
          : chosen === 'ninjs'
            ? ninjsItems(start)
            : chosen === 'anpa' || chosen === 'iptc7901'
              ? framedItems(content, chosen)
              : null;
    return split && split.items.length + split.rejected.length > 0 ? split : whole;
  } catch {
    return whole;
  }
}

const FEED_ROOTS = new Set(['rss', 'RDF', 'feed']);

/**
 * The items of an RSS/Atom feed, each a one-item feed of format `rss`; malformed XML or a root
 * that is not a feed is an `UnreadableArticleError` (a polled feed that is not one fails its poll).
 */
export function feedItemsOf(xml: string): ItemsOf {
  const split = splitFeed(xml);
  return {
    container: 'feed',
    items: split.items.map((item) => ({ index: item.index, key: item.key, content: item.content, format: 'rss' })),
    rejected: split.rejected,
  };
}

/** Items and rejected items merged back into document order (both lists are already in order). */
export function inOrder(split: ItemsOf): (ContentItem | RejectedItem)[] {
  const out: (ContentItem | RejectedItem)[] = [];
  let r = 0;
  for (const item of split.items) {
    while (r < split.rejected.length && split.rejected[r]!.index < item.index) out.push(split.rejected[r++]!);
    out.push(item);
  }
  while (r < split.rejected.length) out.push(split.rejected[r++]!);
  return out;
}

// NewsML-G2: the XML round-trips through fast-xml-parser in document order, entities and CDATA as they were.
const XML_OPTIONS = { preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '@_', trimValues: false, parseTagValue: false, parseAttributeValue: false, processEntities: false, cdataPropName: '#cdata', commentPropName: '#comment' } as const;
const xmlParser = new XMLParser(XML_OPTIONS);
const xmlBuilder = new XMLBuilder({ ...XML_OPTIONS, suppressEmptyNode: false });

type XmlOrdered = Record<string, unknown>;
type Attrs = Record<string, string>;
const tagOf = (node: XmlOrdered) => Object.keys(node).find((k) => k !== ':@') ?? '';
const localOf = (tag: string) => tag.replace(/^.*:/, '');
const kids = (node: XmlOrdered) => {
  const value = node[tagOf(node)];
  return Array.isArray(value) ? (value as XmlOrdered[]) : [];
};
const attrsOf = (node: XmlOrdered) => (node[':@'] ?? {}) as Attrs;
const isElement = (tag: string) => tag !== '' && !tag.startsWith('#') && !tag.startsWith('?');

/** Namespace declarations among attributes, to carry down to an item taken out of its message. */
function namespacesOf(attrs: Attrs): Attrs | null {
  let out: Attrs | null = null;
  for (const [name, value] of Object.entries(attrs)) if (name === '@_xmlns' || name.startsWith('@_xmlns:')) (out ??= {})[name] = value;
  return out;
}

/** A picture, video or graphic newsItem (its itemClass says so) is not a text story: it is left out. */
function isTextItem(item: XmlOrdered): boolean {
  const meta = kids(item).find((c) => localOf(tagOf(c)) === 'itemMeta');
  const itemClass = meta && kids(meta).find((c) => localOf(tagOf(c)) === 'itemClass');
  const code = itemClass ? (attrsOf(itemClass)['@_qcode'] ?? attrsOf(itemClass)['@_uri']) : undefined;
  return code === undefined || /(^|[:/])text$/i.test(code);
}

/**
 * The text newsItems of a newsMessage, each a standalone newsItem document carrying the
 * namespace declarations of the elements around it. Index: the item's place among the message's
 * newsItems (pictures included, so it matches what a person counts in the file).
 */
function newsMessageItems(xml: string): ItemsOf | null {
  if (XMLValidator.validate(xml, { allowBooleanAttributes: true }) !== true) return null;
  const doc = xmlParser.parse(xml) as XmlOrdered[];
  const root = doc.find((n) => isElement(tagOf(n)));
  if (!root) return null;
  const prolog = doc.filter((n) => tagOf(n) === '?xml');
  const found: { node: XmlOrdered; ns: Attrs }[] = [];
  const walk = (node: XmlOrdered, ns: Attrs) => {
    for (const c of kids(node)) {
      const tag = tagOf(c);
      if (!isElement(tag)) continue;
      const own = namespacesOf(attrsOf(c));
      const here = own ? { ...ns, ...own } : ns;
      if (localOf(tag) === 'newsItem') found.push({ node: c, ns: here });
      else walk(c, here);
    }
  };
  walk(root, namespacesOf(attrsOf(root)) ?? {});
  const items: ContentItem[] = [];
  found.forEach(({ node, ns }, index) => {
    if (!isTextItem(node)) return;
    const tag = tagOf(node);
    const content = xmlBuilder.build([...prolog, { [tag]: node[tag], ':@': { ...ns, ...attrsOf(node) } }]) as string;
    items.push({ index, key: attrsOf(node)['@_guid'] ?? hashKey(content), content, format: 'newsml' });
  });
  return { container: 'newsMessage', items, rejected: [] };
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const STORY_KEYS = ['uri', 'headline', 'headlines', 'body_text', 'body_html', 'bodies'];
const isStory = (v: Json) => STORY_KEYS.some((k) => k in v);

/**
 * ninjs items: a JSON array of them, or an envelope that is not itself an item, with `items`
 * (or `data.items`), each an item or `{"item": {…}}` as some agency APIs wrap them.
 */
function ninjsItems(json: string): ItemsOf | null {
  const value: unknown = JSON.parse(json);
  let list: unknown[] | null = null;
  if (Array.isArray(value)) list = value;
  else if (isObj(value) && !isStory(value)) {
    const holder = Array.isArray(value.items) ? value : isObj(value.data) && Array.isArray(value.data.items) ? value.data : null;
    list = holder ? (holder.items as unknown[]) : null;
  }
  if (!list) return null;
  const items = list.map((entry, index): ContentItem => {
    const item = isObj(entry) && isObj(entry.item) && !isStory(entry) ? entry.item : entry;
    const content = JSON.stringify(item) ?? 'null';
    const id = isObj(item) ? [item.uri, item.guid, item.id].find((v) => typeof v === 'string' && v.trim()) : undefined;
    return { index, key: (id as string | undefined) ?? hashKey(content), content, format: 'ninjs' };
  });
  return { container: 'ninjs', items, rejected: [] };
}

/**
 * A stream of framed wire messages (ANPA-1312, IPTC 7901), split at every SOH: a story a
 * message, one with no text (no STX) rejected by its index. One message is not a container.
 */
function framedItems(content: string, format: Format): ItemsOf | null {
  if (!isFramed(content)) return null;
  const parts = splitFramedStream(content);
  if (parts.length < 2) return null;
  const out: ItemsOf = { container: 'stream', items: [], rejected: [] };
  for (const p of parts) {
    const index = p.index - 1;
    if ('error' in p) out.rejected.push({ index, key: hashKey(`${index}:${p.error}`), reason: p.error });
    else out.items.push({ index, key: hashKey(p.content), content: p.content, format });
  }
  return out;
}
