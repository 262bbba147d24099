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

/** What the features read of a word list: a `Map`, or a table over a packed buffer (`packed.ts`). */
export interface Lookup<V> {
  get(key: string): V | undefined;
}

export interface Phrase {
  words: string[];
  kind: string;
}

export interface CompiledResources {
  /** First word (lower case) → phrases starting with it, as token lists, with their kind. */
  phrases: Lookup<readonly Phrase[]>;
  cues: Lookup<readonly string[]>;
  clusters: Lookup<string>;
  /** Word → its position-free features (memo, bounded). */
  wordCache: Map<string, string[]>;
  /** Word → its cluster at the middle level, '' for none (memo, bounded). */
  clusterMid: Map<string, string>;
}

/** Bumped by hand for changes the probe text cannot see. */
export const FEATURE_SPEC = 'wiredesk-ner-features/7';

const WORD_CACHE_MAX = 20_000;

const PLAIN_PHRASE = /^[A-Za-z]+(?:[ -][A-Za-z]+)*$/;

/** The word lists as maps (`phrases` in order of first word, each bucket in list order). */
export function compileResources(res: Resources): CompiledResources & { phrases: Map<string, Phrase[]>; cues: Map<string, string[]> } {
  const phrases = new Map<string, Phrase[]>();
  for (const [kind, list] of Object.entries(res.gazetteers)) {
    for (const phrase of list) {
      // Plain words split on spaces as the tokenizer would; anything else goes through it.
      const words = PLAIN_PHRASE.test(phrase) ? phrase.split(' ').filter(Boolean) : tokenize(phrase).map((t) => t.text);
      if (!words.length) continue;
      const key = words[0]!.toLowerCase();
      let bucket = phrases.get(key);
      if (!bucket) phrases.set(key, (bucket = []));
      bucket.push({ words, kind });
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
  return { phrases, cues, clusters: new Map(Object.entries(res.clusters)), wordCache: new Map(), clusterMid: new Map() };
}

/**
 * Typographic forms as the (1996, ASCII) training text writes them: curly quotes and
 * apostrophes straight, an em dash `--`, an en dash `-`.
 */
const TYPOGRAPHIC = /[’‘‚“”„«»—–…]/;
export function asTrainingText(w: string): string {
  if (!TYPOGRAPHIC.test(w)) return w;
  return w.replace(/[’‘‚]/g, "'").replace(/[“”„«»]/g, '"').replace(/—/g, '--').replace(/–/g, '-').replace(/…/g, '...');
}

/** How a word is written: `Xxxx` → `Xx`, `U.S.` → `X.X.`, `1996-08-22` → `d-d-d`. */
export function shapeOf(w: string): string {
  let out = '';
  let last = '';
  for (let i = 0; i < w.length; i++) {
    const code = w.charCodeAt(i);
    let c: string;
    if (code >= 65 && code <= 90) c = 'X';
    else if (code >= 97 && code <= 122) c = 'x';
    else if (code >= 48 && code <= 57) c = 'd';
    else if (code < 128) c = w[i]!;
    else {
      const ch = String.fromCodePoint(w.codePointAt(i)!);
      if (ch.length === 2) i++;
      c = /\p{Lu}/u.test(ch) ? 'X' : /\p{L}/u.test(ch) ? 'x' : /\p{N}/u.test(ch) ? 'd' : ch;
    }
    if (c !== last) out += c;
    last = c;
  }
  return out;
}

const ASCII = /^[\x00-\x7f]*$/;
export function isAllCaps(w: string): boolean {
  if (!ASCII.test(w)) return /\p{Lu}/u.test(w) && !/\p{Ll}/u.test(w);
  let upper = false;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) upper = true;
  }
  return upper;
}
export function isInitCap(w: string): boolean {
  const c = w.charCodeAt(0);
  return c < 128 ? c >= 65 && c <= 90 : /^\p{Lu}/u.test(w);
}
export function hasLetter(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i) | 32;
    if (c >= 97 && c <= 122) return true;
  }
  return !ASCII.test(w) && /\p{L}/u.test(w);
}

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
  /** Lower-case word → the contexts of all its capitalised mentions in the story (`contextAggregates`). */
  agg: Map<string, string[]>;
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

/**
 * What the story says around a capitalised word, summed over all its capitalised mentions
 * inside mixed-case sentences (not the first word), for words mentioned so at least twice: the clusters of the words before
 * and after (`a-1=`, `a+1=`), the cue kinds there (`ac-1=title`, `ac+1=orgword`) and whether a
 * capitalised word stands next to it (`acap-1`, `acap+1`). So `Putin` alone after `said` also
 * reads the `President` before its first mention, and a headline's `TALIBAN` the body's
 * contexts. Each list is sorted, so both feature paths add the weights in one order.
 */
export function contextAggregates(sentences: string[][], res: CompiledResources): Map<string, string[]> {
  const found = new Map<string, { n: number; feats: Set<string> }>();
  for (const words of sentences) {
    if (isShoutedSentence(words)) continue;
    const n = words.length;
    // Mid-sentence mentions only: a capital there is the word's own, not the sentence's.
    for (let i = 1; i < n; i++) {
      const w = words[i]!;
      if (!hasLetter(w) || !isInitCap(w)) continue;
      const k = w.toLowerCase();
      let a = found.get(k);
      if (!a) found.set(k, (a = { n: 0, feats: new Set() }));
      a.n++;
      a.feats.add('a-1=' + (clusterOf(res, words[i - 1]!, null) ?? 'none'));
      a.feats.add('a+1=' + (i + 1 < n ? (clusterOf(res, words[i + 1]!, null) ?? 'none') : '</s>'));
      for (const c of res.cues.get(norm(words[i - 1]!.toLowerCase())) ?? []) a.feats.add('ac-1=' + c);
      if (isInitCap(words[i - 1]!) && hasLetter(words[i - 1]!)) a.feats.add('acap-1');
      if (i + 1 < n) {
        for (const c of res.cues.get(norm(words[i + 1]!.toLowerCase())) ?? []) a.feats.add('ac+1=' + c);
        if (isInitCap(words[i + 1]!) && hasLetter(words[i + 1]!)) a.feats.add('acap+1');
      }
    }
  }
  const out = new Map<string, string[]>();
  for (const [k, a] of found) if (a.n >= 2) out.set(k, [...a.feats].sort());
  return out;
}

export function documentContext(sentences: string[][], res: CompiledResources | null = null): DocContext {
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
  return { forms, agg: res ? contextAggregates(sentences, res) : new Map() };
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

const DIGIT = /\d/;
export const norm = (w: string) => (DIGIT.test(w) ? w.replace(/\d/g, '0') : w);

/** The features of a word wherever it stands: its form, shape, affixes, cues and cluster. */
export function wordFeatureList(w: string, res: CompiledResources): string[] {
  const lw = norm(w.toLowerCase());
  const f = ['w=' + norm(w), 'l=' + lw];
  const len = lw.length;
  for (let k = 1; k <= 4 && k < len; k++) f.push(`p${k}=${lw.slice(0, k)}`, `s${k}=${lw.slice(-k)}`);
  const cue = res.cues.get(lw);
  if (cue) for (const c of cue) f.push('cue=' + c);
  const path = res.clusters.get(norm(w)) ?? res.clusters.get(lw);
  if (path) {
    const parts = path.split('.');
    for (let k = 1; k <= parts.length; k++) f.push(`c${k}=${parts.slice(0, k).join('.')}`);
  } else f.push('c=none');
  f.push(...lowerFormFeatures(w, lw, res));
  return f;
}

/**
 * For a word with capitals, how newswire uses its lower-case form: that form's cluster (coarse,
 * middle), or `lc=none` when newswire never writes it so (a name's mark: `Blackburn`, not `Bank`).
 */
export function lowerFormFeatures(w: string, lw: string, res: CompiledResources): string[] {
  if (norm(w) === lw) return [];
  const path = res.clusters.get(lw);
  if (!path) return ['lc=none'];
  const parts = path.split('.');
  return ['lc1=' + parts[0]!, 'lc3=' + parts.slice(0, 3).join('.')];
}

function wordFeatures(w: string, res: CompiledResources): string[] {
  let f = res.wordCache.get(w);
  if (f) return f;
  f = wordFeatureList(w, res);
  if (res.wordCache.size >= WORD_CACHE_MAX) res.wordCache.clear();
  res.wordCache.set(w, f);
  return f;
}

/** A word's cluster at the middle level (256 clusters), for neighbouring-word features. */
function clusterOf(res: CompiledResources, w: string, ctx: DocContext | null): string | undefined {
  let path = res.clusterMid.get(w);
  if (path === undefined) {
    const full = res.clusters.get(norm(w)) ?? res.clusters.get(norm(w.toLowerCase()));
    path = full === undefined ? '' : full.split('.').slice(0, 3).join('.');
    if (res.clusterMid.size >= WORD_CACHE_MAX) res.clusterMid.clear();
    res.clusterMid.set(w, path);
  }
  if (path) return path;
  if (ctx && isAllCaps(w)) {
    const best = ctx.forms.get(w.toLowerCase())?.best;
    if (best) return clusterOf(res, best, null);
  }
  return undefined;
}

/**
 * Builds one token's features: `part(key, make)` adds a group of features that depends on one
 * word or shape only (cacheable under `key`), `one(f)` adds a single feature.
 */
type Emit = { part: (kind: number, key: string, make: () => string[]) => void; one: (f: string) => void };
const NEIGHBOURS = [[4, '-1', -1], [5, '+1', 1], [6, '-2', -2], [7, '+2', 2]] as const;

function emitSentence(words: string[], ctx: DocContext, res: CompiledResources, begin: () => void, e: Emit, end: () => void): void {
  const n = words.length;
  const shouted = isShoutedSentence(words);
  const lower = words.map((w) => norm(w.toLowerCase()));
  const shapes = words.map(shapeOf);
  const gaz = gazetteerTags(words, res);
  const clusters = words.map((w) => clusterOf(res, w, ctx));
  const at = (a: string[], i: number) => (i < 0 ? '<s>' : i >= n ? '</s>' : a[i]!);
  for (let i = 0; i < n; i++) {
    begin();
    const w = words[i]!;
    const lw = lower[i]!;
    const sh = shapes[i]!;
    const pos = i === 0 ? 'first' : 'mid';
    e.part(0, w, () => ['b', ...wordFeatures(w, res)]);
    e.part(i === 0 ? 1 : 2, sh, () => ['sh=' + sh, 'sh|p=' + sh + '|' + pos]);
    if (shouted) e.part(3, sh, () => ['shout', 'shout|sh=' + sh]);
    for (const [kind, rel, j] of NEIGHBOURS) {
      const x = at(lower, i + j);
      e.part(kind, x, () => [`l${rel}=${x}`]);
    }
    e.one('l-1|l=' + at(lower, i - 1) + '|' + lw);
    e.one('l|l+1=' + lw + '|' + at(lower, i + 1));
    const shp = at(shapes, i - 1);
    const shn = at(shapes, i + 1);
    e.part(8, shp + '\u0001' + sh + '\u0001' + shn, () => [
      'sh-1=' + shp, 'sh+1=' + shn, 'sh-1|sh=' + shp + '|' + sh, 'sh|sh+1=' + sh + '|' + shn, 'sh-1|sh|sh+1=' + shp + '|' + sh + '|' + shn,
    ]);
    if (hasLetter(w)) {
      const selfCounted = !shouted && i > 0;
      const dc = casingElsewhere(ctx, w, selfCounted);
      const where = shouted ? 'shout' : pos;
      e.part(9, dc + '\u0001' + sh + '\u0001' + where, () => ['dc=' + dc, 'dc|sh|p=' + dc + '|' + sh + '|' + where]);
      if (shouted || i === 0) {
        const best = ctx.forms.get(w.toLowerCase())?.best;
        if (best) e.part(10, best, () => ['dw=' + best, 'dsh=' + shapeOf(best)]);
      }
    }
    const cap = isInitCap(w) ? 'C' : 'c';
    for (const g of gaz[i]!) e.part(11, g + cap, () => ['g=' + g, 'g|sh=' + g + '|' + cap]);
    if (i > 0) for (const g of gaz[i - 1]!) e.one('g-1=' + g);
    if (i + 1 < n) for (const g of gaz[i + 1]!) e.one('g+1=' + g);
    const cuePrev = i > 0 ? res.cues.get(lower[i - 1]!) : undefined;
    if (cuePrev) for (const c of cuePrev) e.one('cue-1=' + c);
    const cueNext = i + 1 < n ? res.cues.get(lower[i + 1]!) : undefined;
    if (cueNext) for (const c of cueNext) e.one('cue+1=' + c);
    if (shouted) {
      // In a shouting line the written form says little: the cluster of the form used elsewhere.
      const c = clusters[i];
      if (c) e.one('dc3=' + c);
    }
    e.one('c-1=' + (i > 0 ? (clusters[i - 1] ?? 'none') : '<s>'));
    e.one('c+1=' + (i + 1 < n ? (clusters[i + 1] ?? 'none') : '</s>'));
    if (hasLetter(w) && isInitCap(w)) for (const a of ctx.agg.get(w.toLowerCase()) ?? []) e.one(a);
    end();
  }
}

/** The features of every token of one sentence, as strings (training, hashing). */
export function sentenceFeatures(words: string[], ctx: DocContext, res: CompiledResources): string[][] {
  const out: string[][] = [];
  let f: string[] = [];
  emitSentence(words, ctx, res, () => { f = []; }, { part: (_kind, _k, make) => { f.push(...make()); }, one: (x) => { f.push(x); } }, () => { out.push(f); });
  return out;
}

const PROBE = [
  'EU rejects German call to boycott British lamb .',
  'Russian President Vladimir Putin said on Tuesday that Moscow will not interfere , reported Tass .',
  "Peter Blackburn of the U.S. Federal Reserve Bank told 1,250 shareholders in Portland , Ore. , that it 's over .",
  'AFGHANISTAN TALIBAN TAKE KABUL AS GHANI FLEES',
  'The Collective Security Treaty Organization ( CSTO ) met in Paris and New York with Mr. Smith .',
  'Smith said Blackburn Corp would wait , and the Kremlin agreed with Smith .',
].map((s) => s.split(' '));

/** The hash of the feature set: the spec name plus the features of a fixed probe text. */
export function featureHash(res: CompiledResources): string {
  const ctx = documentContext(PROBE, res);
  const h = createHash('sha256').update(FEATURE_SPEC);
  for (const s of PROBE) for (const f of sentenceFeatures(s, ctx, res)) h.update(f.join('\u0001') + '\n');
  return h.digest('hex').slice(0, 16);
}
