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
  const hedline = child(bodyHead, 'hedline');
  const headline = cleanText(textOf(child(hedline, 'hl1')) ?? textOf(hedline)) ?? cleanText(textOf(child(head, 'title')));
  const pubStatus = statusOf(docdata);
  // A kill notice, or a headline whose text is elsewhere, is still a story (bodyless).
  if (!text && !headline && pubStatus !== 'canceled') throw new UnreadableArticleError('NITF: <body.content> is missing or empty, and there is no headline');

  const parsed = emptyParsedArticle('nitf', text);
  const docId = child(docdata, 'doc-id');
  parsed.sourceId = docId?.attrs['id-string'] ?? root.attrs.uno ?? null;
  parsed.headline = headline;

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
  parsed.publishedAt =
    isoDateTime(issued?.attrs.norm ?? textOf(issued)) ??
    isoDateTime(storyDate?.attrs.norm ?? textOf(storyDate)) ??
    isoDateTime(at(head, 'pubdata')?.attrs['date.publication']) ??
    isoDateTime(metaContent(head, /^(?:date|pub(?:lication)?[-_.]?date|date[-_.]?issue)$/));
  const embargo = isoDateTime(release?.attrs.norm ?? textOf(release));
  const status = docdata?.attrs['management-status'];
  parsed.embargoedUntil = embargo && (!parsed.publishedAt || embargo > parsed.publishedAt || status === 'embargoed') ? embargo : null;
  parsed.pubStatus = pubStatus;
  const urgency = child(docdata, 'urgency');
  parsed.urgency = urgencyOf(urgency?.attrs['ed-urg'] ?? textOf(urgency)) ?? urgencyOf(metaContent(head, /^(?:urgency|priority)$/));
  parsed.version = versionOf(child(docdata, 'du-key')?.attrs.version) ?? versionFromHeadline(parsed.headline);
  parsed.language = languageOf(root.attrs.lang ?? body?.attrs.lang ?? bodyContent?.attrs.lang);
  parsed.datelineText = cleanText(textOf(dateline));
  parsed.slugline = cleanText(child(docdata, 'du-key')?.attrs.key);
  return parsed;
}

const KILL = /\b(?:kill(?:ed)?|cancel+(?:ed)?|withdrawn?|eliminat(?:e|ed|ion)|delete[ds]?)\b/i;

/**
 * The status of a NITF document: `docdata@management-status` (usable, embargoed, withheld,
 * canceled), else a kill said by an editorial message (`<ed-msg msg-type="kill">`, an `info`
 * opening with KILL or WITHDRAWN) or by the document's scope (`<doc-scope scope="kill">`).
 */
function statusOf(docdata: XmlNode | null): ParsedArticle['pubStatus'] {
  const declared = pubStatusOf(docdata?.attrs['management-status']);
  if (declared !== 'usable') return declared;
  const killSaid = [
    ...childrenNamed(docdata, 'ed-msg').flatMap((m) => [m.attrs['msg-type'], /^\s*(?:mandatory\s+)?(?:kill|withdraw|eliminat|cancel)/i.test(m.attrs.info ?? textOf(m) ?? '') ? 'kill' : '']),
    ...childrenNamed(docdata, 'doc-scope').map((d) => d.attrs.scope),
  ].some((v) => KILL.test(v ?? ''));
  return killSaid ? 'canceled' : 'usable';
}

/** The `content` of the first `<meta name="…">` in the NITF head whose name matches. */
function metaContent(head: XmlNode | null, name: RegExp): string | null {
  return childrenNamed(head, 'meta').find((m) => name.test((m.attrs.name ?? '').toLowerCase()))?.attrs.content ?? null;
}
