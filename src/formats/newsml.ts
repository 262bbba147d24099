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
  const root = parseXml(content, 'NewsML');
  if (root.name === 'NewsML' || root.name === 'NewsItem') return newsml1(root);
  const item = root.name === 'newsItem' ? root : pickItem(root);
  if (!item) throw new UnreadableArticleError(`NewsML-G2: no <newsItem> inside <${root.name}>`);
  return newsItem(item);
}

/** Every element of this local name under `root`, in document order, not looking inside a match. */
function allNamed(root: XmlNode, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  const collect = (n: XmlNode) => {
    for (const c of n.children) if (typeof c !== 'string') (c.name === name ? out.push(c) : collect(c));
  };
  collect(root);
  return out;
}

/** The story of a newsMessage: the first text item with an inline body, else the first text item, else the first. */
function pickItem(root: XmlNode): XmlNode | null {
  const items = allNamed(root, 'newsItem');
  const isText = (i: XmlNode) => /text/i.test(child(i, 'itemMeta')?.children.find((c): c is XmlNode => typeof c !== 'string' && c.name === 'itemClass')?.attrs.qcode ?? 'text');
  const inline = (i: XmlNode) => find(i, 'inlineXML') || find(i, 'inlineData');
  return items.find((i) => isText(i) && inline(i)) ?? items.find(isText) ?? items[0] ?? null;
}

/** The role-less or `main` element among several (`headline`, `by` …). */
function mainOf(nodes: XmlNode[]): XmlNode | null {
  return nodes.find((n) => !n.attrs.role || /main|hld:main/i.test(n.attrs.role)) ?? nodes[0] ?? null;
}

/** The inline body, and the headline it carries itself (an embedded NITF hedline, an XHTML title). */
function bodyOf(item: XmlNode): { text: string; headline: string | null } {
  const set = child(item, 'contentSet');
  const inlineXml = childrenNamed(set, 'inlineXML');
  const xml = inlineXml.find((n) => !n.attrs.rendition || /body|default/i.test(n.attrs.rendition)) ?? inlineXml[0];
  if (xml) {
    const nitf = find(xml, 'nitf');
    if (nitf) {
      const parsed = nitfFromNode(nitf);
      return { text: parsed.text, headline: parsed.headline };
    }
    const body = find(xml, 'body') ?? xml;
    return { text: xmlToText(body.children), headline: cleanText(textOf(find(find(xml, 'head'), 'title'))) };
  }
  const data = child(set, 'inlineData');
  if (data) {
    const raw = data.children.filter((c): c is string => typeof c === 'string').join('');
    return { text: /html/i.test(data.attrs.contenttype ?? '') ? htmlToText(raw) : plainToText(raw), headline: null };
  }
  return { text: '', headline: null };
}

function newsItem(item: XmlNode): ParsedArticle {
  const { text, headline: bodyHeadline } = bodyOf(item);
  const itemMeta = child(item, 'itemMeta');
  const contentMeta = child(item, 'contentMeta');
  // Remote content or a kill notice: no inline body, still a story (bodyless, or the notice).
  const status = child(itemMeta, 'pubStatus');
  const pubStatus = pubStatusOf(status?.attrs.qcode ?? status?.attrs.uri ?? textOf(status));
  const headline = cleanText(textOf(mainOf(childrenNamed(contentMeta, 'headline')))) ?? cleanText(textOf(child(itemMeta, 'title'))) ?? bodyHeadline;
  if (!text && !headline && pubStatus !== 'canceled') {
    throw new UnreadableArticleError('NewsML-G2: the newsItem has no inline body (contentSet/inlineXML or inlineData) and no headline');
  }
  const parsed = emptyParsedArticle('newsml', text);
  parsed.sourceId = item.attrs.guid ?? null;
  parsed.version = versionOf(item.attrs.version);
  parsed.headline = headline;
  parsed.version ??= versionFromHeadline(parsed.headline);
  parsed.byline = cleanByline(childrenNamed(contentMeta, 'by').map(textOf).filter(Boolean).join(', ') || null);
  const provider = child(itemMeta, 'provider');
  parsed.credit =
    cleanText(textOf(child(contentMeta, 'creditline'))) ??
    cleanText(textOf(child(provider, 'name'))) ??
    cleanText(provider?.attrs.literal) ??
    cleanText(provider?.attrs.qcode?.replace(/^.*:/, '')) ??
    null;
  parsed.publishedAt =
    isoDateTime(textOf(child(itemMeta, 'versionCreated'))) ?? isoDateTime(textOf(child(itemMeta, 'firstCreated'))) ?? isoDateTime(textOf(child(contentMeta, 'contentCreated')));
  parsed.embargoedUntil = isoDateTime(textOf(child(itemMeta, 'embargoed')));
  parsed.pubStatus = pubStatus;
  parsed.urgency = urgencyOf(textOf(child(contentMeta, 'urgency')) ?? textOf(child(itemMeta, 'urgency')));
  const lang = child(contentMeta, 'language');
  parsed.language = languageOf(lang?.attrs.tag ?? item.attrs.lang);
  const located = child(contentMeta, 'located');
  parsed.datelineText = cleanText(textOf(child(contentMeta, 'dateline'))) ?? cleanText(textOf(child(located, 'name')) ?? located?.attrs.literal);
  parsed.slugline = cleanText(textOf(child(contentMeta, 'slugline')));
  return parsed;
}

/**
 * NewsML 1.x (`NewsML/NewsItem`): `NewsManagement` for dates (ISO 8601 basic), `Status` and
 * `Urgency` as `FormalName` attributes; `NewsLines` for headline, byline, dateline and credit;
 * the body from the first `DataContent` (embedded NITF or XHTML).
 */
function newsml1(root: XmlNode): ParsedArticle {
  const item = root.name === 'NewsItem' ? root : find(root, 'NewsItem');
  if (!item) throw new UnreadableArticleError('NewsML: no <NewsItem> inside <NewsML>');
  const management = child(item, 'NewsManagement');
  const lines = find(item, 'NewsLines');
  const formal = (node: XmlNode | null) => node?.attrs.FormalName ?? textOf(node);
  const data = find(item, 'DataContent');
  const nitf = find(data, 'nitf');
  const nitfParsed = nitf ? nitfFromNode(nitf) : null;
  const text = nitfParsed?.text ?? (data ? xmlToText(data.children) : '');
  const headline = cleanText(textOf(child(lines, 'HeadLine'))) ?? nitfParsed?.headline ?? null;
  const pubStatus = pubStatusOf(formal(child(management, 'Status')));
  if (!text && !headline && pubStatus !== 'canceled') throw new UnreadableArticleError('NewsML: the NewsItem has no <DataContent> body and no <HeadLine>');
  const parsed = emptyParsedArticle('newsml', text);
  const id = find(item, 'NewsIdentifier');
  parsed.sourceId = cleanText(textOf(child(id, 'PublicIdentifier'))) ?? cleanText(textOf(child(id, 'NewsItemId')));
  parsed.headline = headline;
  parsed.byline = cleanByline(textOf(child(lines, 'ByLine'))) ?? nitfParsed?.byline ?? null;
  parsed.credit = cleanText(textOf(child(lines, 'CreditLine'))) ?? cleanText(textOf(child(id, 'ProviderId'))) ?? nitfParsed?.credit ?? null;
  parsed.publishedAt =
    isoDateTime(textOf(child(management, 'ThisRevisionCreated'))) ?? isoDateTime(textOf(child(management, 'FirstCreated'))) ?? nitfParsed?.publishedAt ?? null;
  parsed.pubStatus = pubStatus;
  parsed.urgency = urgencyOf(formal(child(management, 'Urgency'))) ?? nitfParsed?.urgency ?? null;
  parsed.version = versionOf(textOf(child(id, 'RevisionId'))) ?? versionFromHeadline(headline);
  parsed.language = languageOf(formal(find(item, 'Language'))) ?? nitfParsed?.language ?? null;
  parsed.datelineText = cleanText(textOf(child(lines, 'DateLine'))) ?? nitfParsed?.datelineText ?? null;
  return parsed;
}
