import type { GeoPoint } from '../article/story.ts';
import { centroidOf, citiesNamed, countryName, placeKey, regionSenses, type CityRow, type RegionSense } from './gazetteer.ts';

export interface Place {
  country: string;
  location: GeoPoint | null;
}

const pointOf = (row: CityRow): GeoPoint => ({ lat: row.lat, lon: row.lon });

/** The senses of a region as written, with a leading `the` ignored (`the Netherlands`). */
function sensesOf(region: string): RegionSense[] {
  const senses = regionSenses(region);
  if (senses.length) return senses;
  const bare = region.replace(/^the\s+/i, '');
  return bare !== region ? regionSenses(bare) : [];
}

/** A sense naming a present country (not a division, not a state that no longer exists). */
const isCountry = (s: RegionSense) => s.admin1 === null && !s.historical;

/** The country a region names, when the region is a present country (position: its geographic centre). */
export function countryOf(name: string | null): Place | null {
  if (!name) return null;
  const sense = sensesOf(name).find(isCountry);
  if (!sense) return null;
  return { country: sense.country, location: centroidOf(sense.country) };
}

/**
 * A dateline city resolved to its country and position. The regions the dateline gives
 * (`Ore.`, `Lebanon`, `Uttar Pradesh`, `India` …) narrow the candidates; among those left
 * the most populous wins, unless a city at least a third as big lies in the hinted country (the home of the
 * agency that filed the story: `Kochi` from PTI is in India). A city the gazetteer does not know still gets the country its
 * region names, without a position.
 */
export function resolveCity(
  city: string,
  region: string | readonly string[] | null,
  opts: { countryHint?: string | null } = {},
): Place | null {
  const regions = (region === null ? [] : typeof region === 'string' ? [region] : region).filter(Boolean);
  // Twin cities (`DALLAS/FORT WORTH`) resolve by their first half when the whole is unknown.
  let candidates = citiesNamed(city);
  if (!candidates.length && /[/&]/.test(city)) candidates = citiesNamed(city.split(/\s*[/&]\s*/)[0]!);
  const senses = regions.flatMap(sensesOf);
  if (senses.length) {
    const fits = (row: CityRow, s: RegionSense) => row.country === s.country && (s.admin1 === null || row.admin1 === s.admin1);
    const best = candidates.find((row) => senses.some((s) => fits(row, s)));
    if (best) return { country: best.country, location: pointOf(best) };
    // Unknown city: the most specific region sense (a division, then a country) gives the
    // country; a former state (`USSR`) names no one country.
    const sense = senses.find((s) => s.admin1 !== null) ?? senses.find(isCountry);
    return sense ? { country: sense.country, location: null } : null;
  }
  // The hinted country (the agency's home) wins unless its city is tiny beside the biggest.
  const hinted = opts.countryHint ? candidates.find((row) => row.country === opts.countryHint) : undefined;
  const best = hinted && candidates[0] && hinted.population * 3 >= candidates[0].population ? hinted : candidates[0];
  if (best) return { country: best.country, location: pointOf(best) };
  // A city-state or a country standing as the dateline (`SINGAPORE`, `KUWAIT`).
  return countryOf(city);
}

export interface PlaceMatch {
  /** The canonical name (`Moskva` → `Moscow`, `U.S.` → `United States`, `USSR` → `Soviet Union`). */
  name: string;
  /** ISO 3166-1 alpha-2; null for a state that no longer exists. */
  country: string | null;
  /** A city's position, a country's geographic centre; null for regions and former states. */
  location: GeoPoint | null;
  kind: 'country' | 'city' | 'region' | 'historical';
}

const titleCaseName = (s: string) =>
  s.replace(/(^|[\s\-'/(])(\p{L})(\p{L}*)/gu, (_m, pre: string, a: string, b: string) => pre + a.toUpperCase() + b.toLowerCase());

/** A name as written, kept unless it is all one case. */
const displayName = (s: string) => (s === s.toUpperCase() || s === s.toLowerCase() ? titleCaseName(s) : s);

/** The gazetteer's name for an exonym or former name (`Bombay` → `Mumbai`), else the name as written. */
function cityName(written: string, row: CityRow): string {
  const key = placeKey(written);
  const rowKey = placeKey(row.name);
  if (rowKey === key || rowKey.startsWith(`${key} `)) return displayName(written);
  return row.name;
}

/** A city of this size or more wins over a region of the same name (`Washington`, `New York`). */
const BIG_CITY = 100_000;

/**
 * A place name as written in copy, resolved against the gazetteer; `countryHint` (the
 * dateline's country, say) breaks ties between places of the same name. Countries come first
 * (`Georgia`, positioned at their geographic centre), then states that no longer exist (no
 * country, no position: the `Soviet Union` is not Russia), then cities (big ones, or any in the
 * hinted country), then states and provinces, then any city. Null for names the gazetteer does
 * not know.
 */
export function findPlace(name: string, opts: { countryHint?: string | null } = {}): PlaceMatch | null {
  const cleaned = name.trim().replace(/^the\s+(?=\p{Lu})/u, '');
  if (!cleaned || cleaned.length > 80 || !placeKey(cleaned)) return null;
  const hint = opts.countryHint?.toUpperCase() ?? null;
  const senses = sensesOf(cleaned);
  const country = senses.find(isCountry);
  if (country) {
    return {
      name: countryName(country.country) ?? displayName(cleaned),
      country: country.country,
      location: centroidOf(country.country),
      kind: 'country',
    };
  }
  const former = senses.find((s) => s.historical);
  if (former) return { name: former.historical!, country: null, location: null, kind: 'historical' };
  const cities = citiesNamed(cleaned);
  const hinted = hint ? cities.find((c) => c.country === hint) : undefined;
  const city = hinted ?? (cities[0] && cities[0].population >= BIG_CITY ? cities[0] : undefined);
  const asCity = (row: CityRow): PlaceMatch => ({ name: cityName(cleaned, row), country: row.country, location: pointOf(row), kind: 'city' });
  if (city) return asCity(city);
  // Two-letter postal codes are regions only in datelines, not as free-standing names.
  const regions = senses.filter((s) => s.admin1 !== null && (placeKey(cleaned).length > 2 || /\./.test(cleaned)));
  const region = (hint && regions.find((s) => s.country === hint)) || regions[0];
  if (region) return { name: region.name, country: region.country, location: null, kind: 'region' };
  if (cities[0]) return asCity(cities[0]);
  return null;
}
