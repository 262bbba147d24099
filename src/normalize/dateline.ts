import type { Dateline } from '../article/story.ts';
import { canonicalAgency } from './agencies.ts';
import { resolveCity } from './places.ts';

export interface DatelineSplit {
  dateline: Dateline | null;
  /** Index into the text where the body begins (after the dateline and its separator). */
  bodyStart: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// City [Region], Month Day (AGENCY):   e.g. `Moscow [Russia], August 26 (ANI):`
const CITY_FIRST =
  /^(?<city>\p{Lu}[\p{L}.' -]{0,40}?)(?:\s*\((?<sub>[^)]{1,40})\))?(?:\s*\[(?<region>[^\]]{1,40})\])?\s*,\s*(?<month>[A-Za-z]{3,9})\.?\s+(?<day>\d{1,2})\s*\((?<agency>[^)]{1,30})\)\s*(?:[:\-\u2013\u2014]+\s*)?/u;

const titleCase = (s: string) =>
  s.toLowerCase().replace(/(^|[\s\-'/])(\p{L})/gu, (_m, pre: string, ch: string) => pre + ch.toUpperCase());

/**
 * The ISO date for a month and day, the year taken from the reference date, moved back a
 * year when that would put the dateline more than a few months after the story (`Dec. 31` in a
 * story received on 2 January).
 */
export function dateFromMonthDay(month: string, day: number, referenceDate: string | null): string | null {
  const m = MONTHS.indexOf(month.slice(0, 3).toLowerCase());
  if (m < 0 || day < 1 || day > 31 || !referenceDate) return null;
  const ref = new Date(`${referenceDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(ref.getTime())) return null;
  let year = ref.getUTCFullYear();
  if (m - ref.getUTCMonth() > 6) year -= 1;
  else if (ref.getUTCMonth() - m > 6) year += 1;
  return `${year}-${String(m + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Finds the dateline at the start of a story's text and where the body begins after it. */
export function splitDateline(text: string, opts: { referenceDate: string | null }): DatelineSplit {
  const match = CITY_FIRST.exec(text);
  const g = match?.groups;
  if (!match || !g?.city || !g.month || !g.day) return { dateline: null, bodyStart: 0 };
  const city = titleCase(g.city.trim());
  const region = g.region?.trim() ?? null;
  const place = resolveCity(city, region);
  return {
    dateline: {
      raw: match[0].trim(),
      city,
      region,
      country: place?.country ?? null,
      location: place?.location ?? null,
      date: dateFromMonthDay(g.month, Number(g.day), opts.referenceDate),
      agency: canonicalAgency(g.agency) ?? g.agency?.trim() ?? null,
    },
    bodyStart: match[0].length,
  };
}
