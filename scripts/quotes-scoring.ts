/**
 * Scoring for the quote stage, shared by `npm run eval:quotes` and the fixture test. Pure: the
 * callers read the files. Two kinds of gold:
 *
 * - wire fixtures (test/fixtures/quotes/*.json): stories written for this project in agency
 *   styles, each quote labelled with its speaker's fullest name (or null), how the story writes
 *   the speaker (name, description, pronoun, none), the outlet (`via`) and whether it is partial;
 *   `notQuotes` lists quoted stretches that are not speech (scare quotes, titles).
 * - PolNeAR (BRAT standoff): a Content span carrying quotation marks holds direct quotes; its
 *   Source span is the speaker as written.
 */
import type { Quote } from '../src/article/story.ts';

export type SpeakerKind = 'name' | 'description' | 'pronoun' | 'none';

export interface FixtureQuote {
  /** The quote's opening words, enough to find it (or all of it). */
  text: string;
  speaker: string | null;
  type?: 'person' | 'organization' | null;
  kind: SpeakerKind;
  via?: string | null;
  partial?: boolean;
}

export interface Fixture {
  id: string;
  style: string;
  body: string;
  quotes: FixtureQuote[];
  notQuotes?: string[];
}

export interface Tally {
  gold: number;
  found: number;
  ours: number;
  oursRight: number;
  speaker: Record<SpeakerKind, [number, number]>;
  via: [number, number];
  partial: [number, number];
  misses: string[];
}

export const newTally = (): Tally => ({
  gold: 0, found: 0, ours: 0, oursRight: 0,
  speaker: { name: [0, 0], description: [0, 0], pronoun: [0, 0], none: [0, 0] },
  via: [0, 0], partial: [0, 0], misses: [],
});

export const pct = (a: number, b: number) => (b ? Math.round((1000 * a) / b) / 10 : null);
const squash = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
const words = (s: string | null | undefined): string[] => [...((s ?? '').toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [])];

/** Scores one fixture story's extracted quotes into the tally. */
export function scoreFixture(t: Tally, f: Fixture, quotes: Quote[]) {
  const used = new Set<Quote>();
  for (const g of f.quotes) {
    t.gold++;
    const head = squash(g.text).slice(0, 40);
    const q = quotes.find((x) => !used.has(x) && squash(x.text).startsWith(head)) ?? quotes.find((x) => !used.has(x) && squash(x.text).includes(head));
    if (!q) { t.misses.push(`${f.id}: missed “${g.text.slice(0, 50)}”`); continue; }
    used.add(q);
    t.found++;
    const s = t.speaker[g.kind];
    s[1]++;
    const got = q.speaker?.name ?? null;
    const bare = (x: string | null) => x?.replace(/^the\s+/i, '') ?? null;
    const ok = g.speaker === null ? got === null : bare(got) === bare(g.speaker) && (!g.type || q.speaker?.type === g.type);
    if (ok) s[0]++;
    else t.misses.push(`${f.id}: speaker ${JSON.stringify(got)} (${q.how}) want ${JSON.stringify(g.speaker)} for “${g.text.slice(0, 40)}”`);
    if (g.via !== undefined) {
      t.via[1]++;
      if ((q.via ?? null) === g.via) t.via[0]++;
      else t.misses.push(`${f.id}: via ${JSON.stringify(q.via)} want ${JSON.stringify(g.via)}`);
    }
    if (g.partial !== undefined) {
      t.partial[1]++;
      if (q.partial === g.partial) t.partial[0]++;
      else t.misses.push(`${f.id}: partial ${q.partial} want ${g.partial} for “${g.text.slice(0, 40)}”`);
    }
  }
  for (const q of quotes) {
    t.ours++;
    if (used.has(q)) t.oursRight++;
    else t.misses.push(`${f.id}: extra quote “${q.text.slice(0, 50)}”`);
  }
}

export interface PolnearGold {
  start: number;
  end: number;
  text: string;
  source: string;
  kind: SpeakerKind;
  /** A word the right speaker's name must hold (the source's name, or a pronoun's antecedent). */
  key: string | null;
}

const PRONOUNS = new Set(['he', 'she', 'they', 'i', 'we', 'it', 'you', 'his', 'her', 'their', 'him', 'them']);
const SKIP = new Set(['The', 'A', 'An', 'Mr', 'Ms', 'Mrs', 'Dr', 'In', 'But', 'And']);

/** The name a source is written with: the last capitalised run of its head (before any comma). */
export function sourceKey(source: string): string | null {
  const head = source.replace(/\([^)]*\)/g, ' ').split(',')[0]!.split(/\s(?:of|at|in|for|from|with|on|to|who)\s/)[0]!;
  let last: string[] = [];
  let run: string[] = [];
  for (const raw of head.split(/\s+/)) {
    const w = raw.replace(/['’]s$/, '').replace(/[^\p{L}.-]/gu, '').replace(/\.$/, '');
    if (/^\p{Lu}/u.test(w) && !SKIP.has(w) && !PRONOUNS.has(w.toLowerCase())) run.push(w);
    else { if (run.length) last = run; run = []; }
  }
  if (run.length) last = run;
  return last.length ? last[last.length - 1]!.toLowerCase() : null;
}

/** Gold quotes of one PolNeAR article from its text and .ann file. */
export function polnearGold(text: string, ann: string): { quotes: PolnearGold[]; contents: Array<[number, number]> } {
  const T = new Map<string, { type: string; ranges: Array<[number, number]>; text: string }>();
  const rels: Array<Record<string, string>> = [];
  // BRAT lines are `T12\tType a b[;c d]\ttext` and `E3\tRole:T1 Role:T2`. A span's text may hold
  // line breaks, so a line that does not start with such an id (or whose offsets do not parse) is
  // the tail of the line before it, never an annotation of its own.
  for (const line of ann.split('\n')) {
    const [id, spec] = line.split('\t');
    if (!id || !spec || !/^[TE]\d+$/.test(id)) continue;
    if (id.startsWith('T')) {
      const [type, ...rest] = spec.split(' ');
      const ranges = rest.join(' ').split(';').map((r) => r.trim().split(' ').map(Number) as [number, number]);
      if (!type || !ranges.length || ranges.some((r) => r.length !== 2 || !r.every(Number.isInteger) || r[0] > r[1] || r[1] > text.length)) continue;
      T.set(id, { type, ranges, text: ranges.map(([a, b]) => text.slice(a, b)).join(' ') });
    } else {
      const pairs = spec.trim().split(' ').map((kv) => kv.split(':')).filter((kv) => kv.length === 2 && kv[0] && kv[1]);
      rels.push(Object.fromEntries(pairs.map(([k, v]) => [k!.replace(/\d+$/, ''), v!])));
    }
  }
  const quotes: PolnearGold[] = [];
  const contents: Array<[number, number]> = [];
  let lastNamed: string | null = null;
  const rs = rels.filter((r) => r.Content && T.get(r.Content)).sort((a, b) => T.get(a.Content!)!.ranges[0]![0] - T.get(b.Content!)!.ranges[0]![0]);
  for (const r of rs) {
    const content = T.get(r.Content!)!;
    const src = (r.Source && T.get(r.Source)?.text) ?? '';
    const key = sourceKey(src);
    const w = words(src);
    const isPronoun = !!src && w.length <= 2 && w.some((x) => PRONOUNS.has(x));
    const kind: SpeakerKind = key && !isPronoun ? 'name' : isPronoun ? 'pronoun' : src ? 'description' : 'none';
    if (kind === 'name') lastNamed = key;
    for (const [a, b] of content.ranges) {
      contents.push([a, b]);
      const seg = text.slice(a, b);
      for (const m of seg.matchAll(/[“"]([^”"]+)(?:[”"]|$)/g)) {
        const s = a + m.index + 1;
        const inner = m[1]!;
        const lead = inner.length - inner.trimStart().length;
        const core = inner.trim().replace(/[,;:]+$/, '');
        if (!words(core).length) continue;
        quotes.push({ start: s + lead, end: s + lead + core.length, text: core, source: src, kind, key: kind === 'name' ? key : kind === 'pronoun' ? lastNamed : null });
      }
    }
  }
  return { quotes, contents };
}

export interface PolnearTally extends Tally {
  gold4: number;
  found4: number;
}

export const newPolnearTally = (): PolnearTally => ({ ...newTally(), gold4: 0, found4: 0 });

const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

/** Scores one PolNeAR article: offsets of our quotes are into the article text. */
export function scorePolnear(t: PolnearTally, base: string, gold: ReturnType<typeof polnearGold>, quotes: Quote[]) {
  for (const q of quotes) {
    t.ours++;
    const len = q.end - q.start;
    if (gold.contents.some(([a, b]) => overlap(q.start, q.end, a, b) >= 0.6 * len)) t.oursRight++;
    else if (t.misses.length < 400) t.misses.push(`${base}: extra “${q.text.slice(0, 60)}”`);
  }
  for (const g of gold.quotes) {
    t.gold++;
    const long = words(g.text).length >= 4;
    if (long) t.gold4++;
    const q = quotes.map((x) => ({ x, o: overlap(x.start, x.end, g.start, g.end) })).sort((a, b) => b.o - a.o)[0];
    if (!q || q.o < 0.6 * (g.end - g.start)) {
      if (t.misses.length < 400) t.misses.push(`${base}: missed “${g.text.slice(0, 60)}”`);
      continue;
    }
    t.found++;
    if (long) t.found4++;
    const s = t.speaker[g.kind];
    s[1]++;
    const got = words(q.x.speaker?.name);
    let ok: boolean;
    if (g.kind === 'name' || g.kind === 'pronoun') ok = !!g.key && got.length <= 6 && got.includes(g.key);
    else if (g.kind === 'description') {
      // An unnamed source: right when we name nobody, or an organisation the description points to.
      const sw = words(g.source);
      ok = !got.length || got.some((w) => sw.includes(w));
    } else ok = !got.length;
    if (ok) s[0]++;
    else if (t.misses.length < 400) t.misses.push(`${base}: speaker ${JSON.stringify(q.x.speaker?.name ?? null)} (${q.x.how}) want ${g.kind} “${g.source}” for “${g.text.slice(0, 40)}”`);
  }
}
