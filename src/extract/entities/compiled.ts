/**
 * The feature templates of `features.ts` compiled for tagging: every token adds the weights of
 * exactly the features `sentenceFeatures` gives it, in the same order (so the float sums, and
 * the labels, are the same to the bit), but without building a feature string per token. A
 * word is looked up once per distinct spelling (its ids, shape, cluster, cues and gazetteer
 * bucket kept in a bounded memo); word pairs, shape triples, casing and gazetteer labels then
 * go by small integers. `test/unit/entities/model.test.ts` checks the ids against the string
 * path, and the golden test pins the output. The story's context aggregates (`contextAggregates`)
 * are numbered once per story and added last, in their sorted order, as the string path does.
 */
import { mapArray } from '../../arrays.ts';
import { asTrainingText, hasLetter, isAllCaps, isInitCap, lowerFormFeatures, norm, shapeOf, type CompiledResources, type Lookup, type Phrase } from './features.ts';

/** What the tagger needs of the model (tables over its packed buffer, `packed.ts`). */
export interface TaggerTables {
  featureIndex: Lookup<number>;
  /** Dense F × L emission weights (row f holds feature f's weight per label). */
  weights: Float32Array;
  resources: CompiledResources;
  /** The words of the word-pair features (`l-1|l=`, `l|l+1=`), numbered. */
  lexicon: Lookup<number>;
  /** The feature id of the word pair (a, b) by lexicon numbers, before (`l-1|l=`) or after; -1 for none. */
  wordPair(isPrev: boolean, a: number, b: number): number;
  /** The clusters at the middle level, in the order the tagger numbers them. */
  clusterMids: readonly string[];
  /** Gazetteer kinds in the order the tagger numbers them. */
  kinds: readonly string[];
}

const L = 17;
/** Spellings per memo generation (two are kept: the words in use survive a turnover). */
const MEMO_MAX = 12_000;
/** Feature ids: plain arrays of small ints (far lighter than a typed array each, in a memo of thousands). */
type Ids = readonly number[];
const NO_IDS: Ids = [];
const NO_TAGS: number[] = [];
const NO_KINDS: readonly string[] = [];

interface ShapeInfo {
  id: number;
  text: string;
  first: Ids;
  mid: Ids;
  shout: Ids;
  /** `dc`, `dc|sh|p` ids by casing code × 3 + position (first, mid, shout), filled on use. */
  dc: Array<Ids | undefined>;
  /** The shape-triple ids with this shape in the middle, by previous × TRIPLE_SPAN + next shape id (small-integer keys). */
  triples: Map<number, Ids>;
}

interface WordInfo {
  /** The token as the features see it. */
  w: string;
  lowerKey: string;
  lw: string;
  shape: ShapeInfo;
  hasLetter: boolean;
  caps: boolean;
  /** All capitals and longer than one character: counts as `upper` in the document context. */
  upper: boolean;
  initCap: boolean;
  base: Ids;
  /** `l-1=`, `l+1=`, `l-2=`, `l+2=` ids of this word as a neighbour (-1: no such feature); fields, not an array: one load less per token. */
  nb0: number;
  nb1: number;
  nb2: number;
  nb3: number;
  /** Id in the word-pair lexicon, -1 when no pair feature names it. */
  lex: number;
  cuePrev: Ids;
  cueNext: Ids;
  /** Its cue kinds (`title`, `orgword` …), for the story's context aggregates. */
  cueKinds: readonly string[];
  /** `ac-1=`, `ac+1=` names of its cue kinds (filled on use; set from the start so every entry has one shape). */
  aggPrev: string[] | null;
  aggNext: string[] | null;
  /** Its cluster at the middle level, -1 for none. */
  cluster: number;
  bucket: readonly Phrase[] | undefined;
  /** `dw=`, `dsh=` ids when this word is the best form of another (filled on use). */
  dw: Ids | null;
  /** Its form in the document numbered `formDoc` (looked up once per document, not per token). */
  form: Form | undefined;
  formDoc: number;
  /** How often the document numbered `formDoc` writes it where `context` counts. */
  count: number;
  /**
   * The scores after the features that depend on the word alone (its own, its shape's, the
   * shouting ones), by first position + 2 × shouting: every token's sum starts with these, in
   * this order, so a copy of the partial sum is the same float32 bits as adding them again.
   */
  prefix: Array<number[] | undefined>;
}

interface PathInfo {
  feats: Ids;
  cluster: number;
}

interface Form {
  lower: number;
  cap: number;
  upper: number;
  best: WordInfo | null;
  bestCount: number;
  /** Its spellings in order of first appearance (each counts itself in `count`: no map per form). */
  spellings: WordInfo[];
  /** Capitalised occurrences `aggregates` counted, the names of their context features, and those features' ids. */
  aggN: number;
  aggFeats: Set<string> | null;
  aggIds: Ids | null;
}

const NEIGHBOUR_PREFIX = ['l-1=', 'l+1=', 'l-2=', 'l+2='];
const DC_NAMES = ['none', 'l', 'c', 'lc', 'u', 'lu', 'cu', 'lcu'];
const WHERE = ['first', 'mid', 'shout'];
const BILU = ['B', 'I', 'L', 'U'];
const SHAPE_MAX = 1 << 16;
const TRIPLES_MAX = 100_000;
/** Shape ids below this key a shape triple by one small integer. */
const TRIPLE_SPAN = 1 << 15;

export class CompiledTagger {
  private readonly index: Lookup<number>;
  private readonly w: Float32Array;
  private readonly lexicon: Lookup<number>;
  private readonly wordPair: TaggerTables['wordPair'];
  private readonly res: CompiledResources;
  private words = new Map<string, WordInfo>();
  private wordsOld = new Map<string, WordInfo>();
  private readonly shapes = new Map<string, ShapeInfo>();
  private triplesKept = 0;
  /** Documents tagged: stamps the memo entries' per-document form. */
  private doc = 0;
  private readonly lexStart: number;
  private readonly lexEnd: number;
  private readonly nbStart: Int32Array;
  private readonly nbEnd: Int32Array;
  private readonly clusterIds = new Map<string, number>();
  /** Per cluster id: `dc3=`, `c-1=`, `c+1=` feature ids. */
  private readonly clusterFeats: Int32Array;
  private readonly cNone: Int32Array;
  private readonly cEdge: Int32Array;
  private readonly kinds: readonly string[];
  /** Per gazetteer label (kind × 4 + B/I/L/U): `g=`+`g|sh=` ids for lower and capital words, `g-1=`, `g+1=`. */
  private readonly gazPart: Array<Ids | undefined> = [];
  private readonly gazPrev: Int32Array;
  private readonly gazNext: Int32Array;
  private readonly kindIds = new Map<string, number>();
  /** `a-1=`, `a+1=` feature names by cluster id. */
  private readonly aggNames: { before: string[]; after: string[] };
  /** Aggregate feature name → id (-1: not in the model). */
  private readonly aggIds = new Map<string, number>();
  private scores = new Float32Array(64 * L);
  /** Per cluster path (a few thousand, from the model): its feature ids and middle cluster. */
  private readonly paths = new Map<string, PathInfo>();
  private noPath: PathInfo | null = null;
  private clusters = new Int32Array(64);

  constructor(t: TaggerTables) {
    this.index = t.featureIndex;
    this.w = t.weights;
    this.res = t.resources;
    this.lexicon = t.lexicon;
    this.wordPair = t.wordPair;
    const id = (f: string) => this.index.get(f) ?? -1;
    this.lexStart = this.lexicon.get('<s>') ?? -1;
    this.lexEnd = this.lexicon.get('</s>') ?? -1;
    this.nbStart = Int32Array.from(NEIGHBOUR_PREFIX, (p) => id(p + '<s>'));
    this.nbEnd = Int32Array.from(NEIGHBOUR_PREFIX, (p) => id(p + '</s>'));
    const feats: number[] = [];
    for (const m of t.clusterMids) {
      this.clusterIds.set(m, this.clusterIds.size);
      feats.push(id('dc3=' + m), id('c-1=' + m), id('c+1=' + m));
    }
    this.clusterFeats = Int32Array.from(feats);
    this.cNone = Int32Array.of(id('c-1=none'), id('c+1=none'));
    this.cEdge = Int32Array.of(id('c-1=<s>'), id('c+1=</s>'));
    this.aggNames = { before: t.clusterMids.map((m) => 'a-1=' + m), after: t.clusterMids.map((m) => 'a+1=' + m) };
    this.kinds = t.kinds;
    this.kinds.forEach((k, i) => this.kindIds.set(k, i));
    this.gazPrev = Int32Array.from({ length: this.kinds.length * 4 }, (_, g) => id(`g-1=${this.gazName(g)}`));
    this.gazNext = Int32Array.from({ length: this.kinds.length * 4 }, (_, g) => id(`g+1=${this.gazName(g)}`));
  }

  private gazName(g: number): string {
    return `${this.kinds[g >> 2]}:${BILU[g & 3]}`;
  }

  private ids(feats: string[]): Ids {
    const found: number[] = [];
    for (const f of feats) {
      const x = this.index.get(f);
      if (x !== undefined) found.push(x);
    }
    return found.length ? found : NO_IDS;
  }

  /**
   * The ids of `b` and `wordFeatureList`'s features, in its order: the word's own features by
   * name, then its cluster path's (made once per path, `path`).
   */
  private baseIds(w: string, lw: string, cue: readonly string[] | undefined, pathFeats: Ids): Ids {
    const names = ['b', 'w=' + norm(w), 'l=' + lw];
    const len = lw.length;
    for (let k = 1; k <= 4 && k < len; k++) names.push(`p${k}=${lw.slice(0, k)}`, `s${k}=${lw.slice(-k)}`);
    if (cue) for (const c of cue) names.push('cue=' + c);
    const own = this.ids(names);
    const lower = this.ids(lowerFormFeatures(w, lw, this.res));
    const base = own.length ? (pathFeats.length ? own.concat(pathFeats) : own) : pathFeats;
    return lower.length ? base.concat(lower) : base;
  }

  /** A cluster path's features (`c1=` … or `c=none`) and its middle-level cluster id, once per path. */
  private path(full: string | undefined): PathInfo {
    if (!full) return (this.noPath ??= { feats: this.ids(['c=none']), cluster: -1 });
    let p = this.paths.get(full);
    if (!p) {
      const parts = full.split('.');
      const names: string[] = [];
      for (let k = 1; k <= parts.length; k++) names.push(`c${k}=${parts.slice(0, k).join('.')}`);
      const mid = parts.slice(0, 3).join('.');
      p = { feats: this.ids(names), cluster: mid ? (this.clusterIds.get(mid) ?? -1) : -1 };
      this.paths.set(full, p);
    }
    return p;
  }

  private shape(text: string): ShapeInfo {
    let s = this.shapes.get(text);
    if (!s) {
      s = {
        id: this.shapes.size,
        text,
        first: this.ids(['sh=' + text, 'sh|p=' + text + '|first']),
        mid: this.ids(['sh=' + text, 'sh|p=' + text + '|mid']),
        shout: this.ids(['shout', 'shout|sh=' + text]),
        dc: [],
        triples: new Map(),
      };
      this.shapes.set(text, s);
    }
    return s;
  }

  /**
   * Drops the memos when they have grown past their bound (endless new spellings), between
   * documents only: a document's entries must stay one per spelling while it is tagged.
   */
  private trim(): void {
    if (this.shapes.size >= SHAPE_MAX / 2) {
      this.words = new Map();
      this.wordsOld = new Map();
      this.shapes.clear();
      this.triplesKept = 0;
      return;
    }
    if (this.triplesKept >= TRIPLES_MAX) {
      for (const sh of this.shapes.values()) sh.triples.clear();
      this.triplesKept = 0;
    }
    if (this.words.size < MEMO_MAX) return;
    this.wordsOld = this.words;
    this.words = new Map();
  }

  /** The memo entry of a token as written (its features are those of its training-text form). */
  private word(raw: string): WordInfo {
    let info = this.words.get(raw);
    if (info) return info;
    info = this.wordsOld.get(raw);
    if (info) {
      this.words.set(raw, info);
      return info;
    }
    const w = asTrainingText(raw);
    if (w !== raw) {
      info = this.word(w);
      this.words.set(raw, info);
      return info;
    }
    const res = this.res;
    const lowerKey = w.toLowerCase();
    const lw = norm(lowerKey);
    const caps = isAllCaps(w);
    const nb = mapArray(NEIGHBOUR_PREFIX, (p) => this.index.get(p + lw) ?? -1);
    const cue = res.cues.get(lw);
    const path = this.path(res.clusters.get(norm(w)) ?? res.clusters.get(lw));
    info = {
      w,
      lowerKey,
      lw,
      shape: this.shape(shapeOf(w)),
      hasLetter: hasLetter(w),
      caps,
      upper: caps && w.length > 1,
      initCap: isInitCap(w),
      base: this.baseIds(w, lw, cue, path.feats),
      nb0: nb[0]!,
      nb1: nb[1]!,
      nb2: nb[2]!,
      nb3: nb[3]!,
      lex: this.lexicon.get(lw) ?? -1,
      cuePrev: cue ? this.ids(mapArray(cue, (c) => 'cue-1=' + c)) : NO_IDS,
      cueNext: cue ? this.ids(mapArray(cue, (c) => 'cue+1=' + c)) : NO_IDS,
      cueKinds: cue ?? NO_KINDS,
      aggPrev: null,
      aggNext: null,
      cluster: path.cluster,
      bucket: res.phrases.get(lowerKey),
      dw: null,
      form: undefined,
      formDoc: -1,
      count: 0,
      prefix: [],
    };
    this.words.set(w, info);
    return info;
  }

  /** The document context of `documentContext`, over memo entries. */
  private context(sentences: WordInfo[][], shouted: boolean[]): Map<string, Form> {
    const forms = new Map<string, Form>();
    for (let s = 0; s < sentences.length; s++) {
      if (shouted[s]) continue;
      const words = sentences[s]!;
      for (let i = 1; i < words.length; i++) {
        const x = words[i]!;
        if (!x.hasLetter) continue;
        let f: Form | undefined;
        if (x.formDoc === this.doc) f = x.form!;
        else {
          f = forms.get(x.lowerKey);
          if (!f) forms.set(x.lowerKey, (f = { lower: 0, cap: 0, upper: 0, best: null, bestCount: 0, spellings: [], aggN: 0, aggFeats: null, aggIds: null }));
          x.form = f;
          x.formDoc = this.doc;
          x.count = 0;
          f.spellings.push(x);
        }
        if (x.upper) f.upper++;
        else if (x.initCap) f.cap++;
        else f.lower++;
        x.count++;
      }
    }
    for (const f of forms.values()) for (const x of f.spellings) if (x.count > f.bestCount) { f.best = x; f.bestCount = x.count; }
    return forms;
  }

  /**
   * Emission scores (n × L) of every sentence of a document, the same as
   * `emissions(featureIds(sentenceFeatures(...)))` sentence by sentence; `each` gets each sentence's scores.
   */
  tagDocument(sentences: string[][], each: (scores: Float32Array, n: number, s: number) => void): void {
    this.trim();
    this.doc++;
    const infos = mapArray(sentences, (ws) => mapArray(ws, (w) => this.word(w)));
    const shouted = mapArray(infos, isShouted);
    const forms = this.context(infos, shouted);
    this.aggregates(infos, shouted);
    for (let s = 0; s < infos.length; s++) {
      const words = infos[s]!;
      if (!words.length) continue;
      each(this.sentence(words, shouted[s]!, forms), words.length, s);
    }
  }

  /**
   * `contextAggregates` of features.ts: on each form written capitalised at least twice (after a
   * sentence's first word, outside shouted sentences), the ids of its sorted aggregate features.
   */
  private aggregates(sentences: WordInfo[][], shouted: boolean[]): void {
    const counted: Form[] = [];
    const names = this.aggNames;
    for (let s = 0; s < sentences.length; s++) {
      if (shouted[s]) continue;
      const words = sentences[s]!;
      const n = words.length;
      for (let i = 1; i < n; i++) {
        const x = words[i]!;
        if (!x.hasLetter || !x.initCap) continue;
        // `context` has given every such word its form for this document.
        const a = x.form!;
        if (!a.aggFeats) {
          a.aggFeats = new Set();
          counted.push(a);
        }
        a.aggN++;
        const f = a.aggFeats;
        const p = words[i - 1]!;
        f.add(p.cluster >= 0 ? names.before[p.cluster]! : 'a-1=none');
        for (const c of (p.aggPrev ??= mapArray(p.cueKinds, (k) => 'ac-1=' + k))) f.add(c);
        if (p.initCap && p.hasLetter) f.add('acap-1');
        if (i + 1 < n) {
          const q = words[i + 1]!;
          f.add(q.cluster >= 0 ? names.after[q.cluster]! : 'a+1=none');
          for (const c of (q.aggNext ??= mapArray(q.cueKinds, (k) => 'ac+1=' + k))) f.add(c);
          if (q.initCap && q.hasLetter) f.add('acap+1');
        } else f.add('a+1=</s>');
      }
    }
    for (const a of counted) {
      if (a.aggN < 2) continue;
      const ids: number[] = [];
      for (const name of [...a.aggFeats!].sort()) {
        let id = this.aggIds.get(name);
        if (id === undefined) this.aggIds.set(name, (id = this.index.get(name) ?? -1));
        if (id >= 0) ids.push(id);
      }
      if (ids.length) a.aggIds = ids;
    }
  }

  private sentence(words: WordInfo[], shouted: boolean, forms: Map<string, Form>): Float32Array {
    const n = words.length;
    if (this.scores.length < n * L) this.scores = new Float32Array(Math.max(n, this.scores.length / L * 2) * L);
    const scores = this.scores;
    const W = this.w;
    const gaz = this.gazetteerTags(words);
    if (this.clusters.length < n) this.clusters = new Int32Array(n * 2);
    const clusters = this.clusters;
    for (let i = 0; i < n; i++) clusters[i] = this.clusterOf(words[i]!, forms);
    const start = this.shape('<s>');
    const end = this.shape('</s>');
    for (let i = 0; i < n; i++) {
      const o = i * L;
      const x = words[i]!;
      const sh = x.shape;
      const variant = (i === 0 ? 1 : 0) + (shouted ? 2 : 0);
      let prefix = x.prefix[variant];
      if (!prefix) {
        const sum = new Float32Array(L);
        addAll(sum, 0, x.base, W);
        addAll(sum, 0, i === 0 ? sh.first : sh.mid, W);
        if (shouted) addAll(sum, 0, sh.shout, W);
        // Kept as doubles: a float32 value converts to a double and back unchanged.
        prefix = x.prefix[variant] = Array.from(sum);
      }
      scores.set(prefix, o);
      addOne(scores, o, i >= 1 ? words[i - 1]!.nb0 : this.nbStart[0]!, W);
      addOne(scores, o, i + 1 < n ? words[i + 1]!.nb1 : this.nbEnd[1]!, W);
      addOne(scores, o, i >= 2 ? words[i - 2]!.nb2 : this.nbStart[2]!, W);
      addOne(scores, o, i + 2 < n ? words[i + 2]!.nb3 : this.nbEnd[3]!, W);
      const lp = i > 0 ? words[i - 1]!.lex : this.lexStart;
      if (lp >= 0 && x.lex >= 0) addOne(scores, o, this.wordPair(true, lp, x.lex), W);
      const ln = i + 1 < n ? words[i + 1]!.lex : this.lexEnd;
      if (ln >= 0 && x.lex >= 0) addOne(scores, o, this.wordPair(false, x.lex, ln), W);
      addAll(scores, o, this.shapeTriple(i > 0 ? words[i - 1]!.shape : start, sh, i + 1 < n ? words[i + 1]!.shape : end), W);
      if (x.hasLetter) {
        const f = this.formOf(x, forms);
        const dc = f ? casing(f, x, !shouted && i > 0) : 0;
        const where = shouted ? 2 : i === 0 ? 0 : 1;
        const slot = dc * 3 + where;
        let got = sh.dc[slot];
        if (!got) got = sh.dc[slot] = this.ids(['dc=' + DC_NAMES[dc], 'dc|sh|p=' + DC_NAMES[dc] + '|' + sh.text + '|' + WHERE[where]]);
        addAll(scores, o, got, W);
        if ((shouted || i === 0) && f?.best) {
          const best = f.best;
          addAll(scores, o, (best.dw ??= this.ids(['dw=' + best.w, 'dsh=' + shapeOf(best.w)])), W);
        }
      }
      const cap = x.initCap ? 1 : 0;
      for (const g of gaz[i]!) {
        const slot = g * 2 + cap;
        let got = this.gazPart[slot];
        if (!got) {
          const name = this.gazName(g);
          const c = cap ? 'C' : 'c';
          got = this.gazPart[slot] = this.ids(['g=' + name, 'g|sh=' + name + '|' + c]);
        }
        addAll(scores, o, got, W);
      }
      if (i > 0) for (const g of gaz[i - 1]!) addOne(scores, o, this.gazPrev[g]!, W);
      if (i + 1 < n) for (const g of gaz[i + 1]!) addOne(scores, o, this.gazNext[g]!, W);
      if (i > 0) addAll(scores, o, words[i - 1]!.cuePrev, W);
      if (i + 1 < n) addAll(scores, o, words[i + 1]!.cueNext, W);
      if (shouted && clusters[i]! >= 0) addOne(scores, o, this.clusterFeats[clusters[i]! * 3]!, W);
      addOne(scores, o, i > 0 ? (clusters[i - 1]! >= 0 ? this.clusterFeats[clusters[i - 1]! * 3 + 1]! : this.cNone[0]!) : this.cEdge[0]!, W);
      addOne(scores, o, i + 1 < n ? (clusters[i + 1]! >= 0 ? this.clusterFeats[clusters[i + 1]! * 3 + 2]! : this.cNone[1]!) : this.cEdge[1]!, W);
      if (x.hasLetter && x.initCap) {
        const a = this.formOf(x, forms)?.aggIds;
        if (a) addAll(scores, o, a, W);
      }
    }
    return scores;
  }

  private shapeTriple(a: ShapeInfo, b: ShapeInfo, c: ShapeInfo): Ids {
    // One huge document of odd symbols can outgrow the key space: then no memo.
    const keyed = a.id < TRIPLE_SPAN && c.id < TRIPLE_SPAN;
    const key = a.id * TRIPLE_SPAN + c.id;
    let got = keyed ? b.triples.get(key) : undefined;
    if (!got) {
      const [p, s, q] = [a.text, b.text, c.text];
      got = this.ids(['sh-1=' + p, 'sh+1=' + q, 'sh-1|sh=' + p + '|' + s, 'sh|sh+1=' + s + '|' + q, 'sh-1|sh|sh+1=' + p + '|' + s + '|' + q]);
      if (keyed) {
        b.triples.set(key, got);
        this.triplesKept++;
      }
    }
    return got;
  }

  /** The word's entry in the document's forms (`context`), kept on the memo entry for the document. */
  private formOf(x: WordInfo, forms: Map<string, Form>): Form | undefined {
    if (x.formDoc === this.doc) return x.form;
    x.form = forms.get(x.lowerKey);
    x.formDoc = this.doc;
    return x.form;
  }

  /** `clusterOf` of features.ts: the word's own cluster, else (in capitals) that of its usual form. */
  private clusterOf(x: WordInfo, forms: Map<string, Form>): number {
    if (x.cluster >= 0) return x.cluster;
    if (x.caps) {
      const best = this.formOf(x, forms)?.best;
      if (best) return best.cluster;
    }
    return -1;
  }

  /** `gazetteerTags` of features.ts, labels as kind × 4 + B/I/L/U. */
  private gazetteerTags(words: WordInfo[]): number[][] {
    const tags: number[][] = new Array<number[]>(words.length).fill(NO_TAGS);
    const push = (at: number, g: number) => (tags[at] === NO_TAGS ? (tags[at] = [g]) : tags[at]!.push(g));
    const bestKind: number[] = [];
    const bestLen: number[] = [];
    for (let i = 0; i < words.length; i++) {
      const bucket = words[i]!.bucket;
      if (!bucket) continue;
      bestKind.length = 0;
      bestLen.length = 0;
      for (const p of bucket) {
        const pw = p.words;
        if (i + pw.length > words.length) continue;
        let ok = true;
        for (let j = 0; j < pw.length; j++) {
          const t = words[i + j]!;
          const e = pw[j]!;
          if (t.w === e) continue;
          if (t.w.length !== e.length || !t.caps || t.w !== e.toUpperCase()) { ok = false; break; }
        }
        if (!ok) continue;
        const kind = this.kindIds.get(p.kind)!;
        const at = bestKind.indexOf(kind);
        if (at < 0) { bestKind.push(kind); bestLen.push(pw.length); }
        else if (pw.length > bestLen[at]!) bestLen[at] = pw.length;
      }
      for (let k = 0; k < bestKind.length; k++) {
        const g = bestKind[k]! * 4;
        const len = bestLen[k]!;
        if (len === 1) push(i, g + 3);
        else for (let j = 0; j < len; j++) push(i + j, g + (j === 0 ? 0 : j === len - 1 ? 2 : 1));
      }
    }
    return tags;
  }
}

// Dense rows: adding a zero weight leaves a float32 sum as it was (the scores start at +0 and
// no sum is -0), so summing whole rows gives the bits the sparse rows gave before.
function addOne(scores: Float32Array, o: number, id: number, w: Float32Array): void {
  if (id >= 0) addRow(scores, o, id * L, w);
}

function addAll(scores: Float32Array, o: number, ids: Ids, w: Float32Array): void {
  for (let j = 0; j < ids.length; j++) addRow(scores, o, ids[j]! * L, w);
}

/** Row b of the weights onto the scores at o, written out (L = 17): no loop in the hottest spot. */
function addRow(s: Float32Array, o: number, b: number, w: Float32Array): void {
  s[o + 0]! += w[b + 0]!;
  s[o + 1]! += w[b + 1]!;
  s[o + 2]! += w[b + 2]!;
  s[o + 3]! += w[b + 3]!;
  s[o + 4]! += w[b + 4]!;
  s[o + 5]! += w[b + 5]!;
  s[o + 6]! += w[b + 6]!;
  s[o + 7]! += w[b + 7]!;
  s[o + 8]! += w[b + 8]!;
  s[o + 9]! += w[b + 9]!;
  s[o + 10]! += w[b + 10]!;
  s[o + 11]! += w[b + 11]!;
  s[o + 12]! += w[b + 12]!;
  s[o + 13]! += w[b + 13]!;
  s[o + 14]! += w[b + 14]!;
  s[o + 15]! += w[b + 15]!;
  s[o + 16]! += w[b + 16]!;
}

/** `casingElsewhere` of features.ts as a code: bit 1 lower, 2 capitalised, 4 capitals; 0 none. */
function casing(f: Form, x: WordInfo, selfCounted: boolean): number {
  let { lower, cap, upper } = f;
  if (selfCounted) {
    if (x.upper) upper--;
    else if (x.initCap) cap--;
    else lower--;
  }
  return (lower > 0 ? 1 : 0) | (cap > 0 ? 2 : 0) | (upper > 0 ? 4 : 0);
}

function isShouted(words: WordInfo[]): boolean {
  let letters = 0;
  let caps = 0;
  for (const x of words) {
    if (!x.hasLetter) continue;
    letters++;
    if (x.upper) caps++;
  }
  return letters >= 2 && caps / letters >= 0.6;
}

