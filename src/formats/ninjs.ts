import { UnreadableArticleError } from '../errors.ts';
import { htmlToText, looksLikeHtml, plainToText } from './html.ts';
import { cleanByline, cleanText, isoDateTime, languageOf, pubStatusOf, urgencyOf, versionOf } from './meta.ts';
import { emptyParsedArticle, type ParsedArticle } from './parsed.ts';

/**
 * IPTC ninjs, 1.x (`headline`, `byline`, `body_text` / `body_html`, `located`) and 2.x
 * (`headlines[]`, `by`, `bodies[]` with roles and content types).
 */

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);

/** The main entry of a 2.x list (`headlines`, `bodies`): the one with role `main`, else the first. */
function main(list: unknown): Json | null {
  if (!Array.isArray(list)) return null;
  const items = list.filter(isObj);
  return items.find((i) => !i.role || /main/i.test(String(i.role))) ?? items[0] ?? null;
}

function bodyText(doc: Json): string | null {
  const html = str(doc.body_html);
  if (html) return htmlToText(html);
  const text = str(doc.body_text);
  if (text) return looksLikeHtml(text) ? htmlToText(text) : plainToText(text);
  const body = main(doc.bodies);
  const value = str(body?.value);
  if (value) return /html/i.test(String(body?.contenttype ?? '')) || looksLikeHtml(value) ? htmlToText(value) : plainToText(value);
  return null;
}

function creditOf(doc: Json): string | null {
  const infosource = Array.isArray(doc.infosources) ? doc.infosources.find(isObj) : null;
  return (
    str(doc.copyrightholder) ??
    str(infosource?.name) ??
    str(isObj(doc.source) ? doc.source.name : doc.source) ??
    str(isObj(doc.provider) ? doc.provider.name : doc.provider)
  );
}

function locatedOf(doc: Json): string | null {
  const located = doc.located;
  if (typeof located === 'string') return cleanText(located);
  if (isObj(located)) return cleanText(located.name ?? located.literal);
  if (Array.isArray(located)) return cleanText(located.map((l) => (isObj(l) ? l.name : l)).find((l) => typeof l === 'string'));
  return null;
}

export function readNinjs(content: string): ParsedArticle {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch (err) {
    throw new UnreadableArticleError(`ninjs: malformed JSON: ${(err as Error).message}`);
  }
  if (Array.isArray(doc)) doc = doc.find(isObj);
  if (!isObj(doc)) throw new UnreadableArticleError('ninjs: the JSON is not an object');
  if (!('uri' in doc) && !('headline' in doc) && !('headlines' in doc) && !('body_text' in doc) && !('body_html' in doc) && !('bodies' in doc)) {
    throw new UnreadableArticleError('ninjs: the JSON object has none of uri, headline(s), body_text, body_html, bodies: not a ninjs item');
  }
  const text = bodyText(doc);
  // No body is still a story when the item has a headline (kept bodyless) or is a kill notice.
  if (!text && !cleanText(doc.headline) && !cleanText(main(doc.headlines)?.value) && pubStatusOf(doc.pubstatus) !== 'canceled') {
    throw new UnreadableArticleError('ninjs: the item has no body (body_text, body_html or bodies) and no headline');
  }
  const parsed = emptyParsedArticle('ninjs', text ?? '');
  parsed.sourceId = str(doc.uri) ?? str(doc.guid) ?? str(doc.id);
  parsed.headline = cleanText(doc.headline) ?? cleanText(main(doc.headlines)?.value);
  const by = doc.byline ?? doc.by ?? (Array.isArray(doc.bylines) ? doc.bylines.map((b) => (isObj(b) ? b.byline ?? b.name : b)).join(', ') : null);
  parsed.byline = cleanByline(by);
  parsed.credit = creditOf(doc);
  parsed.language = languageOf(doc.language);
  parsed.publishedAt = isoDateTime(doc.versioncreated) ?? isoDateTime(doc.firstcreated) ?? isoDateTime(doc.contentcreated);
  parsed.version = versionOf(doc.version);
  parsed.urgency = urgencyOf(doc.urgency);
  parsed.pubStatus = pubStatusOf(doc.pubstatus);
  parsed.embargoedUntil = isoDateTime(doc.embargoed);
  parsed.datelineText = locatedOf(doc);
  parsed.slugline = cleanText(doc.slugline);
  return parsed;
}
