/**
 * The speaker ranker: for each quote, the candidates (every rule's proposals, the speaker the
 * cascade settled on, the names near the quote, the speaker of the quote before it, and "no
 * one") are described by sparse string features and scored by a linear model trained as a
 * conditional logit (scripts/train-quotes.ts). The softmax over a quote's candidates, scaled by a
 * temperature fitted on training data, is the calibrated probability that a candidate is right.
 *
 * The same feature function serves training and extraction; its output on a fixed probe story is
 * hashed into the model file, and a model whose hash differs is refused (retrain with
 * `npm run train:quotes`).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { isOutlet, lastEventBefore, npAfter, onlyOpensSentences, resolveNP, speakerOfReferent, type Doc, type Resolved } from './attribute.ts';
import { isNationalityWord, otherGender, PRONOUN_GENDER } from './lexicon.ts';
import type { NameMention, Referent } from './names.ts';
import type { Candidate } from './rules.ts';
import { lowerBound } from './tokens.ts';

/** Bump when the features change meaning: old model files are then refused. */
export const FEATURE_SPEC = 'quote-ranker-v8';

/** What the ranker reads of one kept quote, after the rules and the cascade have run. */
export interface QuoteView {
  openTok: number;
  closeTok: number;
  /** Last token of the quote's sentence context. */
  hi: number;
  words: number;
  partial: boolean;
  cued: boolean;
  paragraph: number;
  /** Every rule's proposals, and the one the cascade trusted. */
  candidates: Candidate[];
  pick: Candidate | null;
  /** The cascade's final answer (after the context rules), its `how` and verb. */
  speaker: Resolved | null;
  how: string;
  verb: string | null;
  /** The outlet that carried the quote (`told Reuters`): never its speaker. */
  via: string | null;
}

export interface RankCandidate {
  speaker: Resolved | null;
  how: string;
  verb: string | null;
  features: string[];
}

/** The agency that carried the words is `via`, never the speaker; a nationality is no one. */
const COMPASS = new Set(['north', 'south', 'east', 'west', 'central', 'northern', 'southern', 'eastern', 'western']);
/** A nationality, in one word or after compass words (`German`, `West German`, `South Korean`). */
function isNationality(name: string): boolean {
  const words = name.split(' ');
  return isNationalityWord(words[words.length - 1]!) && words.slice(0, -1).every((w) => COMPASS.has(w.toLowerCase()));
}
export const barredSpeaker = (r: Resolved, via: string | null) => r.name === via || isNationality(r.name);
const outlets = new WeakMap<Referent, boolean>();
/** Whether a referent is a news outlet, asked once per referent. */
function outletReferent(r: Referent): boolean {
  let o = outlets.get(r);
  if (o === undefined) outlets.set(r, (o = r.mentions.some(isOutlet)));
  return o;
}
const keyOf = (r: Resolved): Referent | string => r.referent ?? r.name.toLowerCase();
const bin = (n: number, edges: number[]) => { let i = 0; while (i < edges.length && n > edges[i]!) i++; return i; };
const howClass = (how: string) => how.split(',')[0]!;

/** How many tokens before a quote the ranker looks for names: the paragraph before it at most. */
const LOOK_BACK = 250;
const LOOK_AHEAD = 40;
/** How many distinct names before and after a quote become candidates. */
const NEAR_BEFORE = 6;
const NEAR_AFTER = 3;

/**
 * The candidates of every kept quote, in order. `views` are the kept quotes in story order; the
 * features of one quote read the cascade's answers for the quotes before it (spoke before, the
 * previous speaker), never the ranker's, so training and extraction see the same thing.
 */
export function rankCandidates(doc: Doc, views: QuoteView[]): RankCandidate[][] {
  const spoke = new Map<Referent | string, number>();
  const out: RankCandidate[][] = [];
  let prev: QuoteView | undefined;
  let sources: NamedSource[] | undefined;
  for (const v of views) {
    if (v.pick?.written === 'pronoun' && !sources) sources = namedSources(doc);
    out.push(candidatesOf(doc, v, prev, spoke, sources ?? []));
    if (v.speaker) spoke.set(keyOf(v.speaker), (spoke.get(keyOf(v.speaker)) ?? 0) + 1);
    prev = v;
  }
  return out;
}

/** A name the story gives as the source of something said (direct or reported): where, and who. */
interface NamedSource { pos: number; speaker: Resolved }

/**
 * Every named source of the story in token order: the speech events whose subject is a name
 * (`Roe said`, `noted Tom Bay`, `Bay believes`, in or out of a quote's sentence) and `according to
 * X` (X a name, or the name in `an analysis by X`). Built once per story, only when a quote's cue
 * is a pronoun: its antecedent is most often the last of these.
 */
function namedSources(doc: Doc): NamedSource[] {
  const out: NamedSource[] = [];
  for (const e of doc.events) if (e.np.kind === 'name' && e.speaker && !doc.quoted[e.verb]) out.push({ pos: e.verb, speaker: e.speaker });
  const tk = doc.tokens;
  let added = false;
  for (let i = 0; i + 2 < tk.length; i++) {
    if (tk[i]!.lower !== 'according' || tk[i + 1]!.lower !== 'to' || doc.quoted[i]) continue;
    let hi = i + 2;
    while (hi + 1 < tk.length && hi - i < 30 && doc.sentence[hi + 1] === doc.sentence[i]) hi++;
    const np = npAfter(doc, i + 2, hi);
    const m = np?.kind === 'name' ? np.mention : np?.kind === 'description' ? np.inner : undefined;
    if (!m?.referent || m.referent.kind === 'location') continue;
    out.push({ pos: i, speaker: np!.kind === 'name' ? resolveNP(doc, np!, i, null) ?? speakerOfReferent(m.referent, m) : speakerOfReferent(m.referent, m) });
    added = true;
  }
  if (added) out.sort((a, b) => a.pos - b.pos);
  return out;
}

/** How many distinct named sources before a pronoun-cued quote become candidates, and how far back (paragraphs). */
const SOURCES_BACK = 4;
const SOURCE_PARAGRAPHS = 6;

interface Gathered {
  speaker: Resolved;
  rules: Candidate[];
  legacy: boolean;
  /** Recency among the named sources before the quote (0: the last), and the paragraphs back to it. */
  src?: { rank: number; paras: number };
  /** Nearest mention: sentence distance (negative after the quote), token distance, subject, possessive. */
  near?: { sd: number; td: number; subject: boolean; after: boolean };
}

function candidatesOf(doc: Doc, v: QuoteView, prev: QuoteView | undefined, spoke: Map<Referent | string, number>, sources: NamedSource[]): RankCandidate[] {
  const byKey = new Map<Referent | string, Gathered>();
  const add = (s: Resolved) => {
    const k = keyOf(s);
    if (barredSpeaker(s, v.via)) return { speaker: s, rules: [], legacy: false } as Gathered;
    let g = byKey.get(k);
    if (!g) byKey.set(k, (g = { speaker: s, rules: [], legacy: false }));
    return g;
  };
  for (const c of v.candidates) if (c.speaker) add(c.speaker).rules.push(c);
  if (v.speaker) add(v.speaker).legacy = true;
  if (prev?.speaker) add(prev.speaker);
  // Names near the quote: from the paragraph before it to a little after it.
  const from = Math.max(0, v.openTok - LOOK_BACK);
  const to = Math.min(doc.tokens.length - 1, Math.max(v.hi, v.closeTok + 1), v.closeTok + LOOK_AHEAD);
  const qs = doc.sentence[v.openTok]!;
  const ms = doc.mentions;
  const seen = new Set<Referent>();
  const near = (m: NameMention, after: boolean) => {
    const r = m.referent;
    if (!r || m.inQuote || r.kind === 'location' || doc.paragraph[m.first]! < v.paragraph - 1) return;
    // `Talks are due to resume.`: a one-word name never written but at a sentence's start, that
    // has not spoken, is as likely a capitalised common word: no candidate.
    if (!spoke.has(r) && onlyOpensSentences(doc, r)) return;
    seen.add(r);
    const g = add({ name: r.name, title: r.title ?? m.title ?? null, type: r.kind === 'organization' ? 'organization' : 'person', referent: r });
    const sd = after ? -(doc.sentence[m.first]! - doc.sentence[v.closeTok]!) : qs - doc.sentence[m.last]!;
    const td = after ? m.first - v.closeTok : v.openTok - m.last;
    if (!g.near || td < g.near.td) g.near = { sd, td, subject: m.subject && !m.possessive, after };
  };
  // The nearest few names before the quote (from the paragraph before it) and just after it: a
  // bounded number per quote, so a long story costs no more per quote than a short one.
  const at = lowerBound(ms, v.openTok, (m) => m.last);
  for (let i = at - 1; i >= 0 && ms[i]!.first >= from && seen.size < NEAR_BEFORE; i--) near(ms[i]!, false);
  const ahead = seen.size + NEAR_AFTER;
  for (let i = lowerBound(ms, v.closeTok + 1, (m) => m.first); i < ms.length && ms[i]!.first <= to && seen.size < ahead; i++) near(ms[i]!, true);
  const pickKey = v.pick?.speaker ? keyOf(v.pick.speaker) : null;
  const prevKey = prev?.speaker ? keyOf(prev.speaker) : null;
  const pron = v.pick?.written === 'pronoun' ? v.pick.head ?? '' : '';
  if (pron) {
    // The named sources before the cue, latest first: each distinct one a candidate.
    const cue = Math.min(v.openTok, v.pick?.event?.verb ?? v.openTok);
    let rank = 0;
    for (let i = lowerBound(sources, cue, (x) => x.pos) - 1; i >= 0 && rank < SOURCES_BACK; i--) {
      const x = sources[i]!;
      const paras = v.paragraph - doc.paragraph[x.pos]!;
      if (paras > SOURCE_PARAGRAPHS) break;
      const g = add(x.speaker);
      if (g.src || barredSpeaker(x.speaker, v.via)) continue;
      g.src = { rank: rank++, paras };
    }
  }
  const pg = pron ? PRONOUN_GENDER[pron] : undefined;
  const ql = bin(v.words, [3, 8, 20, 40]);
  const legacyHow = howClass(v.how);
  const samePara = !!prev && prev.paragraph === v.paragraph;
  // The last name that said something before the quote (in direct or reported speech).
  const lastEv = lastEventBefore(doc, v.openTok, (e) => e.np.kind === 'name' && !!e.speaker && !e.report && !doc.quoted[e.verb], 50);
  const lastEvKey = lastEv?.speaker ? keyOf(lastEv.speaker) : null;
  // Recency among the names before the quote: 0 is the nearest.
  const before = [...byKey.values()].filter((g) => g.near && !g.near.after).sort((a, b) => a.near!.td - b.near!.td);
  const rank = new Map(before.map((g, i) => [g, i]));
  const res: RankCandidate[] = [];
  // `the company said`: a description the rules resolved to what the story introduced is that
  // entity or no one; the ranker does not trade it for a nearby name.
  const described = v.pick?.written === 'description' && v.pick.speaker ? pickKey : null;
  // Gender and number agreement of a candidate with the pronoun: y(es), n(o), u(nknown), x (wrong kind).
  const agreeOf = (s: Resolved) => {
    if (pg === 'm' || pg === 'f') return s.type !== 'person' ? 'x' : s.referent?.gender ? (s.referent.gender === pg ? 'y' : 'n') : 'u';
    if (pron === 'it' || pron === 'they') return s.type === 'organization' ? 'y' : 'x';
    return 'u';
  };
  // Recency among the named sources that agree with the pronoun: 0 is the last that fits.
  const fitRank = new Map<Gathered, number>();
  if (pron) {
    const srcs = [...byKey.values()].filter((g) => g.src && (agreeOf(g.speaker) === 'y' || agreeOf(g.speaker) === 'u')).sort((a, b) => a.src!.rank - b.src!.rank);
    srcs.forEach((g, i) => fitRank.set(g, i));
  }
  for (const [k, g] of byKey) {
    if (described && k !== described) continue;
    const f: string[] = ['b'];
    const s = g.speaker;
    for (const c of g.rules) { f.push(`r:${c.rule}`, `r:${c.rule}&${c.written}`); if (c.adjacent) f.push('adj'); }
    if (k === pickKey) f.push('pick', `pick:${v.pick!.written}`, `pick&q${ql}`, v.partial ? 'pick&partial' : 'pick&full');
    if (g.legacy) f.push('leg', `leg:${legacyHow}`);
    if (!g.rules.length && !g.legacy) f.push('norule');
    f.push(`type:${s.type}`);
    const r = s.referent;
    if (r) {
      f.push(`kind:${r.kind}`, `nm:${bin(r.mentions.length, [1, 2, 4, 8])}`);
      if (outletReferent(r)) f.push('outlet');
      if (r.words.length === 1) f.push('oneword');
    } else f.push('noref');
    if (s.title) f.push('title');
    if (g.near) {
      const n = g.near;
      f.push(`sd:${n.after ? 'a' : ''}${Math.min(Math.abs(n.sd), 4)}`, `td:${n.after ? 'a' : ''}${bin(n.td, [2, 5, 10, 20, 40, 80])}`);
      if (n.subject) f.push('subj', `subj&sd${Math.min(Math.abs(n.sd), 3)}`);
    } else f.push('far');
    const rk = rank.get(g);
    if (rk !== undefined) f.push(`rank:${Math.min(rk, 3)}`);
    if (k === lastEvKey) f.push('lastev');
    if (pron) {
      f.push(`pron&rank:${rk === undefined ? 'x' : Math.min(rk, 3)}`);
      f.push(g.src ? `src:${g.src.rank}` : 'src:x');
      if (g.src) f.push(`src&para:${Math.min(g.src.paras, 3)}`);
      const fr = fitRank.get(g);
      f.push(fr === undefined ? 'srcfit:x' : `srcfit:${Math.min(fr, 2)}`);
      if (r && s.type === 'person' && !g.src && !(spoke.get(k) ?? 0) && onlyOpensSentences(doc, r)) f.push('capword');
      if (k === lastEvKey) f.push('pron&lastev');
      if (k === prevKey) f.push('pron&prev');
      if (g.near?.subject) f.push('pron&subj');
    }
    if (k === prevKey) f.push('prev', samePara ? 'prev&para' : 'prev&otherpara', v.cued ? 'prev&cued' : 'prev&uncued');
    const n = spoke.get(k) ?? 0;
    f.push(`spoke:${Math.min(n, 3)}`);
    if (pron) {
      const agree = agreeOf(s);
      // `she said` is never a man the story named, `it said` never a person (`they` may be either): agreement is a
      // constraint, not a preference.
      if ((agree === 'n' || (agree === 'x' && pron !== 'they')) && k !== pickKey) continue;
      f.push(`g:${agree}`, `g:${agree}&${k === pickKey ? 'pick' : 'alt'}`);
      if (g.src) f.push(`src:${Math.min(g.src.rank, 2)}&g:${agree}`);
    }
    if (!v.cued) f.push('uncued', `uncued&${legacyHow}&${g.legacy ? 1 : 0}`);
    const best = g.rules.length ? g.rules.reduce((a, b) => (b.precedence < a.precedence ? b : a)) : null;
    res.push({
      speaker: s,
      how: g.legacy ? v.how : best ? best.how : 'ranked: a name near the quote',
      verb: g.legacy ? v.verb : best ? best.verb : null,
      features: f,
    });
  }
  const nf = ['N', `N:q${ql}`, `N:leg:${v.speaker ? 'named' : legacyHow}`];
  if (v.cued) nf.push('N&cued');
  if (v.pick) nf.push(`N&pick:${v.pick.written}`, `N&pick:${v.pick.speaker ? 's' : 'none'}`, `N&rule:${v.pick.rule}`);
  if (v.partial) nf.push('N&partial');
  if (!res.length) nf.push('N&alone');
  if (described) nf.push('N&described');
  // `A military spokesman said …. He added, "…"`: the pronoun is that unnamed person.
  const ev = v.pick?.event;
  if (pron && !v.pick!.speaker && ev) {
    const before = lastEventBefore(doc, ev.verb, (e) => !e.report && !doc.quoted[e.verb], 20);
    // (Not `a young man asked …. "…," she said`: a description of the other gender is someone else.)
    const other = (pg === 'm' || pg === 'f') && before && otherGender(before.np.head, pg);
    if (before && before.np.kind === 'description' && !before.speaker && !other) nf.push('N&unnamed-before');
  }
  res.push({ speaker: null, how: v.speaker ? 'no attribution' : v.how, verb: v.speaker ? null : v.verb, features: nf });
  return res;
}

/**
 * Whether the ranker decides this quote: the rules gave it a speaker, or its cue is a pronoun they
 * could not resolve (unless it follows an unnamed source, whom it then is), and not when the rules
 * resolved a description (`the company said`) to what the story introduced. A quote with no cue,
 * or whose cue is an unnamed source, keeps no speaker
 * (tried: letting "no one" compete with nearby names on uncued quotes lowered dev named speaker).
 */
export function rankable(cands: RankCandidate[]): boolean {
  const none = cands[cands.length - 1]!.features;
  if (none.includes('N&described')) return false;
  return cands.some((c) => c.speaker && c.features.includes('leg')) || (none.includes('N&pick:pronoun') && !none.includes('N&unnamed-before'));
}

export interface QuoteModel {
  format: 'quote-ranker';
  featureHash: string;
  weights: Record<string, number>;
  /** Softmax temperature fitted on training data (scores are divided by it). */
  temperature: number;
  /** A named speaker whose probability falls below this is not given (the quote keeps no speaker). */
  minSpeaker: number;
  meta: Record<string, unknown>;
}

/** Probabilities of a quote's candidates under the model, in candidate order. */
export function probabilities(model: QuoteModel, cands: RankCandidate[]): number[] {
  const w = model.weights;
  const scores = cands.map((c) => { let s = 0; for (const f of c.features) s += w[f] ?? 0; return s / model.temperature; });
  const max = Math.max(...scores);
  const ex = scores.map((s) => Math.exp(s - max));
  const z = ex.reduce((a, b) => a + b, 0);
  return ex.map((e) => e / z);
}

export class QuoteModelError extends Error {
  override name = 'QuoteModelError';
}

export const DEFAULT_QUOTE_MODEL_PATH = fileURLToPath(new URL('../../../models/quotes.json.gz', import.meta.url));

let cached: QuoteModel | null | undefined;

/** The ranker model, read once; null when the file is absent (the cascade then decides alone). */
export function quoteModel(expectedHash: () => string): QuoteModel | null {
  if (cached !== undefined) return cached;
  if (!existsSync(DEFAULT_QUOTE_MODEL_PATH)) return (cached = null);
  const m = JSON.parse(gunzipSync(readFileSync(DEFAULT_QUOTE_MODEL_PATH)).toString('utf8')) as QuoteModel;
  const want = expectedHash();
  if (m.format !== 'quote-ranker' || m.featureHash !== want) {
    throw new QuoteModelError(`models/quotes.json.gz was trained on features ${m.featureHash}, the code makes ${want}: run \`npm run train:quotes\``);
  }
  return (cached = m);
}

/** Tests and training swap the model in (null: the cascade alone). */
export function setQuoteModel(m: QuoteModel | null | undefined) {
  cached = m;
}

/** The feature hash: the spec plus the features of every candidate of a probe story. */
export function hashFeatures(probe: RankCandidate[][]): string {
  const h = createHash('sha256').update(FEATURE_SPEC);
  for (const q of probe) for (const c of q) h.update(`${c.speaker?.name ?? '-'}\u0001${c.features.join('\u0001')}\n`);
  return h.digest('hex').slice(0, 16);
}
