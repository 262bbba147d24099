import type { Dateline } from '../article/story.ts';
import { mapArray } from '../arrays.ts';
import { AGENCY_HOME, BARE_CREDITS, canonicalAgency, looksLikeCredit } from './agencies.ts';
import { dateAtEnd, dateAtStart, dayAtEnd, monthOf, resolveDate, type DateMatch } from './dates.ts';
import { citiesNamed, regionSenses } from './gazetteer.ts';
import { resolveCity } from './places.ts';

export { dateFromMonthDay } from './dates.ts';

export interface DatelineSplit {
  dateline: Dateline | null;
  /** Index into the text where the body begins (after the dateline, its separator and the spaces after it). */
  bodyStart: number;
}

/**
 * How a dateline is found. A dateline ends in one of three ways, tried in the order they occur
 * in the story's opening:
 *   1. an agency credit: `(AP)`, `[ANI]`, `/TASS/`, or a known credit standing bare before a
 *      separator (`SEOUL, Nov 26 AFP -`, `Tehran, IRNA --`);
 *   2. a date followed by a separator (`PORTLAND, Ore., Feb 26 -`), or a date alone
 *      (`30 November 2026 —`, then maybe a place and dash: `… -- NEW YORK --`);
 *   3. a place followed by a dash (`TORONTO —`), when the place is in capitals or known.
 * What stands before the end, on the same line, is read from the right: the date, then the
 * place (`CITY[, REGION][, REGION]`, regions also in brackets). Text glued before the city (a
 * headline, a byline) is cut off where the case changes or where a known city begins. A credit
 * first (`(ANSA) - Rome, October 11 -`, `(Bloomberg) --`) is followed by an optional place and date.
 * A date may also come before the place (`Nov. 30, 2026, WASHINGTON (UPI) --`) or after a place
 * and dash (`ROME – 30 November 2026 –`); a date wrapped onto the next line is read joined.
 *
 * Only the first `HEAD` characters are searched and every pattern is bounded, so the work does
 * not grow with the story.
 */
const HEAD = 400;

/** Separators after a dateline: dashes of every kind, `_`, `:`, `|`, EFE's `.-`, TASS's `.`. */
const SEP_AFTER_CREDIT = /^[ \t]*(?:\.?[ \t]*(?:-{1,3}|[—–_:|]+)|\.(?=\s))?\s*/;

// A separator that ends a dateline without a credit: a dash with space on either side, `--`,
// an em or en dash, `_` between spaces, or a colon.
const SEP_SEARCH = /\s*(?:-{2,3}|[—–]|(?<=\s)-(?=\s|\p{Lu}|["“])|(?<=\d)-(?!\d)|(?<=\s)_(?=\s)|:(?=\s))\s*/gu;

const CREDIT_SEARCH = /\(\s*([^()[\]\n]{1,48}?)\s*\)|\[\s*([^()[\]\n]{1,48}?)\s*\]|\/\s*([A-Za-z][A-Za-z -]{1,24}?)\s*\/(?!\w)/g;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const BARE_SEARCH = new RegExp(
  `(?<![\\p{L}\\d])(?:${BARE_CREDITS.map(escapeRe).join('|')})(?![\\p{L}\\d])(?=[ \\t]*(?:-{1,3}|[—–_:]|\\.\\s))`,
  'gu',
);

const CONNECTORS = new Set([
  'de', 'da', 'do', 'dos', 'das', 'del', 'della', 'di', 'du', 'des', 'la', 'le', 'les', 'el', 'al', 'ul', 'of', 'on',
  'upon', 'the', 'am', 'an', 'im', 'der', 'den', 'y', 'e', 'sur', 'en', 'op', 'aan', 'and', 'es', 'bin', 'bei', 'ob',
]);

const OPENERS = new Set([
  'the', 'a', 'an', 'for', 'in', 'on', 'at', 'by', 'it', 'he', 'she', 'we', 'they', 'this', 'that', 'these', 'those',
  'last', 'next', 'when', 'after', 'before', 'during', 'since', 'until', 'from', 'to', 'as', 'if', 'but', 'and', 'or',
  'note', 'sales', 'net', 'total', 'shr', 'shares', 'revs', 'pay', 'record', 'qtly', 'div', 'also', 'its', 'his', 'her',
]);

const titleCase = (s: string) =>
  s.toLowerCase().replace(/(^|[\s\-'’/(.])(\p{L})/gu, (_m, pre: string, ch: string) => pre + ch.toUpperCase())
    .replace(/(\s)(De|Da|Do|Dos|Das|Del|Della|Di|Du|Des|La|Le|Les|El|Al|Of|On|Upon|The|Am|Der|Sur|En|Es)(?=\s)/g,
      (_m, sp: string, w: string) => sp + w.toLowerCase());

/**
 * A city as written, proper-cased when the dateline writes it all in one case: the gazetteer's
 * spelling when it is the same letters (`COEUR D'ALENE` → `Coeur d'Alene`), else title case.
 */
function properCity(s: string): string {
  if (s !== s.toUpperCase() && s !== s.toLowerCase()) return s;
  const lower = s.toLowerCase();
  const same = citiesNamed(s).find((row) => row.name.toLowerCase() === lower);
  return same ? same.name : titleCase(s);
}

const isUpperWord = (w: string) => /\p{Lu}/u.test(w) && !/\p{Ll}/u.test(w);
const isNameWord = (w: string) => /^[^\p{L}]*\p{Lu}/u.test(w) || CONNECTORS.has(w.toLowerCase()) || /^(?:d'|l'|al-|el-)/i.test(w);

const knownCity = (s: string) => citiesNamed(s).length > 0;
const knownRegion = (s: string) => regionSenses(s.replace(/^the\s+/i, '')).length > 0;
const isRegionLike = (s: string) => knownRegion(s) || /^(?:\p{Lu}\.){1,3}$|^\p{Lu}\p{Ll}{1,4}\.$/u.test(s.replace(/\s+/g, ''));

interface PlaceParse {
  /** Offset of the city (or of the first region when there is no city) in the text parsed. */
  start: number;
  city: string | null;
  regions: string[];
  /** True when the place is unmistakably a dateline's (capitals, or a known city or region). */
  strong: boolean;
}

type Glue = 'none' | 'caps' | 'any';

/**
 * The trailing part of one component that is the city: glued headline or byline text cut off.
 * Returns the offset of the city within the component, or -1 when no city can be told.
 * `caps`: glued text is cut only where capitals follow lower case (`Biden signs bill
 * WASHINGTON`); `any`: also before a known city (`Putin vows restraint Moscow`).
 */
function cityStartIn(comp: string, lowerMode: boolean, glue: Glue): number {
  const words = mapArray([...comp.matchAll(/\S+/g)], (m) => ({ w: m[0], i: m.index }));
  if (!words.length) return -1;
  if (lowerMode) return words.length <= 4 && (knownCity(comp.trim()) || knownRegion(comp.trim())) ? words[0]!.i : -1;
  const whole = comp.trim();
  const allNames = words.every(({ w }) => isNameWord(w)) && !/^by$/i.test(words[0]!.w);
  if (words.length <= 4 && (allNames || /^\p{Lu}/u.test(whole)) && (knownCity(whole) || knownRegion(whole))) return words[0]!.i;
  if (glue !== 'none') {
    // Capitals after lower-case text.
    let run = words.length;
    while (run > 0 && isUpperWord(words[run - 1]!.w)) run--;
    if (run < words.length && run > 0 && /\p{Ll}/u.test(words[run - 1]!.w) && words.length - run <= 5) return words[run]!.i;
  }
  if (words.length <= 4 && allNames && isUpperWord(whole)) return words[0]!.i;
  if (glue === 'any') {
    for (let k = Math.min(4, words.length - 1); k >= 1; k--) {
      const tail = words.slice(words.length - k);
      // Glue is a headline or byline: lower-case words, or at least three words (`Gaza City` is not glue).
      const rest = words.slice(0, words.length - k);
      if (rest.length < 3 && rest.every(({ w }) => isNameWord(w))) continue;
      if (!/^[^\p{L}]*\p{Lu}/u.test(tail[0]!.w)) continue;
      if (knownCity(comp.slice(tail[0]!.i).trim())) return tail[0]!.i;
    }
  }
  return words.length <= 4 && allNames ? words[0]!.i : -1;
}

/** Reads `CITY[, REGION][ (REGION)][ [REGION]]` from a string that ends where the place ends. */
function parsePlace(text: string, glue: Glue): PlaceParse | null {
  const comps: { text: string; start: number }[] = [];
  for (const m of text.matchAll(/[^,()[\]]+/g)) {
    const t = m[0].trim();
    if (t) comps.push({ text: t, start: m.index + m[0].indexOf(t) });
  }
  if (!comps.length || comps.length > 6) return null;
  const lowerMode = text === text.toLowerCase();
  // The city component: the first, unless glued text with commas stands before it, in which
  // case the last one followed only by region-like components (at most two).
  let idx = 0;
  const first = comps[0]!.text.split(/\s+/);
  const firstClean = lowerMode || (first.length <= 4 && first.every(isNameWord) && !/^by$/i.test(first[0]!));
  if (!firstClean || comps.length > 3) {
    if (glue === 'none') return null;
    idx = comps.length - 1;
    while (idx > 0 && comps.length - 1 - idx < 2 && isRegionLike(comps[idx]!.text)) idx--;
  }
  const comp = comps[idx]!;
  let cityText = comp.text;
  let start = comp.start;
  // Leading rubbish (`****LONDON`).
  const lead = /^[^\p{L}]+/u.exec(cityText);
  if (lead) { cityText = cityText.slice(lead[0].length); start += lead[0].length; }
  const at = cityStartIn(cityText, lowerMode, glue);
  if (at < 0) return null;
  cityText = cityText.slice(at).trim();
  start += at;
  // A full stop closing the city is punctuation, not part of the name (`MOSCOW. /TASS/`).
  if (/\p{L}{3}\.$/u.test(cityText) && !/\./.test(cityText.slice(0, -1))) cityText = cityText.slice(0, -1);
  if (!cityText || cityText.length > 48 || !/[\p{L}.]$/u.test(cityText)) return null;
  // Sentence openers and connectors do not make a city (`For the March 1-28 period`).
  const cityWords = cityText.split(/\s+/);
  if (!knownCity(cityText) && (OPENERS.has(cityWords[0]!.toLowerCase()) || CONNECTORS.has(cityWords.at(-1)!.toLowerCase()))) return null;
  const regions = mapArray(comps.slice(idx + 1), (c) => c.text);
  if (regions.length > 3 || regions.some((r) => r.length > 48 || r.split(/\s+/).length > 5)) return null;
  if (!lowerMode && !cityText.split(/\s+/).every(isNameWord) && !knownCity(cityText)) return null;
  const letters = cityText.replace(/[^\p{L}]/gu, '');
  const strong = (letters.length >= 3 && isUpperWord(letters)) || knownCity(cityText) || regions.some(knownRegion);
  return { start, city: cityText, regions, strong };
}

interface Found {
  start: number;
  end: number;
  bodyStart: number;
  city: string | null;
  regions: string[];
  date: DateMatch | null;
  agency: string | null;
}

interface PlaceDate {
  start: number;
  city: string | null;
  regions: string[];
  date: DateMatch | null;
  strong: boolean;
}

/** Place and date read from the text before a dateline's end (`offset`: where that text starts). */
function readPlaceDate(before: string, offset: number, glue: Glue, dayAlone = false): PlaceDate | null {
  const trimmed = before.replace(/[\s,]+$/u, '');
  if (!trimmed.trim()) return null;
  const lead = trimmed.length - trimmed.trimStart().length;
  // `Nov. 30, 2026, WASHINGTON`, `30 November 2026, LONDON`: the date before the place.
  const first = dateAtStart(trimmed.slice(lead));
  if (first && /^\s*,\s*\S/.test(trimmed.slice(lead + first.end))) {
    const rest = trimmed.slice(lead + first.end).replace(/^\s*,\s*/, '');
    const place = dateAtEnd(rest) ? null : parsePlace(rest, 'none');
    if (place?.city) return { start: offset + lead, city: place.city, regions: place.regions, date: { ...first, start: lead }, strong: place.strong };
  }
  const date = dateAtEnd(trimmed) ?? (dayAlone ? dayAtEnd(trimmed) : null);
  const placeText = (date ? trimmed.slice(0, date.start) : trimmed).replace(/[\s,]+$/u, '');
  if (!placeText.trim()) {
    if (!date) return null;
    return { start: offset + date.start, city: null, regions: [], date, strong: date.month !== null };
  }
  const place = parsePlace(placeText, glue);
  if (!place) return null;
  return { start: offset + place.start, city: place.city, regions: place.regions, date, strong: place.strong };
}

const lineStartOf = (head: string, at: number) => head.lastIndexOf('\n', at - 1) + 1;

/** Lines before the dateline are allowed when few and short (a headline and a byline). */
function precedingOk(head: string, lineStart: number) {
  if (lineStart === 0) return true;
  const before = head.slice(0, lineStart).trim();
  return before.length <= 250 && before.split(/\n+/).length <= 3;
}

function creditText(m: RegExpExecArray): string {
  return (m[1] ?? m[2] ?? m[3] ?? '').trim();
}

function agencyFromCredit(text: string): string | null {
  const known = canonicalAgency(text);
  if (known) return known;
  if (looksLikeCredit(text) && !knownRegion(text) && !knownCity(text)) return text.trim();
  return null;
}

/** A dateline with no credit ending at the separator found at `sep`, or null. */
function fromSeparator(head: string, sep: RegExpExecArray, base: number, strict: boolean): Found | null {
  const lineStart = Math.max(base, lineStartOf(head, sep.index));
  if (!precedingOk(head.slice(base), lineStart - base)) return null;
  const before = head.slice(lineStart, sep.index);
  if (before.length > 200) return null;
  const got = readPlaceDate(before, lineStart, strict ? 'none' : 'caps');
  if (!got) return null;
  const hasDay = got.date !== null && got.date.month !== null;
  // A date alone before the separator (`30 November 2026 —`, `MONDAY, NOV 30 —`, `2026-11-30 —`).
  if (!got.city) {
    // A hyphen glued to a word, or a second date after the dash, is a range (`June 15-July 15`), not a dateline.
    if (!hasDay || sep[0].includes(':') || !/[\s—–]|--/.test(sep[0]) || dateAtStart(head.slice(sep.index + sep[0].length))) return null;
    return { start: got.start, end: sep.index + sep[0].trimEnd().length, bodyStart: sep.index + sep[0].length, city: null, regions: [], date: got.date, agency: null };
  }
  // Without a date (or with a weekday only) the place must be one the gazetteer knows; with a colon, in capitals too.
  if (!hasDay && !(knownCity(got.city) || got.regions.some(knownRegion))) return null;
  // A title-case place with neither date nor credit must be a sizeable city (`Sales -` is a table row).
  if (!hasDay && !isUpperWord(got.city) && !got.regions.length && (citiesNamed(got.city)[0]?.population ?? 0) < 100_000) return null;
  // `NEW DELHI: …` anywhere it would be found; `New Delhi: …` only opening the text, and a big city.
  if (sep[0].includes(':') && !hasDay && !isUpperWord(got.city ?? '')) {
    const big = (citiesNamed(got.city ?? '')[0]?.population ?? 0) >= 100_000;
    if (!big || head.slice(base, got.start).trim()) return null;
  }
  if (!got.city && !hasDay) return null;
  return {
    start: got.start,
    end: sep.index + sep[0].trimEnd().length,
    bodyStart: sep.index + sep[0].length,
    city: got.city,
    regions: got.regions,
    date: got.date,
    agency: null,
  };
}

function findNoCredit(head: string, base: number, strict: boolean, limit: number): Found | null {
  const re = new RegExp(SEP_SEARCH.source, SEP_SEARCH.flags);
  re.lastIndex = base;
  for (let m = re.exec(head); m && m.index < limit; m = re.exec(head)) {
    const found = fromSeparator(head, m, base, strict);
    if (found) return found;
  }
  return null;
}

/**
 * The last text asked and its answer: reading a plain-text story asks about its text twice (once
 * to settle the headline, once for the dateline itself), and the answer depends on the text
 * alone (the reference date is applied after). Found values are never changed once made.
 */
let lastText: string | null = null;
let lastFound: Found | null = null;

function findDateline(text: string): Found | null {
  if (text !== lastText) {
    lastFound = findDatelineIn(text);
    lastText = text;
  }
  return lastFound;
}

function findDatelineIn(text: string): Found | null {
  const head = text.slice(0, HEAD);
  const found = findIn(head);
  const joined = joinWrapped(head);
  if (joined === head) return found;
  const alt = findIn(joined);
  return alt && (!found || alt.start < found.start) ? alt : found;
}

/**
 * The head with a line break inside a dateline made a space (same length, so offsets hold): a
 * month then the day on the next line (`Nov.⏎30 (AP)`), or a comma then a date (`Ill.,⏎Nov. 30`).
 * Only the first lines are looked at.
 */
function joinWrapped(head: string): string {
  let out = head;
  let count = 0;
  for (const m of head.matchAll(/\r?\n/g)) {
    if (++count > 3) break;
    const before = head.slice(Math.max(0, m.index - 24), m.index).trimEnd();
    const after = head.slice(m.index + m[0].length, m.index + m[0].length + 40).trimStart();
    const word = /(\p{L}{3,10})\.?$/u.exec(before)?.[1];
    const monthThenDay = word !== undefined && monthOf(word) !== null && /^\d{1,2}(?![\d:.])/.test(after);
    const commaThenDate = before.endsWith(',') && dateAtStart(after) !== null;
    if (monthThenDay || commaThenDate) out = `${out.slice(0, m.index)}${' '.repeat(m[0].length)}${out.slice(m.index + m[0].length)}`;
  }
  return out;
}

function findIn(head: string): Found | null {
  const candidates: { index: number; end: number; agency: string; known: boolean; needDate: boolean }[] = [];
  for (const m of head.matchAll(CREDIT_SEARCH)) {
    if (m[3] !== undefined && !canonicalAgency(creditText(m))) continue;
    const agency = agencyFromCredit(creditText(m));
    if (agency) candidates.push({ index: m.index, end: m.index + m[0].length, agency, known: canonicalAgency(agency) !== null, needDate: false });
  }
  for (const m of head.matchAll(BARE_SEARCH)) {
    const agency = canonicalAgency(m[0]);
    // A bare credit closed by a full stop (`Baku, August 26, AZERTAC.`) must follow a date.
    const stop = head[m.index + m[0].length] === '.';
    if (agency) candidates.push({ index: m.index, end: m.index + m[0].length, agency, known: true, needDate: stop });
  }
  candidates.sort((a, b) => a.index - b.index);
  let noCredit = findNoCredit(head, 0, false, HEAD);
  if (noCredit && !noCredit.city) noCredit = withPlaceAfter(head, noCredit);

  // A date alone on a line of its own (`Nov 30, 2026 — 10:45 AM EST`) gives way to a credited dateline below it.
  const dateLine = noCredit && !noCredit.city ? noCredit : null;
  for (const c of candidates) {
    if (noCredit && noCredit.bodyStart <= c.index && !(dateLine && head.slice(dateLine.bodyStart, c.index).includes('\n'))) break;
    const lineStart = lineStartOf(head, c.index);
    if (!precedingOk(head, lineStart)) continue;
    const before = head.slice(lineStart, c.index);
    if (before.length > 200) continue;
    const sep = SEP_AFTER_CREDIT.exec(head.slice(c.end))!;
    const bodyStart = c.end + sep[0].length;
    const end = c.end + sep[0].trimEnd().length;
    if (!before.trim()) {
      // A credit first is bracketed, and opens the text or a paragraph (not a hard-wrapped line).
      if (!c.known || !/^[([/]/.test(head.slice(c.index)) || (lineStart > 0 && !/\n[ \t]*\n\s*$/.test(head.slice(0, lineStart)))) continue;
      // `(ANSA) - Rome, October 11 - …`, `(Bloomberg) -- …`: a place and date may follow.
      const lineEnd = head.indexOf('\n', bodyStart);
      const after = findNoCredit(head, bodyStart, true, Math.min(lineEnd < 0 ? HEAD : lineEnd, bodyStart + 80));
      if (after && after.start === bodyStart) return { ...after, start: c.index, agency: c.agency };
      return { start: c.index, end, bodyStart, city: null, regions: [], date: null, agency: c.agency };
    }
    const place = readPlaceDate(before, lineStart, c.known ? 'any' : 'caps', c.known);
    if (!place) continue;
    // A credit we do not know (`(FDIC)`) needs a dateline-like place or a date, and a separator.
    // A credit we do not know (`(FDIC)`) needs a dateline-like place or a date, and a separator
    // unless both are there (`KATHMANDU, Aug 26 (RSS) The …`).
    if (c.needDate && !place.date?.month) continue;
    const placeKnown = place.city ? knownCity(place.city) || place.regions.some(knownRegion) : false;
    if (!c.known && !(placeKnown || place.date?.month)) continue;
    if (!c.known && !sep[0].trim() && !(place.strong && place.date?.month)) continue;
    // Text glued before the place needs a place that stands out (capitals, or known).
    if (place.start > lineStart + (before.length - before.trimStart().length) && !place.strong) continue;
    // So does a dateline below the first line (hard-wrapped copy puts sentences at line starts).
    if (head.slice(0, lineStart).trim() && place.city && !place.strong) continue;
    return { start: place.start, end, bodyStart, city: place.city, regions: place.regions, date: place.date ?? dateLine?.date ?? null, agency: c.agency };
  }
  return noCredit ? withTrailingCredit(head, withDateAfter(head, noCredit)) : cityLine(head);
}

/** `Monday, November 30, 2026 -- NEW YORK -- …`: a place and dash right after a date alone belong to the dateline. */
function withPlaceAfter(head: string, found: Found): Found {
  const lineEnd = head.indexOf('\n', found.bodyStart);
  const after = findNoCredit(head, found.bodyStart, true, Math.min(lineEnd < 0 ? HEAD : lineEnd, found.bodyStart + 80));
  if (!after || after.start !== found.bodyStart || !after.city || after.date) return found;
  return { ...after, start: found.start, date: found.date };
}

/** `ROME – 30 November 2026 – …`: a date and dash right after a place alone belong to the dateline. */
function withDateAfter(head: string, found: Found): Found {
  if (found.date || !found.city) return found;
  const date = dateAtStart(head.slice(found.bodyStart, found.bodyStart + 60));
  const sep = date && /^[ \t]*(?:-{2,3}|[—–]|-(?=[ \t]))[ \t]*/.exec(head.slice(found.bodyStart + date.end));
  if (!date || !sep) return found;
  const after = found.bodyStart + date.end;
  return { ...found, date: { ...date, start: found.bodyStart }, end: after + sep[0].trimEnd().length, bodyStart: after + sep[0].length };
}

/** `ROME, AUG 26 - (ANSA) - …`: a credit right after the separator belongs to the dateline. */
function withTrailingCredit(head: string, found: Found): Found {
  const m = /^\(\s*([^()\n]{2,30}?)\s*\)/.exec(head.slice(found.bodyStart));
  const agency = m ? canonicalAgency(m[1]) : null;
  if (!m || !agency) return found;
  const after = found.bodyStart + m[0].length;
  const sep = SEP_AFTER_CREDIT.exec(head.slice(after))!;
  return { ...found, agency, end: after + sep[0].trimEnd().length, bodyStart: after + sep[0].length };
}

/**
 * A known city in capitals alone on the first line (`ANKARA` then the story, as Anadolu and
 * some web copy set it).
 */
function cityLine(head: string): Found | null {
  const m = /^[ \t]*([\p{Lu}][\p{Lu}\p{M} .'’-]{1,30}?)[ \t]*\r?\n\s*/u.exec(head);
  if (!m) return null;
  const city = m[1]!;
  if (!isUpperWord(city) || city.split(/\s+/).length > 4 || !knownCity(city)) return null;
  const start = m[0].indexOf(city);
  return { start, end: start + city.length, bodyStart: m[0].length, city, regions: [], date: null, agency: null };
}

/** Finds the dateline at the start of a story's text and where the body begins after it. */
export function splitDateline(text: string, opts: { referenceDate: string | null }): DatelineSplit {
  const found = findDateline(text);
  if (!found) return { dateline: null, bodyStart: 0 };
  const raw = text.slice(found.start, found.end).trim().replace(/[ \t]*\r?\n[ \t]*/g, ' ');
  return { dateline: datelineOf(raw, found, opts.referenceDate), bodyStart: found.bodyStart };
}

/**
 * `DALLAS/FORT WORTH` is one place; `ISLAMABAD/KABUL` is a story filed from two: the first
 * city is the dateline's. Two cities count as one place when both resolve within 100 km.
 */
function twinOrFirst(city: string, regions: string[]): string {
  const parts = city.split(/\s*\/\s*/);
  if (parts.length < 2) return city;
  const a = resolveCity(parts[0]!, regions);
  const b = resolveCity(parts[1]!, regions);
  if (!a?.location || !b?.location) return city;
  const rad = Math.PI / 180;
  const dLat = (b.location.lat - a.location.lat) * rad;
  const dLon = (b.location.lon - a.location.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.location.lat * rad) * Math.cos(b.location.lat * rad) * Math.sin(dLon / 2) ** 2;
  const km = 12_742 * Math.asin(Math.sqrt(h));
  return km <= 100 ? city : parts[0]!;
}

function datelineOf(raw: string, found: Found, referenceDate: string | null): Dateline {
  const city = found.city ? properCity(twinOrFirst(found.city, found.regions)) : null;
  const region = found.regions[0] ?? null;
  const place = city ? resolveCity(city, found.regions, { countryHint: found.agency ? AGENCY_HOME[found.agency] : null }) : null;
  return {
    raw,
    city,
    region,
    country: place?.country ?? null,
    location: place?.location ?? null,
    date: found.date ? resolveDate(found.date, referenceDate) : null,
    agency: found.agency,
  };
}

/**
 * A dateline given on its own, as format metadata (NITF `<dateline>`, NewsML `<dateline>`):
 * `WASHINGTON, Aug. 26`, `Moscow [Russia]`. Null when it reads as no place nor date.
 */
export function parseDatelineText(text: string, opts: { referenceDate: string | null }): Dateline | null {
  const line = text.replace(/\s+/g, ' ').trim();
  if (!line || line.length > 200) return null;
  const split = splitDateline(`${line} - x`, opts);
  if (split.dateline && split.bodyStart >= line.length) return { ...split.dateline, raw: line };
  const place = readPlaceDate(line, 0, 'none');
  if (!place) return null;
  const found: Found = { start: 0, end: line.length, bodyStart: line.length, city: place.city, regions: place.regions, date: place.date, agency: null };
  return datelineOf(line, found, opts.referenceDate);
}

/**
 * The dateline of a parsed article: the one its text opens with, else the one its format gives
 * as metadata (NITF and NewsML-G2 `<dateline>`, ninjs `located`). A dateline without a credit
 * takes the article's credit when that is a known agency (a `Reuter` sign-off, a creditline).
 * `bodyStart` is 0 when the dateline came from metadata.
 */
export function splitArticleDateline(
  parsed: { text: string; datelineText: string | null; credit: string | null },
  opts: { referenceDate: string | null },
): DatelineSplit {
  const split = splitDateline(parsed.text, opts);
  const credit = canonicalAgency(parsed.credit);
  if (split.dateline) return credit && !split.dateline.agency ? { ...split, dateline: { ...split.dateline, agency: credit } } : split;
  if (!parsed.datelineText) return split;
  const meta = parseDatelineText(parsed.datelineText, opts);
  if (!meta) return split;
  return { dateline: { ...meta, agency: meta.agency ?? credit }, bodyStart: 0 };
}

/**
 * Where a dateline opens a text, with no reference date: its raw text, and whether it is
 * unmistakable (a date, or a place the gazetteer knows). What `settleLead` asks of a plain-text
 * story's first lines.
 */
export function datelineOpening(text: string): { raw: string; unmistakable: boolean } | null {
  const { dateline } = splitDateline(text, { referenceDate: null });
  return dateline ? { raw: dateline.raw, unmistakable: Boolean(dateline.country || dateline.date) } : null;
}
