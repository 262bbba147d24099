import { UnreadableArticleError } from '../errors.ts';
import { xmlToText } from './html.ts';
import { cleanByline, cleanText, isoDateTime, languageOf, pubStatusOf, urgencyOf, versionFromHeadline, versionOf } from './meta.ts';
import { emptyParsedArticle, type ParsedArticle } from './parsed.ts';
import { at, child, childrenNamed, find, parseXml, textOf, type XmlNode } from './xml.ts';

/** NITF 3.x: `head/docdata` for ids, dates, urgency and status; `body.head` for hedline, byline, dateline; `body.content` for the text. */
export function readNitf(content: string): ParsedArticle {
  const root = parseXml(content, 'NITF');
  return nitfFromNode(root);
}

export function nitfFromNode(root: XmlNode): ParsedArticle {
  if (root.name !== 'nitf') throw new UnreadableArticleError(`NITF: the root element is <${root.name}>, not <nitf>`);
  const head = child(root, 'head');
  const body = child(root, 'body');
  const bodyHead = child(body, 'body.head');
  const bodyContent = child(body, 'body.content');
  const docdata = child(head, 'docdata');
  const text = bodyContent ? xmlToText(bodyContent.children) : '';
  if (!text) throw new UnreadableArticleError('NITF: <body.content> is missing or empty');

  const parsed = emptyParsedArticle('nitf', text);
  const docId = child(docdata, 'doc-id');
  parsed.sourceId = docId?.attrs['id-string'] ?? root.attrs.uno ?? null;
  const hedline = child(bodyHead, 'hedline');
  parsed.headline = cleanText(textOf(child(hedline, 'hl1')) ?? textOf(hedline)) ?? cleanText(textOf(child(head, 'title')));

  // The byline without its title (`<byttl>`), several <byline> elements joined.
  const bylines = childrenNamed(bodyHead, 'byline').map((b) => {
    const withoutTitle: XmlNode = { ...b, children: b.children.filter((c) => typeof c === 'string' || c.name !== 'byttl') };
    return textOf(withoutTitle);
  });
  parsed.byline = cleanByline(bylines.filter(Boolean).join(', ') || null);

  const copyright = child(docdata, 'doc.copyright');
  const rights = child(docdata, 'doc.rights');
  parsed.credit =
    cleanText(textOf(child(bodyHead, 'distributor'))) ??
    cleanText(copyright?.attrs.holder) ??
    cleanText(rights?.attrs.provider ?? rights?.attrs.owner) ??
    cleanText(textOf(find(bodyHead, 'byttl'))) ??
    null;

  const issued = child(docdata, 'date.issue');
  const release = child(docdata, 'date.release');
  const dateline = child(bodyHead, 'dateline');
  const storyDate = find(dateline, 'story.date');
  parsed.publishedAt = isoDateTime(issued?.attrs.norm) ?? isoDateTime(storyDate?.attrs.norm) ?? isoDateTime(at(head, 'pubdata')?.attrs['date.publication']);
  const embargo = isoDateTime(release?.attrs.norm);
  const status = docdata?.attrs['management-status'];
  parsed.embargoedUntil = embargo && (!parsed.publishedAt || embargo > parsed.publishedAt || status === 'embargoed') ? embargo : null;
  parsed.pubStatus = pubStatusOf(status);
  parsed.urgency = urgencyOf(child(docdata, 'urgency')?.attrs['ed-urg']);
  parsed.version = versionOf(child(docdata, 'du-key')?.attrs.version) ?? versionFromHeadline(parsed.headline);
  parsed.language = languageOf(root.attrs.lang ?? body?.attrs.lang ?? bodyContent?.attrs.lang);
  parsed.datelineText = cleanText(textOf(dateline));
  parsed.slugline = cleanText(child(docdata, 'du-key')?.attrs.key);
  return parsed;
}
