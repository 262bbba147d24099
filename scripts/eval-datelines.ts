/**
 * Dateline accuracy, field by field: city, region, country, date, agency, body start.
 *   (A) labelled openings in other agencies' styles: test/fixtures/datelines/openings.jsonl
 *   (B) Reuters-21578 (`<DATELINE>` is the truth for city, region and date), from
 *       ../shared/data/reuters21578 or --reuters DIR; skipped when absent.
 * Runs readStory + splitArticleDateline directly (no CLI). Prints a table, the first misses
 * of each set, and a last JSON line. `--bar field=pct,...` exits 1 below a floor.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readStory } from '../src/pipeline.ts';
import { splitArticleDateline } from '../src/normalize/dateline.ts';
import { placeKey, regionSenses } from '../src/normalize/gazetteer.ts';
import { canonicalAgency } from '../src/normalize/agencies.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, fallback?: string) => {
  const argv = process.argv.slice(2);
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  return argv[i]!.includes('=') ? argv[i]!.split('=').slice(1).join('=') : argv[i + 1];
};

interface Expect { city?: string; region?: string | null; country?: string; month_day?: string; year?: number | string; agency?: string; body_start?: string }
interface Case { id: string; content: string; receivedAt?: string; expect: Expect }

const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const cityKey = (s: string | null | undefined) => placeKey(s ?? '');
/** Regions match when they name the same thing (`Ore.` = `Oregon`), else by key. */
function sameRegion(a: string | null | undefined, b: string | null | undefined) {
  if (!a || !b) return !a && !b;
  if (placeKey(a) === placeKey(b)) return true;
  const sa = regionSenses(a), sb = regionSenses(b);
  return sa.some((x) => sb.some((y) => x.country === y.country && x.admin1 === y.admin1));
}
const sameAgency = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && (canonicalAgency(a) ?? placeKey(a)) === (canonicalAgency(b) ?? placeKey(b));

function run(name: string, cases: Case[]) {
  const tally: Record<string, [number, number]> = {};
  const misses: string[] = [];
  for (const c of cases) {
    let dl = null as ReturnType<typeof splitArticleDateline>['dateline'];
    let body = '';
    try {
      const parsed = readStory(c.content);
      const ref = parsed.dateHint ?? parsed.publishedAt ?? c.receivedAt ?? null;
      const split = splitArticleDateline(parsed, { referenceDate: ref });
      dl = split.dateline;
      body = parsed.text.slice(split.bodyStart);
    } catch (err) {
      body = `ERROR ${(err as Error).message}`;
    }
    const e = c.expect;
    const rec = (field: string, ok: boolean, got: unknown, want: unknown) => {
      tally[field] ??= [0, 0];
      tally[field][1]++;
      if (ok) tally[field][0]++;
      else if (misses.length < 15) misses.push(`${field} ${c.id}: got ${JSON.stringify(got)} want ${JSON.stringify(want)}  | ${squash(c.content).slice(0, 70)}`);
    };
    if (e.city) rec('city', cityKey(dl?.city) === cityKey(e.city), dl?.city ?? null, e.city);
    if (e.region) rec('region', sameRegion(dl?.region, e.region), dl?.region ?? null, e.region);
    if (e.country) rec('country', (dl?.country ?? '') === e.country, dl?.country ?? null, e.country);
    if (e.month_day) rec('date', !!dl?.date && dl.date.slice(5) === e.month_day && (!e.year || dl.date.startsWith(String(e.year))), dl?.date ?? null, e.month_day);
    if (e.agency) rec('agency', sameAgency(dl?.agency, e.agency), dl?.agency ?? null, e.agency);
    if (e.body_start) rec('body', squash(body).startsWith(squash(e.body_start)), squash(body).slice(0, 30), e.body_start);
  }
  const pct = (a: number, b: number) => Math.round((1000 * a) / b) / 10;
  console.log(`\n${name}: ${cases.length} stories`);
  console.log('| field | right | of | % |\n|---|---:|---:|---:|');
  for (const [f, [a, b]] of Object.entries(tally)) console.log(`| ${f} | ${a} | ${b} | ${pct(a, b)} |`);
  for (const m of misses) console.log(`  miss ${m}`);
  return Object.fromEntries(Object.entries(tally).map(([f, [a, b]]) => [`${name}_${f}`, pct(a, b)]));
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&#\d+;/g, '');

/** Reuters-21578 records as plain-text stories with a date lead, the `<DATELINE>` as truth. */
function reutersCases(dir: string): Case[] {
  const cases: Case[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.sgm')).sort()) {
    const sgm = readFileSync(path.join(dir, f), 'latin1');
    for (const m of sgm.matchAll(/<REUTERS[^>]*NEWID="(\d+)"[^>]*>([\s\S]*?)<\/REUTERS>/g)) {
      const get = (t: string) => { const x = new RegExp(`<${t}>([\\s\\S]*?)</${t}>`).exec(m[2]!); return x ? unescape(x[1]!) : null; };
      const dateline = get('DATELINE')?.trim();
      const body = get('BODY');
      const stamp = /^\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})/.exec(get('DATE') ?? '');
      if (!dateline || !body || !stamp) continue;
      const truth = /^(.*?),(?:\s*(.*?),)?\s*([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})\b/.exec(dateline);
      const mon = truth ? MONTHS[truth[3]!.toLowerCase()] : undefined;
      if (!truth || !mon) continue;
      const sent = `${stamp[3]}-${String(MONTHS[stamp[2]!.toLowerCase()]).padStart(2, '0')}-${stamp[1]!.padStart(2, '0')}`;
      cases.push({
        id: `r${m[1]}`,
        content: `date ${sent} ${dateline} ${body}`,
        expect: { city: truth[1]!.trim(), region: truth[2]?.trim() || undefined, month_day: `${String(mon).padStart(2, '0')}-${truth[4]!.padStart(2, '0')}`, year: stamp[3], body_start: squash(body).slice(0, 30) },
      });
    }
  }
  return cases;
}

const result: Record<string, number> = {};
const openingsFile = arg('openings', path.join(ROOT, 'test/fixtures/datelines/openings.jsonl'))!;
const openings = readFileSync(openingsFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; text: string; receivedAt?: string; expect: Expect });
Object.assign(result, run('fixtures', openings.map((o) => ({ id: o.id, content: o.text, receivedAt: o.receivedAt ?? '2021-06-15T12:00:00Z', expect: o.expect }))));
const reutersDir = arg('reuters', path.join(ROOT, '../shared/data/reuters21578'))!;
if (existsSync(reutersDir)) {
  const cases = reutersCases(reutersDir);
  Object.assign(result, run('reuters', cases));
  // False datelines: the same stories from their second paragraph on, where there is none to find.
  let found = 0;
  let n = 0;
  const examples: string[] = [];
  for (const c of cases) {
    const rest = c.content.split(/\n {4}/).slice(1).join('\n    ').trim();
    if (!rest) continue;
    n++;
    const { dateline } = splitArticleDateline(readStory(rest, 'text'), { referenceDate: null });
    if (dateline) {
      found++;
      if (examples.length < 5) examples.push(`${dateline.raw} | ${squash(rest).slice(0, 60)}`);
    }
  }
  result.reuters_false_datelines = Math.round((10000 * found) / n) / 100;
  console.log(`\nfalse datelines in text without one: ${found} of ${n} (${result.reuters_false_datelines}%)`);
  for (const e of examples) console.log(`  found ${e}`);
}
else console.log(`\n(no Reuters data at ${reutersDir}: skipped)`);

const bar = arg('bar');
const short = bar
  ? bar.split(',').map((kv) => kv.split('=')).filter(([k, v]) => !((result[k!] ?? -1) >= Number(v))).map(([k, v]) => `${k} ${result[k!]} < ${v}`)
  : [];
console.log(JSON.stringify({ datelines: result, short }));
process.exit(short.length ? 1 : 0);
