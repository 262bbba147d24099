import type { ParsedArticle } from './parsed.ts';

/** Normalisers for the metadata every format carries in its own way. */

/**
 * Any date-time a feed writes (ISO 8601, its basic form `20210826T101500Z` as in NITF, RFC 822
 * as in RSS) as an ISO string in UTC; null when it cannot be read. A date alone is midnight UTC.
 */
export function isoDateTime(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  let s = String(value).trim();
  if (!s) return null;
  // Basic ISO 8601: 20210826, 20210826T1015, 20210826T101500Z, 20210826T101500+0100
  const basic = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  if (basic) {
    const [, y, mo, d, h = '00', mi = '00', sec = '00', zone = 'Z'] = basic;
    s = `${y}-${mo}-${d}T${h}:${mi}:${sec}${zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2')}`;
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    s = `${s}T00:00:00Z`;
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) {
    s = `${s}Z`; // no zone given: taken as UTC
  }
  const t = Date.parse(s);
  if (!Number.isFinite(t)) return null;
  const year = new Date(t).getUTCFullYear();
  if (year < 1900 || year > 2200) return null;
  return new Date(t).toISOString();
}

/** An urgency 1–9 (1 most urgent), from a number or a string such as `4` or `urg:4`. */
export function urgencyOf(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const m = /(\d+)\s*$/.exec(String(value).trim());
  const n = m ? Number(m[1]) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 9 ? n : null;
}

/** `usable`, `canceled` or `withheld` from the feeds' spellings (`stat:canceled`, `cancelled`, `embargoed` …). */
export function pubStatusOf(value: unknown): ParsedArticle['pubStatus'] {
  const s = String(value ?? '').toLowerCase().replace(/^.*:/, '').trim();
  if (/^cancel+ed$|^kill(ed)?$|^deleted?$|^withdrawn$/.test(s)) return 'canceled';
  if (/^withheld$|^held$|^on-?hold$/.test(s)) return 'withheld';
  return 'usable';
}

/** A positive integer version (`3`, `"3"`, `v3`), else null. */
export function versionOf(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const m = /(\d+)/.exec(String(value));
  const n = m ? Number(m[1]) : NaN;
  return Number.isInteger(n) && n >= 1 && n < 1_000_000 ? n : null;
}

/** `UPDATE 2-Headline` (Reuters), `UPDATE 2: …`: the story's third version. */
export function versionFromHeadline(headline: string | null): number | null {
  const m = headline ? /^\s*(?:UPDATE|REFILE-UPDATE|CORRECTED-UPDATE)\s*(\d+)\s*[-:]/i.exec(headline) : null;
  return m ? Number(m[1]) + 1 : null;
}

/** A language tag as `en`, `pt-BR` …; null when it is not one. */
export function languageOf(value: unknown): string | null {
  const s = String(value ?? '').trim().replace(/_/g, '-');
  if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(s)) return null;
  const [lang, ...rest] = s.split('-');
  return [lang!.toLowerCase(), ...rest.map((r) => (r.length === 2 ? r.toUpperCase() : r))].join('-');
}

const AGENCY_SUFFIX = /\s*[,(/–—-]\s*(?:the\s+)?(?:Associated Press|AP|Reuters|AFP|Agence France-Presse|Bloomberg(?: News)?|dpa|Xinhua|UPI|PTI|IANS|ANI|Kyodo|Yonhap|EFE|ANSA|TASS)\)?\s*$/i;

/**
 * A byline as people read it: `By` gone, an agency after the names gone, several authors
 * joined with `, ` (`By JANE DOE and JOHN ROE, Reuters` → `Jane Doe, John Roe`).
 */
export function cleanByline(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  let s = value.replace(/\s+/g, ' ').trim().replace(/^by[:\s]+/i, '');
  s = s.replace(AGENCY_SUFFIX, '').trim();
  if (!s || s.length > 300) return null;
  const names = s
    .split(/\s*(?:,|;|&|\band\b|\bund\b|\by\b|\bet\b)\s*/i)
    .map((n) => n.replace(/^by\s+/i, '').trim())
    .filter(Boolean)
    .map((n) => (n === n.toUpperCase() && /\p{Lu}{2}/u.test(n) ? n.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_m, p: string, c: string) => p + c.toUpperCase()) : n));
  return names.length ? names.join(', ') : null;
}

/** A headline with its spaces tidied; null when empty. */
export function cleanText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const s = value.replace(/\s+/g, ' ').trim();
  return s || null;
}
