import { UnreadableArticleError } from '../errors.ts';
import { htmlToText, plainToText, xmlToText } from './html.ts';
import { cleanByline, cleanText, isoDateTime, languageOf, pubStatusOf, urgencyOf, versionFromHeadline, versionOf } from './meta.ts';
import { nitfFromNode } from './nitf.ts';
import { emptyParsedArticle, type ParsedArticle } from './parsed.ts';
import { child, childrenNamed, find, parseXml, textOf, type XmlNode } from './xml.ts';

/**
 * NewsML-G2 newsItem (alone or the first text item of a newsMessage): `itemMeta` for dates,
 * status, embargo and provider; `contentMeta` for headline, dateline, located, by, creditline,
 * urgency and language; the body from `contentSet` (inline XHTML, inline text or embedded NITF).
 */
export function readNewsml(content: string): ParsedArticle {
  const root = parseXml(content, 'NewsML-G2');
  const item = root.name === 'newsItem' ? root : pickItem(root);
  if (!item) throw new UnreadableArticleError(`NewsML-G2: no <newsItem> inside <${root.name}>`);
  return newsItem(item);
}

function pickItem(root: XmlNode): XmlNode | null {
  const items: XmlNode[] = [];
  const collect = (n: XmlNode) => {
    for (const c of n.children) if (typeof c !== 'string') (c.name === 'newsItem' ? items.push(c) : collect(c));
  };
  collect(root);
  return items.find((i) => find(i, 'inlineXML') || find(i, 'inlineData')) ?? items[0] ?? null;
}

/** The role-less or `main` element among several (`headline`, `by` …). */
function mainOf(nodes: XmlNode[]): XmlNode | null {
  return nodes.find((n) => !n.attrs.role || /main|hld:main/i.test(n.attrs.role)) ?? nodes[0] ?? null;
}

function bodyOf(item: XmlNode): string {
  const set = child(item, 'contentSet');
  const inlineXml = childrenNamed(set, 'inlineXML');
  const xml = inlineXml.find((n) => !n.attrs.rendition || /body|default/i.test(n.attrs.rendition)) ?? inlineXml[0];
  if (xml) {
    const nitf = find(xml, 'nitf');
    if (nitf) return nitfFromNode(nitf).text;
    const body = find(xml, 'body') ?? xml;
    return xmlToText(body.children);
  }
  const data = child(set, 'inlineData');
  if (data) {
    const raw = data.children.filter((c): c is string => typeof c === 'string').join('');
    return /html/i.test(data.attrs.contenttype ?? '') ? htmlToText(raw) : plainToText(raw);
  }
  return '';
}

function newsItem(item: XmlNode): ParsedArticle {
  const text = bodyOf(item);
  const itemMeta = child(item, 'itemMeta');
  const contentMeta = child(item, 'contentMeta');
  // Remote content or a kill notice: no inline body, still a story (bodyless, or the notice).
  const status = child(itemMeta, 'pubStatus');
  const headline = cleanText(textOf(mainOf(childrenNamed(contentMeta, 'headline'))));
  if (!text && !headline && pubStatusOf(status?.attrs.qcode ?? textOf(status)) !== 'canceled') {
    throw new UnreadableArticleError('NewsML-G2: the newsItem has no inline body (contentSet/inlineXML or inlineData) and no headline');
  }
  const parsed = emptyParsedArticle('newsml', text);
  parsed.sourceId = item.attrs.guid ?? null;
  parsed.version = versionOf(item.attrs.version);
  parsed.headline = cleanText(textOf(mainOf(childrenNamed(contentMeta, 'headline'))));
  parsed.version ??= versionFromHeadline(parsed.headline);
  parsed.byline = cleanByline(childrenNamed(contentMeta, 'by').map(textOf).filter(Boolean).join(', ') || null);
  const provider = child(itemMeta, 'provider');
  parsed.credit =
    cleanText(textOf(child(contentMeta, 'creditline'))) ??
    cleanText(textOf(child(provider, 'name'))) ??
    cleanText(provider?.attrs.literal) ??
    cleanText(provider?.attrs.qcode?.replace(/^.*:/, '')) ??
    null;
  parsed.publishedAt = isoDateTime(textOf(child(itemMeta, 'versionCreated'))) ?? isoDateTime(textOf(child(itemMeta, 'firstCreated')));
  parsed.embargoedUntil = isoDateTime(textOf(child(itemMeta, 'embargoed')));
  parsed.pubStatus = pubStatusOf(status?.attrs.qcode ?? textOf(status));
  parsed.urgency = urgencyOf(textOf(child(contentMeta, 'urgency')));
  const lang = child(contentMeta, 'language');
  parsed.language = languageOf(lang?.attrs.tag ?? item.attrs.lang);
  const located = child(contentMeta, 'located');
  parsed.datelineText = cleanText(textOf(child(contentMeta, 'dateline'))) ?? cleanText(textOf(child(located, 'name')) ?? located?.attrs.literal);
  parsed.slugline = cleanText(textOf(child(contentMeta, 'slugline')));
  return parsed;
}
