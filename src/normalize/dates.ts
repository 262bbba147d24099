/**
 * Dates as datelines write them: `Aug 26`, `Aug. 26`, `August 26th`, `26 August 2021`,
 * `26. August` (dpa), `26 de agosto de 2021` (EFE, Lusa), `26/8`, a weekday instead of a date.
 * Month names in English, French, Spanish, Portuguese, German and Italian.
 */

const MONTH_NAMES: string[][] = [
  ['january', 'janvier', 'enero', 'janeiro', 'januar', 'jänner', 'gennaio'],
  ['february', 'février', 'fevrier', 'febrero', 'fevereiro', 'februar', 'febbraio'],
  ['march', 'mars', 'marzo', 'março', 'marco', 'märz', 'marz'],
  ['april', 'avril', 'abril', 'aprile'],
  ['may', 'mai', 'mayo', 'maio', 'maggio'],
  ['june', 'juin', 'junio', 'junho', 'juni', 'giugno'],
  ['july', 'juillet', 'julio', 'julho', 'juli', 'luglio'],
  ['august', 'août', 'aout', 'agosto'],
  ['september', 'septembre', 'septiembre', 'setiembre', 'setembro', 'settembre'],
  ['october', 'octobre', 'octubre', 'outubro', 'oktober', 'ottobre'],
  ['november', 'novembre', 'noviembre', 'novembro'],
  ['december', 'décembre', 'decembre', 'diciembre', 'dezembro', 'dezember', 'dicembre'],
];

const WEEKDAYS: string[][] = [
  ['sunday', 'sun'],
  ['monday', 'mon'],
  ['tuesday', 'tue', 'tues'],
  ['wednesday', 'wed'],
  ['thursday', 'thu', 'thur', 'thurs'],
  ['friday', 'fri'],
  ['saturday', 'sat'],
];

/** 1–12 for a month name or its abbreviation (three letters at least: `Aug`, `Sept`, `Marc`), else null. */
export function monthOf(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return null;
  for (let m = 0; m < 12; m++) if (MONTH_NAMES[m]!.includes(w)) return m + 1;
  for (let m = 0; m < 12; m++) if (MONTH_NAMES[m]!.some((n) => n.startsWith(w))) return m + 1;
  return null;
}

/** 0 (Sunday) – 6 for an English weekday name or abbreviation, else null. */
export function weekdayOf(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, '');
  const i = WEEKDAYS.findIndex((names) => names.includes(w));
  return i >= 0 ? i : null;
}

export interface DateMatch {
  /** Where the date starts in the string searched. */
  start: number;
  month: number | null;
  day: number | null;
  year: number | null;
  weekday: number | null;
}

const ORD = '(?:st|nd|rd|th|\\.|º)?';
const YEAR = '(?<y>(?:1[89]|20)\\d{2})';
// Each anchored at the end of the string; the lookbehind keeps them on word boundaries.
const MONTH_DAY = new RegExp(`(?<![\\p{L}\\d])(?<m>\\p{L}{3,10})\\.?\\s*(?<d>\\d{1,2})${ORD}(?:\\s*,?\\s*${YEAR})?$`, 'u');
const DAY_MONTH = new RegExp(`(?<![\\p{L}\\d])(?<d>\\d{1,2})${ORD}\\s*(?:de\\s+)?(?<m>\\p{L}{3,10})\\.?(?:\\s*,?\\s*(?:de\\s+)?${YEAR})?$`, 'u');
const NUMERIC = /(?<![\p{L}\d])(?<d>\d{1,2})[/.](?<m>\d{1,2})(?:[/.](?<y>\d{4}))?$/u;
const ISO = /(?<![\p{L}\d])(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})$/u;
const WEEKDAY = /(?<![\p{L}\d])(?<w>\p{L}{3,9})\.?$/u;

const daysIn = (month: number, year: number | null) => new Date(Date.UTC(year ?? 2000, month, 0)).getUTCDate();

function valid(month: number | null, day: number | null, year: number | null) {
  return month !== null && day !== null && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(month, year);
}

/**
 * The date at the very end of `s` (trailing spaces, commas and dots ignored), or null.
 * A weekday before a date (`Monday, Aug 26`) is part of it.
 */
export function dateAtEnd(s: string): DateMatch | null {
  const text = s.replace(/[\s,.]+$/u, '');
  const found = dateCore(text);
  if (!found || found.weekday !== null) return found;
  const before = text.slice(0, found.start).replace(/[\s,]+$/u, '');
  const wd = WEEKDAY.exec(before);
  if (wd?.groups?.w && weekdayOf(wd.groups.w) !== null) return { ...found, start: wd.index };
  return found;
}

function dateCore(text: string): DateMatch | null {
  const year = (g: Record<string, string | undefined>) => (g.y ? Number(g.y) : null);
  for (const re of [MONTH_DAY, DAY_MONTH]) {
    const m = re.exec(text);
    const g = m?.groups;
    if (!m || !g?.m || !g.d) continue;
    const month = monthOf(g.m);
    if (month === null || !valid(month, Number(g.d), year(g))) continue;
    return { start: m.index, month, day: Number(g.d), year: year(g), weekday: null };
  }
  for (const re of [ISO, NUMERIC]) {
    const m = re.exec(text);
    const g = m?.groups;
    if (!m || !g?.m || !g.d) continue;
    if (!valid(Number(g.m), Number(g.d), year(g))) continue;
    return { start: m.index, month: Number(g.m), day: Number(g.d), year: year(g), weekday: null };
  }
  const w = WEEKDAY.exec(text);
  if (w?.groups?.w) {
    const weekday = weekdayOf(w.groups.w);
    if (weekday !== null) return { start: w.index, month: null, day: null, year: null, weekday };
  }
  return null;
}

// The same forms anchored at the start, each with an optional weekday before it.
const WEEKDAY_LEAD = '(?:(?<w>\\p{L}{3,9})\\.?,?\\s+)?';
const START_FORMS = [
  new RegExp(`^${WEEKDAY_LEAD}(?<m>\\p{L}{3,10})\\.?\\s*(?<d>\\d{1,2})${ORD}(?:\\s*,?\\s*${YEAR})?(?![\\p{L}\\d])`, 'u'),
  new RegExp(`^${WEEKDAY_LEAD}(?<d>\\d{1,2})${ORD}\\s*(?:de\\s+)?(?<m>\\p{L}{3,10})\\.?(?:\\s*,?\\s*(?:de\\s+)?${YEAR})?(?![\\p{L}\\d])`, 'u'),
  /^(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})(?![\p{L}\d])/u,
];

/**
 * A date at the very start of `s` (`Nov. 30, 2026`, `Monday 30 November`, `2026-11-30`) and
 * where it ends, or null: datelines that give the date before the place.
 */
export function dateAtStart(s: string): (DateMatch & { end: number }) | null {
  for (const re of START_FORMS) {
    const m = re.exec(s);
    const g = m?.groups;
    if (!m || !g?.m || !g.d) continue;
    const month = /^\d+$/.test(g.m) ? Number(g.m) : monthOf(g.m);
    const year = g.y ? Number(g.y) : null;
    if (month === null || !valid(month, Number(g.d), year)) continue;
    const weekday = g.w ? weekdayOf(g.w) : null;
    if (g.w && weekday === null) continue;
    return { start: 0, end: m[0].length, month, day: Number(g.d), year, weekday: null };
  }
  return null;
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

function referenceDay(referenceDate: string | null): Date | null {
  if (!referenceDate) return null;
  const ref = new Date(`${referenceDate.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(ref.getTime()) ? null : ref;
}

/** How far after the story's own date a dateline may fall into the next year (time zones, embargoed advances). */
const MAX_DAYS_AHEAD = 31;

/**
 * The ISO date for a month and day, the year taken from the reference date, moved back a year
 * when that would put the dateline more than six months after the story (`Dec. 31` in a story
 * received on 2 January). It moves forward a year only across the turn of the year, at most a
 * month ahead (`Jan. 1` in a story of 31 December): `March 3` in a story received in December
 * is last March, not next (an archive loaded today is from the past, and a dateline months in
 * the future would sort first in every newest-first search).
 */
export function dateFromMonthDay(month: string | number, day: number, referenceDate: string | null): string | null {
  const m = typeof month === 'number' ? month : monthOf(month);
  const ref = referenceDay(referenceDate);
  if (m === null || !ref || !valid(m, day, null)) return null;
  let year = ref.getUTCFullYear();
  const refMonth = ref.getUTCMonth() + 1;
  if (m - refMonth > 6) year -= 1;
  else if (refMonth - m > 6 && Date.UTC(year + 1, m - 1, day) - ref.getTime() <= MAX_DAYS_AHEAD * 86_400_000) year += 1;
  if (!valid(m, day, year)) return null;
  return iso(year, m, day);
}

/**
 * A day of the month alone after a comma at the very end of `s` (`MADRID, 30` as Europa Press
 * writes it before its credit), or null. Only a dateline with a known credit takes it.
 */
export function dayAtEnd(s: string): DateMatch | null {
  const m = /,[ \t]*(\d{1,2})[ \t]*$/.exec(s);
  const day = m ? Number(m[1]) : 0;
  return m && day >= 1 && day <= 31 ? { start: m.index + m[0].indexOf(m[1]!), month: null, day, year: null, weekday: null } : null;
}

/** The ISO date a dateline's date stands for, given the story's own date; null when it cannot say. */
export function resolveDate(d: DateMatch, referenceDate: string | null): string | null {
  if (d.month !== null && d.day !== null) {
    if (d.year !== null) return iso(d.year, d.month, d.day);
    return dateFromMonthDay(d.month, d.day, referenceDate);
  }
  if (d.day !== null && d.month === null) {
    // A day alone: this month's when not after the story's day, else last month's.
    const ref = referenceDay(referenceDate);
    if (!ref) return null;
    const back = d.day > ref.getUTCDate() ? 1 : 0;
    const month = new Date(Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth() - back, 1));
    if (!valid(month.getUTCMonth() + 1, d.day, month.getUTCFullYear())) return null;
    return iso(month.getUTCFullYear(), month.getUTCMonth() + 1, d.day);
  }
  if (d.weekday !== null) {
    // `MOSCOW, Monday`: the last such weekday on or before the story's date.
    const ref = referenceDay(referenceDate);
    if (!ref) return null;
    const back = (ref.getUTCDay() - d.weekday + 7) % 7;
    const day = new Date(ref.getTime() - back * 86_400_000);
    return iso(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate());
  }
  return null;
}
