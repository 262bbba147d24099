/**
 * The attribution rules: one table, one entry per pattern a story uses to say who speaks. Each
 * rule reads a quote's context (built once per quote, never changed by a rule) and proposes
 * candidate speakers with its evidence; the ranker (ranker.ts) chooses among every rule's
 * proposals and the nearby names. The table's order and each rule's `precedence` are the old
 * hand-written cascade, kept as evidence: `first` is the rule the cascade would have trusted.
 *
 * To add a pattern: add an entry with a `name`, an `example` (a sentence in wire style, run as a
 * unit test: the rule must fire on it and propose `speaker`) and a `match` that returns
 * candidates. Word lists go in lexicon.ts.
 */
import { isOutlet, jointNP, lastEventBefore, nounPhrase, npAfter, npBefore, resolveNP, sentenceSubject, speakerOfReferent, type Doc, type NounPhrase, type Resolved, type SpeechEvent } from './attribute.ts';
import { SPEECH_VERBS } from './lexicon.ts';
import type { NameMention } from './names.ts';
import { lowerBound } from './tokens.ts';

/** What a rule reads about one quote: computed once before any rule runs, read only. */
export interface CueContext {
  doc: Doc;
  openTok: number;
  closeTok: number;
  /** The quote's sentence context: tokens [lo, openTok) and (closeTok, hi]. */
  lo: number;
  hi: number;
  /** The first token after the punctuation right after the quote, and whether a dash was there. */
  rStart: number;
  dash: boolean;
  /** The quote is woven into its sentence (partial). */
  partial: boolean;
  /** The quote opens its paragraph (its opening mark is the paragraph's first character). */
  opensParagraph: boolean;
  /** Cue events around the quote, as the attribution shapes read them. */
  rightNear?: SpeechEvent;
  rightLater?: SpeechEvent;
  leftAdj?: SpeechEvent;
  leftStrong?: SpeechEvent;
  leftWeak?: SpeechEvent;
  reportEv?: SpeechEvent;
  /** A partial quote that closes on its own punctuation right before its `said X`. */
  closesOnCue: boolean;
  /** The event the verb rules' precedence puts first (the cascade's choice among them). */
  firstEvent?: SpeechEvent;
}

export interface Candidate {
  speaker: Resolved | null;
  verb: string | null;
  /** The rule that proposed it. */
  rule: string;
  /** The `how` text the quote carries when this candidate wins. */
  how: string;
  /** The cascade's confidence for this rule (a prior, and a feature of the ranker). */
  prior: number;
  /** Lower is trusted first by the cascade. */
  precedence: number;
  /** How the speaker is written where the rule found it. */
  written: 'name' | 'pronoun' | 'description' | 'none';
  /** The pronoun or description head, when written so. */
  head?: string;
  /** The speech event behind it, if any. */
  event?: SpeechEvent;
  /** The cue sits right beside the quote. */
  adjacent: boolean;
}

/** A candidate with every field set, in one order: one object shape for all of them. */
function candidate(
  speaker: Resolved | null, verb: string | null, rule: string, how: string, prior: number, precedence: number,
  written: Candidate['written'], head: string | undefined, event: SpeechEvent | undefined, adjacent: boolean,
): Candidate {
  return { speaker, verb, rule, how, prior, precedence, written, head, event, adjacent };
}

export interface Rule {
  name: string;
  /** One sentence the rule reads, and the speaker it must propose there. */
  example: { text: string; speaker: string | null };
  match(ctx: CueContext): Candidate[];
}

/** Candidate from a speech event, with the pronoun/description note the cascade put in `how`. */
function fromEvent(ctx: CueContext, e: SpeechEvent | undefined, rule: string, how: string, prior: number, precedence: number): Candidate[] {
  if (!e) return [];
  const h = how || (e.inverted ? 'said-X after quote' : 'X-said after quote');
  const s = e.speaker;
  let note = '';
  let p = prior;
  if (e.np.kind === 'pronoun') { note = s ? `, ${e.np.head} → ${s.name}` : `, ${e.np.head} unresolved`; p -= 0.1; }
  else if (e.np.kind === 'description') { note = s ? `, description → ${s.name}` : ', unnamed source'; p -= s ? 0.15 : 0; }
  const tk = ctx.doc.tokens;
  const adjacent = e === ctx.rightNear || (e === ctx.leftAdj && !tk.slice(e.after, ctx.openTok).some((t) => t.word));
  return [candidate(s, e.verbText, rule, h + note, p, precedence, e.np.kind, e.np.head, e, adjacent)];
}

/** The verb-of-saying rules' precedence: their place in the cascade's order, which differs for full and partial quotes. */
const precedenceOf = (ctx: CueContext, rule: string): number => {
  const full = ['said-after-quote', 'said-before-quote', 'said-later-in-sentence', 'speech-verb-earlier', 'comment-verb-earlier'];
  const partial = ['said-before-quote', 'speech-verb-earlier', 'said-after-quote', 'comment-verb-earlier', 'said-later-in-sentence'];
  if (!ctx.partial) return full.indexOf(rule);
  if (rule === 'said-after-quote' && ctx.closesOnCue) return -0.5;
  return partial.indexOf(rule);
};

export const RULES: Rule[] = [
  {
    name: 'said-after-quote',
    example: { text: '"Rates will stay where they are," Anna Berg said.', speaker: 'Anna Berg' },
    match: (ctx) => fromEvent(ctx, ctx.rightNear, 'said-after-quote', ctx.partial && !ctx.closesOnCue ? 'X-said after quote' : '', ctx.partial ? (ctx.closesOnCue ? 0.9 : 0.85) : 0.95, precedenceOf(ctx, 'said-after-quote')),
  },
  {
    name: 'said-before-quote',
    example: { text: 'Anna Berg said: "Rates will stay where they are."', speaker: 'Anna Berg' },
    match: (ctx) => {
      const colon = !ctx.partial && ctx.doc.tokens[ctx.openTok - 1]?.text === ':';
      return fromEvent(ctx, ctx.leftAdj, 'said-before-quote', colon ? 'X said: before quote' : 'X said before quote', 0.9, precedenceOf(ctx, 'said-before-quote'));
    },
  },
  {
    name: 'said-later-in-sentence',
    example: { text: '"Rates will stay where they are" for now, Anna Berg said on Tuesday.', speaker: 'Anna Berg' },
    match: (ctx) => fromEvent(ctx, ctx.rightLater, 'said-later-in-sentence', 'X said later in sentence', ctx.partial ? 0.7 : 0.8, precedenceOf(ctx, 'said-later-in-sentence')),
  },
  {
    name: 'speech-verb-earlier',
    example: { text: 'Anna Berg said on Tuesday that rates would "stay where they are for now".', speaker: 'Anna Berg' },
    match: (ctx) => fromEvent(ctx, ctx.leftStrong, 'speech-verb-earlier', ctx.partial ? 'partial quote in X-said sentence' : 'speech verb earlier in sentence',
      ctx.partial ? 0.85 : 0.75, precedenceOf(ctx, 'speech-verb-earlier')),
  },
  {
    name: 'comment-verb-earlier',
    example: { text: 'Anna Berg called the rise "a mistake we will not repeat".', speaker: 'Anna Berg' },
    match: (ctx) => fromEvent(ctx, ctx.leftWeak, 'comment-verb-earlier', ctx.partial ? 'partial quote after a verb of comment' : 'verb of comment earlier in sentence',
      ctx.partial ? 0.7 : 0.65, precedenceOf(ctx, 'comment-verb-earlier')),
  },
  {
    name: 'name-before-colon',
    example: { text: 'Central bank governor Anna Berg: "Rates will stay where they are."', speaker: 'Anna Berg' },
    match: (ctx) => {
      const { doc, lo, openTok } = ctx;
      const tk = doc.tokens;
      if (tk[openTok - 1]?.text !== ':') return [];
      const m = doc.mentionByLast.get(openTok - 2);
      const chosen = ctx.firstEvent;
      if (!m || m.first < lo || m.possessive || m.inQuote || m.kind === 'location' || m.referent?.kind === 'location' || isOutlet(m)) return [];
      // Only when no verb rule reads the quote, or the verb's cue ends before the name.
      if (chosen && !(chosen === ctx.leftAdj && chosen.after <= m.first && chosen.np.last < m.first)) return [];
      // not an object (`wrote to Roffman:`, `quoting da Vinci in Italian:`, `Bush's Facebook post:`)
      if (/^(?:to|about|in|on|from|of|with|by|at|for|into|toward|towards|against|quoting|citing|like)$/.test(tk[m.first - 1]?.lower ?? '')) return [];
      if (/['’]s?$/.test(tk[m.first - 1]?.text ?? '')) return [];
      const r = resolveNP(doc, jointNP(doc, m, lo), m.first, null);
      return r ? [candidate(r, null, 'name-before-colon', 'name before a colon', 0.8, -1, 'name', undefined, undefined, false)] : [];
    },
  },
  {
    name: 'according-to',
    example: { text: '"Rates will stay where they are," according to Anna Berg.', speaker: 'Anna Berg' },
    match: (ctx) => {
      const { doc, lo, hi } = ctx;
      const tk = doc.tokens;
      for (let i = lo; i <= hi; i++) {
        if (doc.quoted[i] || tk[i]?.lower !== 'according' || tk[i + 1]?.lower !== 'to') continue;
        const np = npAfter(doc, i + 2, hi);
        if (!np) continue;
        return [candidate(resolveNP(doc, np, i, null), 'according to', 'according-to', 'according to X', 0.85, 10, np.kind, np.head, undefined, false)];
      }
      return [];
    },
  },
  {
    name: 'em-dash',
    example: { text: '"Rates will stay where they are." — Anna Berg', speaker: 'Anna Berg' },
    match: (ctx) => {
      if (!ctx.dash || ctx.rStart > ctx.hi) return [];
      const np = npAfter(ctx.doc, ctx.rStart, ctx.hi);
      const r = np && np.kind === 'name' ? resolveNP(ctx.doc, np, ctx.rStart, null) : null;
      return r ? [candidate(r, null, 'em-dash', 'em-dash attribution', 0.8, 20, 'name', undefined, undefined, true)] : [];
    },
  },
  {
    name: 'colon-introduced',
    example: { text: 'Anna Berg on the outlook: "Rates will stay where they are."', speaker: 'Anna Berg' },
    match: (ctx) => {
      const { doc, lo, openTok } = ctx;
      if (doc.tokens[openTok - 1]?.text !== ':' || lo >= openTok - 1) return [];
      const np = npBefore(doc, lo + 1 < openTok ? firstNpEnd(doc, lo, openTok - 2) + 1 : lo, lo)
        ?? sentenceSubject(doc, lo, openTok - 1) ?? subjectMention(doc, lo, openTok);
      if (!np || (np.kind !== 'name' && np.kind !== 'pronoun')) return [];
      const r = resolveNP(doc, np, lo, null);
      return r ? [candidate(r, null, 'colon-introduced', 'colon-introduced', 0.6, 21, np.kind, np.head, undefined, true)] : [];
    },
  },
  {
    name: 'block-quote-after-colon',
    example: { text: 'Anna Berg released the following statement:\n\n"Rates will stay where they are."', speaker: 'Anna Berg' },
    match: (ctx) => {
      const { doc, openTok } = ctx;
      const tk = doc.tokens;
      const prevEnd = openTok - 1;
      if (!ctx.opensParagraph || tk[prevEnd]?.text !== ':' || doc.quoted[prevEnd]) return [];
      const sent = doc.sentence[prevEnd];
      const ev = lastEventBefore(doc, prevEnd + 1, (e) => doc.sentence[e.verb] === sent && !e.report, 20);
      let r = ev?.speaker ?? null;
      if (!ev) {
        let subj: NameMention | undefined;
        for (let j = lowerBound(doc.mentions, prevEnd, (m) => m.last) - 1; j >= 0 && doc.sentence[doc.mentions[j]!.last] === sent; j--) {
          const m = doc.mentions[j]!;
          if (m.subject && !m.possessive && !m.inQuote) { subj = m; break; }
        }
        r = subj?.referent ? speakerOfReferent(subj.referent, subj) : null;
        let s0 = prevEnd;
        while (s0 > 0 && doc.sentence[s0 - 1] === sent) s0--;
        // `On July 6, 2015, Sanders made the following comment:`, `Stated Stone:`
        const np = r ? null : verbFirst(doc, s0, prevEnd) ?? sentenceSubject(doc, s0, prevEnd);
        if (np && np.kind === 'name' && np.mention?.referent && np.mention.referent.kind !== 'location') r = speakerOfReferent(np.mention.referent, np.mention);
      }
      if (!ev && !r) return [];
      return [candidate(r, ev?.verbText ?? null, 'block-quote-after-colon', 'block quote after a colon', r ? 0.75 : 0.6, 22, ev ? ev.np.kind : 'name', undefined, ev, false)];
    },
  },
  {
    name: 'outlet-reported',
    example: { text: '"Rates will stay where they are," Tass reported.', speaker: 'Tass' },
    match: (ctx) => {
      const e = ctx.reportEv;
      if (!e) return [];
      return [candidate(e.speaker, e.verbText, 'outlet-reported', 'outlet reported', 0.7, 30, e.np.kind, undefined, e, false)];
    },
  },
];

/** The verb-of-saying rules (the first five), and the rules that read what they chose. */
export const VERB_RULES = RULES.slice(0, 5);
export const OTHER_RULES = RULES.slice(5);

/** The event the verb rules' precedence puts first, from their proposals. */
export function firstVerbEvent(verbCands: Candidate[]): SpeechEvent | undefined {
  let best: Candidate | undefined;
  for (const c of verbCands) if (!best || c.precedence < best.precedence) best = c;
  return best?.event;
}

/**
 * The cascade over the table's proposals: which candidate the hand-written order trusts. The verb
 * rules and `name-before-colon` compete by precedence; `according-to` answers when they found no
 * speaker; the rest only when nothing cued the quote. Returns the candidate and whether a cue was
 * read at all (a cued quote with no speaker is an unnamed source).
 */
export function cascade(cands: Candidate[]): { pick: Candidate | null; cued: boolean } {
  let pick: Candidate | null = null;
  for (const c of cands) if (c.precedence < 10 && (!pick || c.precedence < pick.precedence)) pick = c;
  const acc = cands.find((c) => c.rule === 'according-to');
  if (acc && !pick?.speaker) pick = acc;
  if (!pick) {
    for (const rule of ['em-dash', 'colon-introduced', 'block-quote-after-colon']) {
      const c = cands.find((x) => x.rule === rule);
      if (c) { pick = c; break; }
    }
  }
  const report = cands.find((c) => c.rule === 'outlet-reported');
  if (report && !pick) pick = report;
  return { pick, cued: !!pick };
}

/** `Stated Stone:` — a capitalised verb of saying, then the name that ends at the colon. */
function verbFirst(doc: Doc, s0: number, colon: number): NounPhrase | null {
  const v = doc.tokens[s0];
  const m = doc.mentionByLast.get(colon - 1);
  if (!v?.cap || !SPEECH_VERBS.has(v.lower) || !m || m.first !== s0 + 1) return null;
  return nounPhrase('name', m.first, m.last, m, undefined, undefined, m.text, m.words[m.words.length - 1]!.toLowerCase());
}

/** The last name before `to` in [lo, to) that stands as a subject (followed by its verb). */
export function subjectMention(doc: Doc, lo: number, to: number): NounPhrase | null {
  for (let i = to - 1; i >= lo; i--) {
    const m = doc.mentionByLast.get(i);
    if (m && m.subject && !m.possessive && !m.inQuote && m.first >= lo) return nounPhrase('name', m.first, m.last, m, undefined, undefined, m.text, m.words[m.words.length - 1]!.toLowerCase());
  }
  return null;
}

/** The token index where the first noun phrase of [lo, hi] ends (for colon-introduced quotes). */
function firstNpEnd(doc: Doc, lo: number, hi: number): number {
  for (let i = lo; i <= hi; i++) {
    const m = doc.mentionByFirst.get(i);
    if (m) return m.last;
    const t = doc.tokens[i]!;
    if (t.word && /^(?:he|she|they|it)$/.test(t.lower)) return i;
    if (t.word && !/^(?:but|and|so|then|later|earlier|in|on|at)$/.test(t.lower)) break;
  }
  return lo - 1;
}
