import { UnreadableArticleError } from '../errors.ts';
import { htmlToText, looksLikeHtml, plainToText } from './html.ts';
import { cleanByline, cleanText, isoDateTime, languageOf, pubStatusOf, urgencyOf, versionOf } from './meta.ts';
import { nitfFromNode } from './nitf.ts';
import { emptyParsedArticle, type ParsedArticle } from './parsed.ts';
import { parseXml } from './xml.ts';

/**
 * IPTC ninjs 1.x (`headline`, `byline`, `body_text` / `body_html`, `located`), 2.x (`headlines[]`,
 * `by`, `bodies[]` with roles and `contenttype`, `altids`) and 3.0 (the same in camel case:
 * `versionCreated`, `pubStatus`, `contentType`). Keys are matched without regard to case, so
 * every generation reads alike. The item may come bare, in a list, or inside a distributor's
 * envelope (`{"data": {"item": …}}`, `{"data": …}`, `{"item": …}`, `{"items": […]}`).
 */

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);

/** An object's keys in lower case (`versionCreated` → `versioncreated`), first spelling winning. */
function lower(obj: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = k.toLowerCase();
    if (!(key in out)) out[key] = v;
  }
  return out;
}

const CONTENT_KEYS = ['headline', 'headlines', 'body_text', 'body_html', 'body_xhtml', 'bodies'];
const ID_KEYS = ['uri', 'guid', 'versioncreated', 'firstcreated'];
const ENVELOPE_KEYS = ['data', 'item', 'items', 'result', 'results', 'story', 'article', 'ninjs', 'document', 'doc', '_source', 'hits'];

/** The ninjs item in what was sent: the value itself, the first item of a list, or an envelope's item. */
function findItem(value: unknown, depth = 0): Json | null {
  if (depth > 6) return null;
  if (Array.isArray(value)) {
    for (const v of value) {
      const found = findItem(v, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (!isObj(value)) return null;
  const doc = lower(value);
  if (CONTENT_KEYS.some((k) => k in doc)) return doc;
  // An envelope may carry its own uri or dates: its inner item wins over it.
  for (const key of ENVELOPE_KEYS) {
    const found = key in doc ? findItem(doc[key], depth + 1) : null;
    if (found) return found;
  }
  return ID_KEYS.some((k) => k in doc) ? doc : null;
}

const entries = (list: unknown): Json[] => (Array.isArray(list) ? list.filter(isObj).map(lower) : []);

const SECONDARY_ROLE = /summary|teaser|abstract|lead|intro|short|preview|sub|kicker|caption|alt|seo|social/i;

/** The main entry of a 2.x/3.0 list (`headlines`, `bodies`): role `main` or none, else one not secondary, else the first. */
function main(list: unknown): Json | null {
  const items = entries(list).filter((i) => str(i.value));
  const role = (i: Json) => String(i.role ?? '');
  return (
    items.find((i) => !role(i) || /main|body|default|full|text/i.test(role(i)) && !SECONDARY_ROLE.test(role(i))) ??
    items.find((i) => !SECONDARY_ROLE.test(role(i))) ??
    items[0] ??
    null
  );
}

/** A body value as text, by its content type: NITF, HTML/XHTML, or plain text. */
function textOfValue(value: string, contentType: unknown): string {
  const type = String(contentType ?? '');
  if (/nitf/i.test(type) || /^\s*(?:<\?xml[^>]*>\s*)?<nitf[\s>]/.test(value)) {
    try {
      return nitfFromNode(parseXml(value, 'ninjs NITF body')).text;
    } catch {
      return htmlToText(value);
    }
  }
  return /html|xml/i.test(type) || looksLikeHtml(value) ? htmlToText(value) : plainToText(value);
}

function bodyText(doc: Json): string | null {
  for (const [key, type] of [['body_html', 'text/html'], ['body_xhtml', 'application/xhtml+xml'], ['body_text', '']] as const) {
    const value = str(doc[key]);
    if (value) return textOfValue(value, type);
  }
  const body = main(doc.bodies);
  const value = str(body?.value);
  if (value) return textOfValue(value, body?.contenttype);
  const plain = str(doc.body);
  return plain ? textOfValue(plain, '') : null;
}

function headlineOf(doc: Json): string | null {
  const one = (value: unknown, type?: unknown) => {
    const s = str(value);
    return s ? cleanText(/html/i.test(String(type ?? '')) || looksLikeHtml(s) ? htmlToText(s) : s) : null;
  };
  const h = main(doc.headlines);
  return one(doc.headline) ?? one(h?.value, h?.contenttype) ?? one(doc.title);
}

function bylineOf(doc: Json): string | null {
  const by = str(doc.byline) ?? str(doc.by);
  if (by) return cleanByline(by);
  const names = [...entries(doc.bylines), ...entries(doc.authors)].map((b) => str(b.by) ?? str(b.byline) ?? str(b.name)).filter(Boolean);
  const people = entries(doc.people).filter((p) => /author|creator|byline/i.test(String(p.rel ?? p.role ?? ''))).map((p) => str(p.name));
  return cleanByline([...names, ...people].filter(Boolean).join(', ') || null);
}

function creditOf(doc: Json): string | null {
  const infosource = entries(doc.infosources)[0];
  const named = (v: unknown) => str(isObj(v) ? lower(v).name : v);
  return str(doc.copyrightholder) ?? str(infosource?.name) ?? named(doc.source) ?? named(doc.provider) ?? named(doc.distributor);
}

function locatedOf(doc: Json): string | null {
  const located = doc.located;
  if (typeof located === 'string') return cleanText(located);
  if (isObj(located)) return cleanText(lower(located).name ?? lower(located).literal);
  if (Array.isArray(located)) return cleanText(located.map((l) => (isObj(l) ? lower(l).name : l)).find((l) => typeof l === 'string'));
  const where = isObj(doc.datelinelocation) ? lower(doc.datelinelocation) : null;
  return cleanText(where?.city);
}

function sourceIdOf(doc: Json): string | null {
  const id = str(doc.uri) ?? str(doc.guid) ?? str(doc.id);
  if (id) return id;
  const altids = doc.altids;
  if (isObj(altids)) return str(lower(altids).itemid);
  return null;
}

export function readNinjs(content: string): ParsedArticle {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch (err) {
    // Several items as JSON lines: the first line is the first item.
    const first = content.split('\n', 1)[0]!;
    try {
      if (first.length === content.length) throw err;
      value = JSON.parse(first);
    } catch {
      throw new UnreadableArticleError(`ninjs: malformed JSON: ${(err as Error).message}`);
    }
  }
  const doc = findItem(value);
  if (!doc) {
    throw new UnreadableArticleError(
      isObj(value) || Array.isArray(value)
        ? 'ninjs: not a ninjs item: neither the JSON nor a data/item envelope in it has any of uri, guid, headline(s), body_text, body_html, bodies, versioncreated'
        : 'ninjs: the JSON is not an object',
    );
  }
  const text = bodyText(doc);
  const headline = headlineOf(doc);
  const pubStatus = pubStatusOf(doc.pubstatus ?? doc.status);
  // No body is still a story when the item has a headline (kept bodyless: renditions only) or is a kill notice.
  if (!text && !headline && pubStatus !== 'canceled') {
    throw new UnreadableArticleError('ninjs: the item has no body (body_text, body_html or bodies) and no headline');
  }
  const parsed = emptyParsedArticle('ninjs', text ?? '');
  parsed.sourceId = sourceIdOf(doc);
  parsed.headline = headline;
  parsed.byline = bylineOf(doc);
  parsed.credit = creditOf(doc);
  parsed.language = languageOf(doc.language);
  parsed.publishedAt = isoDateTime(doc.versioncreated) ?? isoDateTime(doc.firstcreated) ?? isoDateTime(doc.contentcreated);
  parsed.version = versionOf(doc.version);
  parsed.urgency = urgencyOf(doc.urgency) ?? urgencyOf(doc.priority);
  parsed.pubStatus = pubStatus;
  parsed.embargoedUntil = isoDateTime(doc.embargoed ?? doc.embargoeduntil);
  parsed.datelineText = locatedOf(doc);
  parsed.slugline = cleanText(doc.slugline);
  return parsed;
}
