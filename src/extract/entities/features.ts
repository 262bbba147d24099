/**
 * Feature extraction for the entity tagger: one list of feature strings per token. The same
 * function serves training and tagging, and its output on a fixed probe text is hashed into
 * the model file, so a change here that the model was not trained with fails a test.
 */
import { createHash } from 'node:crypto';
import { tokenize } from '../text/tokenize.ts';

/** Word lists and word clusters the features consult; they travel inside the model file. */
export interface Resources {
  /** Gazetteers by kind (country, city, region, demonym, firstname, org, …): phrases as written. */
  gazetteers: Record<string, string[]>;
  /** Single-word cue lists by kind (orgword, title, …), lower case. */
  cues: Record<string, string[]>;
  /** Word → cluster path (a bit string: prefixes are coarser clusters). */
  clusters: Record<string, string>;
}

export interface CompiledResources {
  /** First word (lower case) → phrases starting with it, as token lists, with their kind. */
  phrases: Map<string, Array<{ words: string[]; kind: string }>>;
  cues: Map<string, string[]>;
  clusters: Map<string, string>;
  /** The longest phrase in words. */
  maxLen: number;
}

/** Bumped by hand for changes the probe text cannot see. */
export const FEATURE_SPEC = 'wiredesk-ner-features/3';

const CLUSTER_PREFIXES = [4, 8, 12, 16];

export function compileResources(res: Resources): CompiledResources {
  const phrases = new Map<string, Array<{ words: string[]; kind: string }>>();
  let maxLen = 1;
  for (const [kind, list] of Object.entries(res.gazetteers)) {
    for (const phrase of list) {
      const words = tokenize(phrase).map((t) => t.text);
      if (!words.length) continue;
      const key = words[0]!.toLowerCase();
      let bucket = phrases.get(key);
      if (!bucket) phrases.set(key, (bucket = []));
      bucket.push({ words, kind });
      if (words.length > maxLen) maxLen = words.length;
    }
  }
  const cues = new Map<string, string[]>();
  for (const [kind, list] of Object.entries(res.cues)) {
    for (const w of list) {
      const k = w.toLowerCase();
      const kinds = cues.get(k);
      if (kinds) kinds.push(kind);
      else cues.set(k, [kind]);
    }
  }
  return { phrases, cues, clusters: new Map(Object.entries(res.clusters)), maxLen };
}

/** How a word is written: `Xxxx` → `Xx`, `U.S.` → `X.X.`, `1996-08-22` → `d-d-d`. */
export function shapeOf(w: string): string {
  let out = '';
  let last = '';
  for (const ch of w) {
    let c: string;
    if (/\p{Lu}/u.test(ch)) c = 'X';
    else if (/\p{L}/u.test(ch)) c = 'x';
    else if (ch >= '0' && ch <= '9') c = 'd';
    else c = ch;
    if (c !== last) out += c;
    last = c;
  }
  return out;
}

const isAllCaps = (w: string) => /\p{Lu}/u.test(w) && !/\p{Ll}/u.test(w);
const isInitCap = (w: string) => /^\p{Lu}/u.test(w);
const hasLetter = (w: string) => /\p{L}/u.test(w);

/** A word's written form matches a gazetteer word: exactly, or in capitals when the text shouts. */
function wordMatches(token: string, entry: string): boolean {
  if (token === entry) return true;
  if (token.length !== entry.length) return false;
  if (isAllCaps(token)) return token === entry.toUpperCase();
  // A capitalised sentence-initial or title-case token against a lower-case entry is no match.
  return false;
}

export interface DocContext {
  /** Lower-case word → how it is written at non-initial positions of mixed-case sentences. */
  forms: Map<string, { lower: number; cap: number; upper: number; best: string; bestCount: number }>;
}

/** An all-caps line (a headline, a dateline) says nothing about a word's case. */
export function isShoutedSentence(words: string[]): boolean {
  let letters = 0;
  let caps = 0;
  for (const w of words) {
    if (!hasLetter(w)) continue;
    letters++;
    if (isAllCaps(w) && w.length > 1) caps++;
  }
  return letters >= 2 && caps / letters >= 0.6;
}

export function documentContext(sentences: string[][]): DocContext {
  const forms: DocContext['forms'] = new Map();
  const mixed: Map<string, Map<string, number>> = new Map();
  for (const words of sentences) {
    if (isShoutedSentence(words)) continue;
    words.forEach((w, i) => {
      if (i === 0 || !hasLetter(w)) return;
      const k = w.toLowerCase();
      let f = forms.get(k);
      if (!f) forms.set(k, (f = { lower: 0, cap: 0, upper: 0, best: '', bestCount: 0 }));
      if (isAllCaps(w) && w.length > 1) f.upper++;
      else if (isInitCap(w)) f.cap++;
      else f.lower++;
      let m = mixed.get(k);
      if (!m) mixed.set(k, (m = new Map()));
      m.set(w, (m.get(w) ?? 0) + 1);
    });
  }
  for (const [k, m] of mixed) {
    const f = forms.get(k)!;
    for (const [w, n] of m) if (n > f.bestCount) { f.best = w; f.bestCount = n; }
  }
  return { forms };
}

function casingElsewhere(ctx: DocContext, w: string, selfCounted: boolean): string {
  const f = ctx.forms.get(w.toLowerCase());
  if (!f) return 'none';
  let { lower, cap, upper } = f;
  if (selfCounted) {
    if (isAllCaps(w) && w.length > 1) upper--;
    else if (isInitCap(w)) cap--;
    else lower--;
  }
  const s = (lower > 0 ? 'l' : '') + (cap > 0 ? 'c' : '') + (upper > 0 ? 'u' : '');
  return s || 'none';
}

/** Gazetteer labels per token: `kind:B|I|L|U` for the longest phrase match covering it. */
function gazetteerTags(words: string[], res: CompiledResources): string[][] {
  const tags: string[][] = words.map(() => []);
  for (let i = 0; i < words.length; i++) {
    const bucket = res.phrases.get(words[i]!.toLowerCase());
    if (!bucket) continue;
    const best = new Map<string, number>();
    for (const { words: pw, kind } of bucket) {
      if (i + pw.length > words.length) continue;
      let ok = true;
      for (let j = 0; j < pw.length; j++) if (!wordMatches(words[i + j]!, pw[j]!)) { ok = false; break; }
      if (ok && pw.length > (best.get(kind) ?? 0)) best.set(kind, pw.length);
    }
    for (const [kind, n] of best) {
      if (n === 1) tags[i]!.push(`${kind}:U`);
      else for (let j = 0; j < n; j++) tags[i + j]!.push(`${kind}:${j === 0 ? 'B' : j === n - 1 ? 'L' : 'I'}`);
    }
  }
  return tags;
}

function clusterOf(res: CompiledResources, w: string, ctx: DocContext | null): string | undefined {
  const c = res.clusters.get(w) ?? res.clusters.get(w.toLowerCase());
  if (c !== undefined || !ctx || !isAllCaps(w)) return c;
  const best = ctx.forms.get(w.toLowerCase())?.best;
  return best ? res.clusters.get(best) : undefined;
}

const norm = (w: string) => w.replace(/\d/g, '0');

/** The features of every token of one sentence. */
export function sentenceFeatures(words: string[], ctx: DocContext, res: CompiledResources): string[][] {
  const n = words.length;
  const shouted = isShoutedSentence(words);
  const lower = words.map((w) => norm(w.toLowerCase()));
  const shapes = words.map(shapeOf);
  const gaz = gazetteerTags(words, res);
  const clusters = words.map((w) => clusterOf(res, w, ctx));
  const at = (a: string[], i: number) => (i < 0 ? '<s>' : i >= n ? '</s>' : a[i]!);
  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    const w = words[i]!;
    const lw = lower[i]!;
    const sh = shapes[i]!;
    const f: string[] = ['b'];
    const pos = i === 0 ? 'first' : 'mid';
    f.push('w=' + norm(w), 'l=' + lw, 'sh=' + sh, 'sh|p=' + sh + '|' + pos);
    if (shouted) f.push('shout', 'shout|sh=' + sh);
    const len = lw.length;
    for (let k = 1; k <= 4 && k < len; k++) f.push(`p${k}=${lw.slice(0, k)}`, `s${k}=${lw.slice(-k)}`);
    f.push('l-1=' + at(lower, i - 1), 'l+1=' + at(lower, i + 1), 'l-2=' + at(lower, i - 2), 'l+2=' + at(lower, i + 2));
    f.push('l-1|l=' + at(lower, i - 1) + '|' + lw, 'l|l+1=' + lw + '|' + at(lower, i + 1));
    f.push('sh-1=' + at(shapes, i - 1), 'sh+1=' + at(shapes, i + 1));
    f.push('sh-1|sh=' + at(shapes, i - 1) + '|' + sh, 'sh|sh+1=' + sh + '|' + at(shapes, i + 1));
    f.push('sh-1|sh|sh+1=' + at(shapes, i - 1) + '|' + sh + '|' + at(shapes, i + 1));
    if (hasLetter(w)) {
      const selfCounted = !shouted && i > 0;
      const dc = casingElsewhere(ctx, w, selfCounted);
      f.push('dc=' + dc, 'dc|sh|p=' + dc + '|' + sh + '|' + (shouted ? 'shout' : pos));
      if (shouted || i === 0) {
        const best = ctx.forms.get(w.toLowerCase())?.best;
        if (best) f.push('dw=' + best, 'dsh=' + shapeOf(best));
      }
    }
    for (const g of gaz[i]!) f.push('g=' + g, 'g|sh=' + g + '|' + (isInitCap(w) ? 'C' : 'c'));
    for (const g of i > 0 ? gaz[i - 1]! : []) f.push('g-1=' + g);
    for (const g of i + 1 < n ? gaz[i + 1]! : []) f.push('g+1=' + g);
    const cue = res.cues.get(lw);
    if (cue) for (const c of cue) f.push('cue=' + c);
    const cuePrev = i > 0 ? res.cues.get(lower[i - 1]!) : undefined;
    if (cuePrev) for (const c of cuePrev) f.push('cue-1=' + c);
    const cueNext = i + 1 < n ? res.cues.get(lower[i + 1]!) : undefined;
    if (cueNext) for (const c of cueNext) f.push('cue+1=' + c);
    const c0 = clusters[i];
    if (c0) for (const p of CLUSTER_PREFIXES) f.push(`c${p}=${c0.slice(0, p)}`);
    else f.push('c=none');
    const cp = i > 0 ? clusters[i - 1] : '<s>';
    const cn = i + 1 < n ? clusters[i + 1] : '</s>';
    if (cp) f.push('c-1=' + cp.slice(0, 8));
    if (cn) f.push('c+1=' + cn.slice(0, 8));
    out.push(f);
  }
  return out;
}

const PROBE = [
  'EU rejects German call to boycott British lamb .',
  'Russian President Vladimir Putin said on Tuesday that Moscow will not interfere , reported Tass .',
  "Peter Blackburn of the U.S. Federal Reserve Bank told 1,250 shareholders in Portland , Ore. , that it 's over .",
  'AFGHANISTAN TALIBAN TAKE KABUL AS GHANI FLEES',
  'The Collective Security Treaty Organization ( CSTO ) met in Paris and New York with Mr. Smith .',
].map((s) => s.split(' '));

/** The hash of the feature set: the spec name plus the features of a fixed probe text. */
export function featureHash(res: CompiledResources): string {
  const ctx = documentContext(PROBE);
  const h = createHash('sha256').update(FEATURE_SPEC);
  for (const s of PROBE) for (const f of sentenceFeatures(s, ctx, res)) h.update(f.join('\u0001') + '\n');
  return h.digest('hex').slice(0, 16);
}
