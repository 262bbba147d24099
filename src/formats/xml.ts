import { decodeHTML } from 'entities';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { UnreadableArticleError } from '../errors.ts';

/** An XML element: local name (namespace prefix dropped), attributes, children in order. */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: (XmlNode | string)[];
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  // Entities are decoded once, by us, with the full HTML table (`&eacute;` in NITF copy).
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
});

type Ordered = Record<string, unknown>;

function convert(list: Ordered[]): (XmlNode | string)[] {
  const out: (XmlNode | string)[] = [];
  for (const item of list) {
    const attrsRaw = (item[':@'] ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(item)) {
      if (key === ':@') continue;
      if (key === '#text') {
        out.push(decodeHTML(String(value)));
        continue;
      }
      if (key.startsWith('?') || key.startsWith('!')) continue;
      const attrs: Record<string, string> = {};
      for (const [a, v] of Object.entries(attrsRaw)) attrs[a.replace(/^.*:/, '')] = decodeHTML(String(v));
      out.push({ name: key, attrs, children: Array.isArray(value) ? convert(value as Ordered[]) : [] });
    }
  }
  return out;
}

const VOID_ELEMENTS = ['br', 'hr', 'img', 'meta', 'link', 'input', 'col', 'area', 'base', 'wbr', 'param', 'source', 'embed', 'track'];
const STRAY_AMPERSAND = /&(?!(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z][\w.-]{0,31});)/g;
const STRAY_LT = /<(?![A-Za-z_/!?])/g;
const CLOSING_TAG = /<\/([A-Za-z_][\w.-]*)\s*>/g;

/**
 * The usual slips of hand-made wire XML, mended: a bare `&` (`AT&T`) escaped, a `<` that opens
 * no tag escaped, HTML void elements (`<br>`, `<img …>`) closed where the document never closes
 * them (RSS's `<link>…</link>` and `<source>…</source>` are real elements). Entities (`&nbsp;`,
 * `&eacute;`) are left for the HTML-table decoding. Each rule is one linear pass.
 */
export function repairXml(xml: string): string {
  const closed = new Set([...xml.matchAll(CLOSING_TAG)].map((m) => m[1]!.toLowerCase()));
  const open = VOID_ELEMENTS.filter((name) => !closed.has(name));
  let out = xml.replace(STRAY_AMPERSAND, '&amp;').replace(STRAY_LT, '&lt;');
  if (open.length) out = out.replace(new RegExp(`<(${open.join('|')})\\b((?:[^>"']|"[^"]*"|'[^']*')*?)\\s*/?>`, 'gi'), '<$1$2/>');
  return out;
}

/** Where and why XML is not well-formed. */
export interface XmlFault {
  line: number;
  col: number;
  msg: string;
}

/**
 * The XML itself when well-formed, else mended once (`repairXml`) when that makes it so; else
 * the fault in what was received, its line and column, with unclosed elements named.
 */
export function wellFormedXml(content: string): { xml: string } | { fault: XmlFault } {
  const check = XMLValidator.validate(content, { allowBooleanAttributes: true });
  if (check === true) return { xml: content };
  const repaired = repairXml(content);
  if (repaired !== content && XMLValidator.validate(repaired, { allowBooleanAttributes: true }) === true) return { xml: repaired };
  const { line, col } = check.err;
  const open = /^Invalid '\[(.*)\]' found/s.exec(check.err.msg);
  // The position is given once, as line and column; the parser's own `(opened in line …)` goes.
  const msg = open
    ? `element(s) never closed: ${open[1]!.replace(/[\s"]+/g, ' ').trim().split(' , ').map((n) => `<${n.trim()}>`).join(', ')}`
    : check.err.msg.replace(/\s*\(opened in line \d+, col \d+\)/, '');
  return { fault: { line, col, msg } };
}

/**
 * Parses XML with fast-xml-parser once it is well-formed (`wellFormedXml`); malformed XML is an
 * `UnreadableArticleError` that says what is wrong and at which line and column.
 */
export function parseXml(content: string, what: string): XmlNode {
  const checked = wellFormedXml(content);
  if ('fault' in checked) {
    const { line, col, msg } = checked.fault;
    throw new UnreadableArticleError(`${what}: malformed XML at line ${line}, column ${col}: ${msg}`);
  }
  content = checked.xml;
  const nodes = convert(parser.parse(content) as Ordered[]);
  const root = nodes.find((n): n is XmlNode => typeof n !== 'string');
  if (!root) throw new UnreadableArticleError(`${what}: the XML has no root element`);
  return root;
}

/** Direct children with this local name. */
export const childrenNamed = (node: XmlNode | null | undefined, name: string): XmlNode[] =>
  (node?.children ?? []).filter((c): c is XmlNode => typeof c !== 'string' && c.name === name);

export const child = (node: XmlNode | null | undefined, name: string): XmlNode | null => childrenNamed(node, name)[0] ?? null;

/** Follows a path of local names (`['head', 'docdata', 'doc-id']`). */
export function at(node: XmlNode | null | undefined, ...path: string[]): XmlNode | null {
  let cur = node ?? null;
  for (const p of path) cur = child(cur, p);
  return cur;
}

/** The first descendant with this local name, depth first. */
export function find(node: XmlNode | null | undefined, name: string): XmlNode | null {
  if (!node) return null;
  for (const c of node.children) {
    if (typeof c === 'string') continue;
    if (c.name === name) return c;
    const deep = find(c, name);
    if (deep) return deep;
  }
  return null;
}

/** All the text inside a node, spaces collapsed; null when empty. */
export function textOf(node: XmlNode | null | undefined): string | null {
  if (!node) return null;
  const parts: string[] = [];
  const walk = (n: XmlNode) => {
    for (const c of n.children) {
      if (typeof c === 'string') parts.push(c);
      else {
        walk(c);
        parts.push(' ');
      }
    }
  };
  walk(node);
  const text = parts.join('').replace(/\s+/g, ' ').replace(/\s+([,.;:)\]])/g, '$1').trim();
  return text || null;
}
