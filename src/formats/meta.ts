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
  } else if (/^\d{10}(?:\d{3})?$/.test(s)) {
    s = new Date(Number(s) * (s.length === 10 ? 1000 : 1)).toISOString(); // epoch seconds or milliseconds
  } else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) {
    s = `${s.replace(' ', 'T')}Z`; // no zone given: taken as UTC
  } else if (/^\d{4}-\d{2}-\d{2}[T ][\d:.]+\s*[+-]\d{2}(?::?\d{2})?$/.test(s)) {
    // `… +0000`, `…+05`: the zone joined and given minutes
    s = s.replace(/^(\S+) (?=\d)/, '$1T').replace(/\s*([+-]\d{2}):?(\d{2})?$/, (_m, h: string, m?: string) => `${h}:${m ?? '00'}`);
  } else if (/[A-Za-z]{3}/.test(s)) {
    s = rfc822Zone(s);
  }
  const t = Date.parse(s);
  if (!Number.isFinite(t)) return null;
  const year = new Date(t).getUTCFullYear();
  if (year < 1900 || year > 2200) return null;
  return new Date(t).toISOString();
}

/** Zone abbreviations seen in feeds' RFC 822 dates beyond the few the platform knows, as offsets. */
const ZONES: Record<string, string> = {
  UT: '+0000', UTC: '+0000', GMT: '+0000', Z: '+0000', WET: '+0000', WEST: '+0100', BST: '+0100', IST: '+0530',
  CET: '+0100', CEST: '+0200', MET: '+0100', MEST: '+0200', MEZ: '+0100', MESZ: '+0200', EET: '+0200', EEST: '+0300',
  MSK: '+0300', SAST: '+0200', CAT: '+0200', WAT: '+0100', EAT: '+0300', GST: '+0400', PKT: '+0500', NPT: '+0545',
  ICT: '+0700', WIB: '+0700', SGT: '+0800', HKT: '+0800', PHT: '+0800', AWST: '+0800', JST: '+0900', KST: '+0900',
  ACST: '+0930', ACDT: '+1030', AEST: '+1000', AEDT: '+1100', NZST: '+1200', NZDT: '+1300',
  EST: '-0500', EDT: '-0400', CST: '-0600', CDT: '-0500', MST: '-0700', MDT: '-0600', PST: '-0800', PDT: '-0700',
  AKST: '-0900', AKDT: '-0800', HST: '-1000', AST: '-0400', ADT: '-0300', NST: '-0330', NDT: '-0230', BRT: '-0300', ART: '-0300',
};

/** An RFC 822 date with its zone as an offset: a named zone from the table, none at all taken as UTC. */
function rfc822Zone(s: string): string {
  const named = /^(.*\d)\s*\(?([A-Za-z]{1,5})\)?$/.exec(s);
  if (named && ZONES[named[2]!.toUpperCase()]) return `${named[1]} ${ZONES[named[2]!.toUpperCase()]}`;
  return /\s\d{1,2}:\d{2}(?::\d{2})?$/.test(s) ? `${s} +0000` : s;
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
  // Any QCode prefix or scheme URI (`stat:canceled`, `…/newscodes/pubstatusg2/canceled`).
  const s = String(value ?? '').toLowerCase().trim().replace(/^.*[:/#]/, '').trim();
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
