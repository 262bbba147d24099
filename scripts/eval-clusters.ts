/**
 * Story-cluster accuracy: the near-duplicate test (word 5-gram MinHash, LSH band keys, an
 * estimated-similarity threshold) on pairs built from Reuters-21578 (../shared/data or
 * --reuters DIR):
 *   rewrap    the same story re-sent by a partner: another agency credit in the dateline
 *             (`(AAP/Reuters)`), no `Reuter` sign-off but the partner's own, a few words in
 *             its house style (`pct` → `per cent`, `mln` → `million`), reflowed;
 *   update    the story with paragraphs added (taken from another story of the subject),
 *             removed, or its lead rewritten;
 *   resend    the corpus's own re-sends: two stories of one day whose leads (first 30 words, as
 *             sets) overlap by 70% or more but whose bodies differ (a corrected word, a
 *             paragraph added): labelled by lead words, not by shingles;
 *   negative  two different stories of the same day sharing a topic or a place (pairs whose
 *             leads overlap like that are re-sends, not negatives);
 *   template  two stories of different days that share an LSH band key: the hard negatives, the
 *             corpus's formula stories (dividend notices, the Fed's daily market operations,
 *             debenture offerings) whose wording repeats and whose figures and names differ.
 * Pairs come from two disjoint halves: `tune` (NEWID not divisible by 4), where the threshold is
 * chosen (best F1), and `dev` (the rest), where it is reported. Prints precision and recall per
 * threshold, recall per kind, and a last JSON line. Seeded: the same pairs every run.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { reutersRecords } from '../bench/corpus.ts';
import { decodeSignature, minHashOf, similarityOf } from '../src/cluster/minhash.ts';
import { SIMILARITY_THRESHOLD } from '../src/cluster/plan.ts';
import { option, SHARED_DATA } from './args.ts';

const DIR = option('reuters', path.join(SHARED_DATA, 'reuters21578'));
const PER_SPLIT = Number(option('stories', '2000'));
if (!existsSync(DIR)) {
  console.error(`no Reuters-21578 at ${DIR} (--reuters DIR)`);
  process.exit(2);
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&#\d+;/g, '');
const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

interface Story {
  id: number;
  day: string;
  topics: string[];
  places: string[];
  dateline: string;
  paragraphs: string[];
}

/** Mulberry32: a seeded generator, so the pairs are the same on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function load(): Story[] {
  const out: Story[] = [];
  for (const { id, rec, body, dateline } of reutersRecords(DIR)) {
    if (!body) continue;
    const day = /<DATE>\s*(\d{1,2}-[A-Z]{3}-\d{4})/.exec(rec)?.[1];
    if (!day) continue;
    const list = (tag: string) => [...(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(rec)?.[1] ?? '').matchAll(/<D>([^<]*)<\/D>/g)].map((m) => m[1]!);
    const text = unescape(body).replace(/\s*Reuter\s*$/, '');
    const paragraphs = text.split(/\n\s{2,}(?=\S)/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
    if (paragraphs.length < 3 || words(text).length < 60) continue;
    out.push({ id: Number(id), day, topics: list('TOPICS'), places: list('PLACES'), dateline: unescape(dateline).trim(), paragraphs });
  }
  return out;
}

const CREDITS = ['(AAP/Reuters)', '(Reuters)', '(NZPA-Reuter)', '(Kyodo/Reuters)', '(AFX News/Reuters)'];
const SIGNOFFS = ['AAP RTR', 'NZPA-Reuter jw', '(Reporting by wire staff; Editing by the desk)', 'KYODO'];
const HOUSE_STYLE: [RegExp, string][] = [
  [/\bpct\b/, 'per cent'],
  [/\bmln\b/, 'million'],
  [/\bbillion\b/, 'bln'],
  [/\bdlrs\b/, 'dollars'],
  [/\bsaid\b/, 'says'],
  [/\bU\.S\.\b/, 'United States'],
  [/\bcts\b/, 'cents'],
  [/\bvs\b/, 'versus'],
];

const story = (s: Story, paragraphs = s.paragraphs, dateline = s.dateline) => `${dateline} ${paragraphs.join('\n\n')}`;
const pick = <T>(r: () => number, xs: T[]) => xs[Math.floor(r() * xs.length)]!;

function rewrap(s: Story, r: () => number): string {
  const credit = pick(r, CREDITS);
  const dateline = s.dateline.replace(/\s*-\s*$/, '') + ` ${credit} -`;
  // A partner applies its house style to one to three words (each replaced once).
  let paragraphs = s.paragraphs.slice();
  const edits = 1 + Math.floor(r() * 3);
  for (let e = 0; e < edits; e++) {
    const [re, to] = pick(r, HOUSE_STYLE);
    const i = Math.floor(r() * paragraphs.length);
    paragraphs[i] = paragraphs[i]!.replace(re, to);
  }
  paragraphs = [...paragraphs, pick(r, SIGNOFFS)];
  return story(s, paragraphs, dateline);
}

function update(s: Story, other: Story, r: () => number): { text: string; how: string } {
  const paragraphs = s.paragraphs.slice();
  const how: string[] = [];
  const fresh = other.paragraphs.slice();
  const add = Math.floor(r() * 4); // 0-3 paragraphs added
  for (let k = 0; k < add && fresh.length; k++) paragraphs.splice(1 + Math.floor(r() * paragraphs.length), 0, fresh.shift()!);
  if (add) how.push(`+${add}`);
  const remove = paragraphs.length > 4 ? Math.floor(r() * 3) : 0; // 0-2 removed, never the lead
  for (let k = 0; k < remove; k++) paragraphs.splice(1 + Math.floor(r() * (paragraphs.length - 1)), 1);
  if (remove) how.push(`-${remove}`);
  if (r() < 0.3 && fresh.length) {
    paragraphs[0] = fresh.shift()!;
    how.push('new lead');
  }
  if (!how.length) {
    paragraphs.push(fresh[0] ?? 'The company gave no further details.');
    how.push('+1');
  }
  return { text: story(s, paragraphs), how: how.join(' ') };
}

interface Pair {
  kind: 'rewrap' | 'update' | 'resend' | 'negative' | 'template';
  same: boolean;
  a: string;
  b: string;
}

const leads = new Map<Story, Set<string>>();
const leadOf = (s: Story) => leads.get(s) ?? leads.set(s, new Set(words(s.paragraphs.join(' ')).slice(0, 30))).get(s)!;
/** Leads overlapping by 70% or more (word sets): the same story, by a measure other than shingles. */
function sameLead(a: Story, b: Story): boolean {
  const x = leadOf(a), y = leadOf(b);
  let both = 0;
  for (const w of x) if (y.has(w)) both++;
  return both / (x.size + y.size - both) >= 0.7;
}

function pairsOf(stories: Story[], seed: number): Pair[] {
  const r = rng(seed);
  const byDay = new Map<string, Story[]>();
  for (const s of stories) byDay.set(s.day, [...(byDay.get(s.day) ?? []), s]);
  const pairs: Pair[] = [];
  const chosen = stories.filter(() => r() < Math.min(1, PER_SPLIT / stories.length));
  for (const s of chosen) {
    const sameDay = (byDay.get(s.day) ?? []).filter((t) => t.id !== s.id);
    const related = sameDay.filter((t) => t.topics.some((x) => s.topics.includes(x)) || t.places.some((x) => s.places.includes(x)));
    pairs.push({ kind: 'rewrap', same: true, a: story(s), b: rewrap(s, r) });
    const donor = related.length ? pick(r, related) : pick(r, stories);
    pairs.push({ kind: 'update', same: true, a: story(s), b: update(s, donor, r).text });
      for (const t of related.sort(() => r() - 0.5).slice(0, 2)) {
      if (sameLead(s, t)) continue; // a re-send, not another story
      pairs.push({ kind: 'negative', same: false, a: story(s), b: story(t) });
    }
  }
  // Every re-send in the corpus, not only those of the chosen stories: they are few.
  for (const group of byDay.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const [a, b] = [group[i]!, group[j]!];
        if (sameLead(a, b) && words(story(a)).join(' ') !== words(story(b)).join(' ')) pairs.push({ kind: 'resend', same: true, a: story(a), b: story(b) });
      }
    }
  }
  // Formula stories: different days, one band key shared (the label is the day, not the text).
  const byBand = new Map<string, Story[]>();
  for (const s of chosen) for (const b of minHashOf(story(s))!.bands) byBand.set(b, [...(byBand.get(b) ?? []), s]);
  const seen = new Set<string>();
  for (const list of byBand.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, b] = [list[i]!, list[j]!];
        const key = `${a.id}-${b.id}`;
        if (a.day === b.day || seen.has(key)) continue;
        seen.add(key);
        pairs.push({ kind: 'template', same: false, a: story(a), b: story(b) });
      }
    }
  }
  return pairs;
}

interface Scored {
  a: string;
  b: string;
  kind: Pair['kind'];
  same: boolean;
  candidate: boolean;
  similarity: number;
}

function score(pairs: Pair[]): Scored[] {
  return pairs.map((p) => {
    const a = minHashOf(p.a)!;
    const b = minHashOf(p.b)!;
    const bands = new Set(a.bands);
    return { a: p.a, b: p.b, kind: p.kind, same: p.same, candidate: b.bands.some((k) => bands.has(k)), similarity: similarityOf(decodeSignature(a.signature), decodeSignature(b.signature)) };
  });
}

function prf(scored: Scored[], t: number) {
  let tp = 0, fp = 0, fn = 0;
  for (const s of scored) {
    const said = s.candidate && s.similarity >= t;
    if (said && s.same) tp++;
    else if (said) fp++;
    else if (s.same) fn++;
  }
  const p = tp + fp ? tp / (tp + fp) : 1;
  const r = tp + fn ? tp / (tp + fn) : 1;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0, fp, fn };
}

const recallOf = (scored: Scored[], kind: Pair['kind'], t: number) => {
  const of = scored.filter((s) => s.kind === kind);
  const hit = of.filter((s) => s.candidate && s.similarity >= t).length;
  return of.length ? hit / of.length : NaN;
};

const pct = (x: number) => (x * 100).toFixed(1);
const all = load();
const tune = score(pairsOf(all.filter((s) => s.id % 4 !== 0), 1));
const dev = score(pairsOf(all.filter((s) => s.id % 4 === 0), 2));
const count = (xs: Scored[]) => ['rewrap', 'update', 'resend', 'negative', 'template'].map((k) => `${xs.filter((s) => s.kind === k).length} ${k}`).join(', ');
console.log(`pairs: tune ${count(tune)}; dev ${count(dev)}`);
console.log(`LSH candidates (share a band key): positives ${pct(dev.filter((s) => s.same && s.candidate).length / dev.filter((s) => s.same).length)}%, negatives ${pct(dev.filter((s) => !s.same && s.candidate).length / dev.filter((s) => !s.same).length)}% (dev)`);

const thresholds = Array.from({ length: 17 }, (_, i) => Math.round((0.1 + i * 0.05) * 100) / 100);
const head = ['threshold', 'tune P', 'tune R', 'tune F1', 'dev P', 'dev R', 'dev F1', 'dev FP', 'dev FN', 'rewrap R', 'update R', 'resend R'];
console.log(head.map((h) => h.padStart(9)).join(' '));
let best = { t: thresholds[0]!, f1: -1 };
const tuneF1 = new Map<number, number>();
for (const t of thresholds) {
  const a = prf(tune, t);
  const b = prf(dev, t);
  tuneF1.set(t, a.f1);
  if (a.f1 > best.f1 + 1e-9) best = { t, f1: a.f1 };
  console.log([t.toFixed(2), pct(a.p), pct(a.r), pct(a.f1), pct(b.p), pct(b.r), pct(b.f1), String(b.fp), String(b.fn), pct(recallOf(dev, 'rewrap', t)), pct(recallOf(dev, 'update', t)), pct(recallOf(dev, 'resend', t))].map((c) => c.padStart(9)).join(' '));
}
// The rule: the highest threshold within half a point of the best F1 on tune. A wrong merge hides
// a story behind another in collapsed search; a missed copy only shows the story twice.
const chosen = Math.max(...thresholds.filter((t) => tuneF1.get(t)! >= best.f1 - 0.005));
const used = SIMILARITY_THRESHOLD;
const d = prf(dev, used);
console.log(`best F1 on tune at ${best.t.toFixed(2)}; the highest within half a point of it: ${chosen.toFixed(2)}; the code uses ${used.toFixed(2)}: dev precision ${pct(d.p)}%, recall ${pct(d.r)}% (rewrap ${pct(recallOf(dev, 'rewrap', used))}%, update ${pct(recallOf(dev, 'update', used))}%, resend ${pct(recallOf(dev, 'resend', used))}%)`);
if (process.argv.includes('--show-errors')) {
  for (const s of dev.filter((x) => x.candidate && x.similarity >= used !== x.same)) console.log(`${s.same ? `missed ${s.kind}` : 'false positive'} (${s.similarity.toFixed(2)}):\n  ${s.a.replace(/\s+/g, ' ').slice(0, 300)}\n  ${s.b.replace(/\s+/g, ' ').slice(0, 300)}`);
}
console.log(JSON.stringify({ eval: 'clusters', threshold: used, chosenOnTune: chosen, bestOnTune: best.t, dev: { precision: d.p, recall: d.r, f1: d.f1, pairs: dev.length } }));
