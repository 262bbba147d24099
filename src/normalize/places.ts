import type { GeoPoint } from '../article/story.ts';

export interface Place {
  country: string;
  location: GeoPoint | null;
}

/** Countries by name, lower case. A starting table; the gazetteer grows it. */
const COUNTRIES: Record<string, Place> = {
  russia: { country: 'RU', location: { lat: 61.52, lon: 105.32 } },
  india: { country: 'IN', location: { lat: 20.59, lon: 78.96 } },
  afghanistan: { country: 'AF', location: { lat: 33.94, lon: 67.71 } },
  china: { country: 'CN', location: { lat: 35.86, lon: 104.2 } },
  'united states': { country: 'US', location: { lat: 37.09, lon: -95.71 } },
  'united kingdom': { country: 'GB', location: { lat: 55.38, lon: -3.44 } },
  france: { country: 'FR', location: { lat: 46.23, lon: 2.21 } },
  germany: { country: 'DE', location: { lat: 51.17, lon: 10.45 } },
  japan: { country: 'JP', location: { lat: 36.2, lon: 138.25 } },
};

/** Cities by name, lower case: the country they lie in and where. */
const CITIES: Record<string, Place> = {
  moscow: { country: 'RU', location: { lat: 55.75, lon: 37.62 } },
  'new delhi': { country: 'IN', location: { lat: 28.61, lon: 77.21 } },
  kabul: { country: 'AF', location: { lat: 34.53, lon: 69.17 } },
  beijing: { country: 'CN', location: { lat: 39.9, lon: 116.41 } },
  washington: { country: 'US', location: { lat: 38.9, lon: -77.04 } },
  london: { country: 'GB', location: { lat: 51.51, lon: -0.13 } },
  paris: { country: 'FR', location: { lat: 48.86, lon: 2.35 } },
  berlin: { country: 'DE', location: { lat: 52.52, lon: 13.4 } },
  tokyo: { country: 'JP', location: { lat: 35.68, lon: 139.69 } },
};

/** The country a region names, when the region is a country. */
export function countryOf(name: string | null): Place | null {
  return name ? (COUNTRIES[name.toLowerCase()] ?? null) : null;
}

/** A dateline city resolved to its country and position; the region, when a country, wins. */
export function resolveCity(city: string, region: string | null): Place | null {
  const known = CITIES[city.toLowerCase()];
  const regionCountry = countryOf(region);
  if (known && (!regionCountry || regionCountry.country === known.country)) return known;
  return regionCountry ? { country: regionCountry.country, location: null } : null;
}

export interface PlaceMatch extends Place {
  /** The canonical name (`Moskva` → `Moscow`, `U.S.` → `United States`). */
  name: string;
  kind: 'country' | 'city' | 'region';
}

/**
 * A place name as written in copy, resolved against the gazetteer; `countryHint` (the
 * dateline's country, say) breaks ties between places of the same name.
 */
export function findPlace(name: string, _opts: { countryHint?: string | null } = {}): PlaceMatch | null {
  const key = name.toLowerCase();
  const country = COUNTRIES[key];
  if (country) return { ...country, name: titleCaseName(name), kind: 'country' };
  const city = CITIES[key];
  if (city) return { ...city, name: titleCaseName(name), kind: 'city' };
  return null;
}

const titleCaseName = (s: string) => s.replace(/\b(\p{L})(\p{L}*)/gu, (_m, a: string, b: string) => a.toUpperCase() + b.toLowerCase());
