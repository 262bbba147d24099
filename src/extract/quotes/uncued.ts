/**
 * The uncued rules: who speaks a quote that has no cue of its own (no verb of saying, no
 * `according to`, no colon or dash beside it). One table, one entry per pattern, tried in order
 * for each such quote in story order (a quote resolved here can lend its speaker to the next).
 * Each rule has a `name`, an `example` (run as a unit test: the rule decides the example's quote
 * number `quote` and gives `speaker`) and a `match` that returns its answer or null to pass.
 * An answer with a null speaker stops the search: the text shows someone unnamed speaks.
 */
import { isSpeechVerb, lastEventBefore, resolveNP, sentenceSubject, speakerOfReferent, WEAK_SPEECH_VERBS, type Doc, type Resolved } from './attribute.ts';
import { contexts, tokenAt, type Piece } from './piece.ts';
import { subjectMention } from './rules.ts';
import { lowerBound, tokenIndexAt } from './tokens.ts';

/** What an uncued rule reads: the quote, the quotes of the story, and the last one kept as speech. */
export interface UncuedContext {
  doc: Doc;
  pieces: Piece[];
  k: number;
  pc: Piece;
  prev: Piece | undefined;
  paras: Array<{ start: number; end: number }>;
  /** The quote's sentence context, tokens [lo, openTok) and (closeTok, hi]. */
  lo: number;
  hi: number;
}

export interface UncuedAnswer {
  speaker: Resolved | null;
  verb?: string | null;
  via?: string | null;
  confidence: number;
}

export interface UncuedRule {
  name: string;
  /** The `how` a quote decided by this rule carries. */
  how: string;
  example: { text: string; quote: number; speaker: string | null };
  match(ctx: UncuedContext): UncuedAnswer | null;
}

export const UNCUED_RULES: readonly UncuedRule[] = [
  {
    // `"…" and "…," Dean proclaimed`: quotes joined by `and` share the next one's attribution.
    name: 'joined-to-next-quote',
    how: 'joined to the next quote',
    example: { text: '"We will not give up on this town" and "we will win the vote," Tom Ruiz said.', quote: 0, speaker: 'Tom Ruiz' },
    match: ({ doc, pieces, k, pc }) => {
      const next = pieces[k + 1];
      if (!next?.cued || !next.speaker || doc.sentence[next.openTok] !== doc.sentence[pc.closeTok]) return null;
      const joined = doc.tokens.slice(pc.closeTok + 1, next.openTok).every((t) => /^(?:and|or|,)$/.test(t.lower)) || /after quote|later in sentence/.test(next.how);
      return joined ? { speaker: next.speaker, verb: next.verb, via: next.via, confidence: Math.min(0.8, next.confidence) } : null;
    },
  },
  {
    name: 'sign-off-line',
    how: 'sign-off line after the quote',
    example: { text: '"We will keep fighting for these workers until the plant reopens."\n\n- Bernie Sanders.', quote: 0, speaker: 'Bernie Sanders' },
    match: ({ doc, pc, paras }) => {
      const signed = signOffAfter(doc, pc, paras);
      return signed ? { speaker: signed, confidence: 0.75 } : null;
    },
  },
  {
    // `"…," he said. "…"`: the speaker of the quote before it in the same paragraph.
    name: 'same-paragraph-speaker',
    how: 'same speaker as the quote before it',
    example: { text: '"Rates will stay where they are," Anna Berg said. "We see no reason to move this year."', quote: 1, speaker: 'Anna Berg' },
    match: ({ pc, prev }) => prev?.speaker && prev.span.paragraph === pc.span.paragraph
      ? { speaker: prev.speaker, verb: prev.verb, via: prev.via, confidence: 0.8 } : null,
  },
  {
    // A paragraph that is all quote, right after a paragraph ending in the last speaker's quote.
    name: 'next-paragraph-speaker',
    how: 'next paragraph, same speaker',
    example: { text: 'Anna Berg said: "Rates will stay where they are."\n\n"We see no reason to move them this year."', quote: 1, speaker: 'Anna Berg' },
    match: ({ doc, pc, prev, paras }) => {
      if (!prev?.speaker || prev.span.paragraph !== pc.span.paragraph - 1) return null;
      const para = paras[pc.span.paragraph]!;
      const wholePara = pc.span.open === para.start && pc.span.close >= para.end - 1;
      // (Only when that paragraph ends with the quote's own sentence, not with narrative about someone else.)
      const prevParaEnd = tokenIndexAt(doc.tokens, para.start) - 1;
      return wholePara && doc.sentence[prevParaEnd] === doc.sentence[prev.closeTok]
        ? { speaker: prev.speaker, verb: prev.verb, via: prev.via, confidence: 0.7 } : null;
    },
  },
  {
    // A verb of saying beside the quote whose subject we could not read (`the moderator said`,
    // `the website explains`, `a message on the site reads`): someone unnamed speaks. Never guess then.
    name: 'unread-cue',
    how: 'no attribution',
    example: { text: 'Anna Berg spoke first. "We will hold rates where they are this year," someone in the crowd shouted.', quote: 0, speaker: null },
    match: ({ doc, pc, lo, hi }) => unreadCue(doc, pc, lo, hi) ? { speaker: null, confidence: 0.5 } : null,
  },
  {
    // `Rubio also bemoaned that people "literally hate each other"`: the sentence's subject.
    name: 'sentence-subject',
    how: "subject of the quote's sentence",
    example: { text: 'Anna Berg, the central bank governor, worries that prices are "running well ahead of wages".', quote: 0, speaker: 'Anna Berg' },
    match: ({ doc, pc, lo }) => {
      if (lo >= pc.openTok) return null;
      // (A quote woven into a sentence with no subject we can name stays unattributed.)
      return { speaker: subjectSpeaker(doc, lo, pc.openTok), confidence: 0.55 };
    },
  },
  {
    // `Viguerie is upbeat about Cruz. ¶ "Not only can Ted Cruz win …"`: whom the sentence before is about.
    name: 'narrative-before',
    how: 'speaker of the narrative before it',
    example: { text: 'Anna Berg has defended the plan since January.\n\n"Nobody will be surprised by these figures at all."', quote: 0, speaker: 'Anna Berg' },
    match: ({ doc, pc, pieces }) => {
      const r = narrativeSpeaker(doc, pc.openTok - 1, pieces);
      return r ? { speaker: r, confidence: 0.5 } : null;
    },
  },
];

/** Gives each kept quote with no cue and no speaker the answer of the first uncued rule that has one. */
export function attributeUncued(doc: Doc, pieces: Piece[], paras: Array<{ start: number; end: number }>): void {
  let lastKept: Piece | undefined;
  for (let k = 0; k < pieces.length; k++) {
    const pc = pieces[k]!;
    const prev = lastKept;
    if (pc.keep) lastKept = pc;
    if (pc.cued || pc.speaker || !pc.keep) continue;
    const { lo, hi } = contexts(doc, pieces, k);
    const ctx: UncuedContext = { doc, pieces, k, pc, prev, paras, lo, hi };
    for (const rule of UNCUED_RULES) {
      const a = rule.match(ctx);
      if (!a) continue;
      pc.uncuedRule = rule.name;
      if (a.speaker) {
        pc.speaker = a.speaker;
        if (a.verb !== undefined) pc.verb = a.verb;
        if (a.via !== undefined) pc.via = a.via;
        pc.how = rule.how;
        pc.confidence = a.confidence;
      }
      break;
    }
  }
}

/**
 * A cue we saw but could not read beside the quote: right after it, a verb of saying within a few
 * words led by a lower-case word (`the moderator said`, `said the statement`); right before it,
 * a verb of saying (`the statement said: "…"`).
 */
function unreadCue(doc: Doc, pc: Piece, lo: number, hi: number): boolean {
  const tk = doc.tokens;
  const strong = (i: number) => isSpeechVerb(doc, i) && !WEAK_SPEECH_VERBS.has(tk[i]!.lower);
  let a = pc.closeTok + 1;
  while (a <= hi && !tk[a]!.word) a++;
  if (a <= hi && a <= pc.closeTok + 3 && !tk[a]!.cap) {
    for (let i = a; i <= Math.min(hi, a + 8); i++) {
      if (doc.quoted[i] || !tk[i]!.word && tk[i]!.text !== ',') break;
      if (strong(i)) return true;
    }
  }
  let b = pc.openTok - 1;
  while (b >= lo && !tk[b]!.word && /^[,:—–-]$/.test(tk[b]!.text)) b--;
  return b >= lo && strong(b);
}

/** A sentence's subject as a speaker: a name that is no place, or `he`/`she` resolved. */
function subjectSpeaker(doc: Doc, lo: number, to: number): Resolved | null {
  let x = lo;
  while (x < to && doc.quoted[x]) x++;
  const np = sentenceSubject(doc, x, to) ?? subjectMention(doc, x, to);
  if (!np || np.kind === 'description') return null;
  if (np.kind === 'pronoun' && !/^(?:he|she)$/.test(np.head)) return null;
  if (np.kind === 'name') {
    // A name the story shows to be a person or organisation, or at least two words long: not
    // `Protesters` opening a sentence.
    const r = np.mention?.referent;
    if (!r || np.mention!.inQuote || r.kind === 'location' || (r.kind === 'unknown' && r.words.length < 2)) return null;
  }
  return resolveNP(doc, np, np.first, null);
}

/**
 * Whom the narrative just before token `end` is about: the speaker of its last verb of saying,
 * else its subject, looking at the sentence that ends there and, when it says nothing, the one
 * before it, within the same or the previous paragraph. Sentences that are quotes carry no
 * narrative. Null when they name no one.
 */
function narrativeSpeaker(doc: Doc, end: number, pieces: Piece[]): Resolved | null {
  if (end < 0) return null;
  const para = doc.paragraph[end + 1] ?? doc.paragraph[end]!;
  let x = end;
  for (let n = 0; n < 2 && x >= 0; n++) {
    if (doc.paragraph[x]! < para - 1) return null;
    const sid = doc.sentence[x]!;
    let s0 = x;
    while (s0 > 0 && doc.sentence[s0 - 1] === sid) s0--;
    // A quote sentence (one whose attribution we could not tell) stops the search.
    const words = doc.tokens.slice(s0, x + 1).filter((t, i) => t.word && !doc.quoted[s0 + i]).length;
    if (keptBetween(pieces, s0, x)) return null;
    const ev = lastEventBefore(doc, x + 1, (e) => e.verb >= s0 && !e.report && !!e.speaker && !doc.quoted[e.verb], 20);
    if (ev) return ev.speaker;
    const r = words >= 3 ? subjectSpeaker(doc, s0, x + 1) : null;
    if (r) return r;
    x = s0 - 1;
  }
  return null;
}

const piecesInOrder = new WeakMap<Piece[], boolean>();

/** Whether a piece kept as speech opens at a token in [from, to]: a binary search when pieces are in text order. */
function keptBetween(pieces: Piece[], from: number, to: number): boolean {
  let ordered = piecesInOrder.get(pieces);
  if (ordered === undefined) piecesInOrder.set(pieces, (ordered = pieces.every((p, i) => i === 0 || pieces[i - 1]!.openTok <= p.openTok)));
  if (!ordered) return pieces.some((p) => p.keep && p.openTok >= from && p.openTok <= to);
  for (let k = lowerBound(pieces, from, (p) => p.openTok); k < pieces.length && pieces[k]!.openTok <= to; k++) if (pieces[k]!.keep) return true;
  return false;
}

/**
 * A quote that ends its paragraph, signed on the next line by a dash and a name alone
 * (`"…" ¶ - Bernie Sanders.`): that name.
 */
function signOffAfter(doc: Doc, pc: Piece, paras: Array<{ start: number; end: number }>): Resolved | null {
  const para = paras[pc.span.paragraph];
  const nextPara = paras[pc.span.paragraph + 1];
  if (!para || !nextPara || doc.body.slice(pc.span.close, para.end).trim()) return null;
  const line = doc.body.slice(nextPara.start, nextPara.end);
  const dash = /^\s*(?:[-—–―]|--)\s*/.exec(line);
  if (!dash) return null;
  const first = tokenAt(doc, nextPara.start + dash[0].length);
  const m = doc.mentionByFirst.get(first);
  if (!m || m.inQuote || m.possessive || m.kind === 'location') return null;
  const rest = doc.body.slice(doc.tokens[m.last]!.end, nextPara.end);
  // The name, then at most a short affiliation (`- Josh Bivens, Economic Policy Institute.`).
  if (!/^\s*(?:[,(][^.!?"“”]{0,80})?[.)]?\s*$/.test(rest)) return null;
  return m.referent ? speakerOfReferent(m.referent, m) : null;
}
