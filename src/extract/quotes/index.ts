import type { Entity, Quote } from '../../article/story.ts';
import { mapArray } from '../../arrays.ts';
import {
  eventsIn, findSpeechEvents, speakingPeople, viaIn, PUNCT_LEAD, WEAK_SPEECH_VERBS,
  type Doc, type Resolved, type SpeechEvent,
} from './attribute.ts';
import { findQuotedSpans, nicknameEnd, type QuotedSpan } from './marks.ts';
import { contexts, tokenAt, type Piece } from './piece.ts';
import { attributeUncued } from './uncued.ts';
import { buildReferents, findNameMentions, isTitleWord, learnGenderFromPronouns, organisationSpans, type NameMention, type Referent } from './names.ts';
import { ADVERBS, GENDERED_WORDS, PERSON_NOUNS, PHRASAL_SPEECH, PLAIN_SAYING_VERBS, PRONOUN_GENDER, SPEECH_VERBS, TITLE_MODIFIERS } from './lexicon.ts';
import { cascade, firstVerbEvent, OTHER_RULES, VERB_RULES, type CueContext } from './rules.ts';
import { barredSpeaker, hashFeatures, probabilities, quoteModel, rankable, rankCandidates } from './ranker.ts';
import { withDoubleQuoteMarks } from './single-marks.ts';
import { endsSentence, paragraphs, tokenize, type Token } from './tokens.ts';

export interface QuoteExtraction {
  quotes: Quote[];
  /** The entity list, with any speaker the tagger missed added, so the two agree on names. */
  entities: Entity[];
}

const RUN_IN_HEAD = /^((?:[\p{Lu}][\p{L}'’-]*\s+){3,9}[\p{Lu}][\p{L}'’-]*)\s*(?::|\s[—–]\s)/u;

/** Quotes shorter than this, with no speech cue, are scare quotes or titles, not speech. */
export const MIN_UNCUED_WORDS = 4;

const wordCount = (s: string) => s.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;

/**
 * A title or a name in quotes (`the film "Gone With the Wind"`, `the so-called "Islamic
 * State"`): every word capitalised but small joining words, no sentence punctuation.
 */
function titleLike(text: string): boolean {
  if (/[.?!,;:]/.test(text)) return false;
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length > 8) return false;
  return words.every((w) => /^[\p{Lu}\p{N}]/u.test(w) || /^(?:of|the|a|an|and|in|on|for|to|with|at|by|or|de|la)$/.test(w));
}

function buildDoc(body: string, entities: Entity[]): { doc: Doc; spans: QuotedSpan[]; pieces: Piece[] } {
  const tokens = tokenize(body);
  const spans = findQuotedSpans(body);
  const paras = paragraphs(body);
  const quoted = new Array<boolean>(tokens.length).fill(false);
  const paragraph = new Array<number>(tokens.length).fill(0);
  let p = 0;
  for (let i = 0; i < tokens.length; i++) {
    while (p + 1 < paras.length && tokens[i]!.start >= paras[p + 1]!.start) p++;
    paragraph[i] = p;
  }
  const doc: Doc = {
    body, tokens, sentence: [], paragraph, quoted, mentions: [], mentionByLast: new Map(), mentionByFirst: new Map(),
    referents: [], events: [],
  };
  const pieces: Piece[] = [];
  for (const s of spans) {
    const openTok = tokenAt(doc, s.open);
    let closeTok = tokenAt(doc, s.close) - 1;
    if (closeTok < openTok) closeTok = openTok;
    for (let i = openTok; i <= closeTok; i++) quoted[i] = true;
    pieces.push({
      span: s, openTok, closeTok, words: wordCount(body.slice(s.start, s.end)), speaker: null, verb: null, via: null,
      how: 'no attribution', confidence: 0.5, cued: false, adjacent: false, partial: false, keep: false, uncuedRule: undefined, candidates: [], pick: null, hi: 0,
    });
  }
  // Sentences: a sentence ends at `.`/`?`/`!` outside quotes, at a paragraph break, and after a
  // quote that ends its own sentence when a capitalised word follows that does not attribute it.
  const sentence = new Array<number>(tokens.length).fill(0);
  let sid = 0;
  const closers = new Map(pieces.map((pc) => [pc.closeTok, pc]));
  for (let i = 0; i < tokens.length; i++) {
    if (i > 0 && paragraph[i] !== paragraph[i - 1]) sid++;
    sentence[i] = sid;
    if (!quoted[i] && endsSentence(tokens, i)) sid++;
    const pc = closers.get(i);
    if (pc && pc.span.closed && /[.?!]$/.test(body.slice(pc.span.start, pc.span.end)) && body[pc.span.close - 2] !== ',') {
      const next = tokens[i + 1];
      // A quote woven into its sentence (`Russia insisted that Pyongyang "stop it."`) ends that
      // sentence with its full stop: what follows is the next sentence, never its attribution.
      const before = tokens[pc.openTok - 1];
      const woven = !!before && before.word && paragraph[pc.openTok - 1] === paragraph[i] && !SPEECH_VERBS.has(before.lower);
      const after = tokens[i + 2];
      if (next && next.cap && paragraph[i + 1] === paragraph[i] && !PLAIN_SAYING_VERBS.has(next.lower)
        && !(after && PLAIN_SAYING_VERBS.has(after.lower))
        && (woven || !attributionFollows(body, tokens, paragraph, i + 1))) sid++;
    }
  }
  doc.sentence = sentence;
  // Title-case paragraphs (headlines, section heads) make poor names: `Trump As The New Romney`.
  const headline = mapArray(paras, (pa) => {
    const ws = body.slice(pa.start, pa.end).match(/[\p{L}][\p{L}'’-]*/gu) ?? [];
    const small = /^(?:of|the|a|an|and|in|on|for|to|with|at|by|or|as|is|vs)$/;
    // Feeds often end a headline with a full stop: then every word must be capitalised or small.
    const text = body.slice(pa.start, pa.end);
    const share = ws.filter((w) => /^\p{Lu}/u.test(w) || small.test(w)).length / ws.length;
    return ws.length >= 4 && !/["“”]/.test(text) && (share === 1 || (share >= 0.9 && !/[.?!]$/.test(text.trimEnd())));
  });
  // A run-in head opening a paragraph (`Veto Power Impedes Peace Efforts: …`, `CONGRESS HAS
  // INVESTIGATED HIM — …`): four or more capitalised words, no title among them, then a colon or dash.
  const runInEnd = mapArray(paras, (pa) => {
    const m = RUN_IN_HEAD.exec(body.slice(pa.start, Math.min(pa.end, pa.start + 200)));
    if (!m || m[1]!.trim().split(/\s+/).some((w) => isTitleWord(w.toLowerCase()) || TITLE_MODIFIERS.has(w.toLowerCase()))) return -1;
    return pa.start + m[1]!.length;
  });
  const inHead = (pos: number) => {
    const p = paragraph[tokenAt(doc, pos)] ?? 0;
    return !!headline[p] || pos < runInEnd[p]!;
  };
  const mentions = findNameMentions(body, tokens, (pos) => !!quoted[tokenAt(doc, pos)], inHead, organisationSpans(entities));
  doc.mentions = mentions;
  for (const m of mentions) {
    doc.mentionByLast.set(m.last, m);
    doc.mentionByFirst.set(m.first, m);
    if (m.first !== tokenAt(doc, m.start)) doc.mentionByFirst.set(tokenAt(doc, m.start), m);
  }
  doc.referents = buildReferents(body, tokens, mentions, entities);
  learnGenderFromPronouns(tokens, mentions, (pos) => !!quoted[tokenAt(doc, pos)]);
  doc.events = findSpeechEvents(doc);
  // A name that speaks is a person from here on (the events themselves were read without this,
  // so they do not depend on the order in which they were found).
  for (const r of speakingPeople(doc.events)) r.kind = 'person';
  return { doc, spans, pieces };
}

/**
 * After a quote that ends its own sentence, whether the words that follow attribute it: a longer
 * name, with any appositive, then a verb of saying (`"…." Jeff Weaver, the campaign manager, said`,
 * `"…?" Vitter demanded.`), before any full stop or quote mark. A verb that goes on into a clause
 * of its own (`The agency said North Korea had …`) starts the next sentence instead.
 */
function attributionFollows(body: string, tokens: Token[], paragraph: number[], from: number): boolean {
  let comma = false;
  for (let j = from; j < from + 16 && j < tokens.length && paragraph[j] === paragraph[from]; j++) {
    const u = tokens[j]!;
    const phrasal = PHRASAL_SPEECH[u.lower] !== undefined && PHRASAL_SPEECH[u.lower] === tokens[j + 1]?.lower;
    if (u.word && !u.cap && (SPEECH_VERBS.has(u.lower) || phrasal) && !/ing$/.test(u.lower)) return j > from && verbEndsClause(tokens, paragraph, phrasal ? j + 1 : j);
    if (u.text === ',') { comma = true; continue; }
    // `"…." South Carolina, he said, was …`: a name then a pronoun starts a new sentence.
    if (u.word && PRONOUN_GENDER[u.lower] !== undefined && j > from) return false;
    // (`Marcia "Cia" Price said`: past a nickname in marks.)
    const nick = u.word ? -1 : nicknameEnd(body, u.start);
    if (nick > 0) { while (j + 1 < tokens.length && tokens[j + 1]!.end <= nick) j++; continue; }
    if (!u.word) { if (/^['’()\-]$/.test(u.text) || u.text.endsWith('.')) continue; return false; }
    if (u.text.endsWith('.') && !/^\p{Lu}[\p{L}]{0,3}\.$/u.test(u.text)) return false;
    // (`Scott's niece, state Del. Marcia Price, shouted`: a person's role or kin before the name.)
    if (u.cap || comma || ADVERBS.has(u.lower) || isTitleWord(u.lower) || TITLE_MODIFIERS.has(u.lower) || PERSON_NOUNS.has(u.lower) || GENDERED_WORDS[u.lower] !== undefined
      || isTitleWord(tokens[j + 1]?.lower ?? '')) continue;
    return false;
  }
  return false;
}

/** A verb of saying that closes its clause soon (`said.`, `said on Tuesday,`), with no `that` or second verb. */
function verbEndsClause(tokens: Token[], paragraph: number[], verb: number): boolean {
  for (let k = verb + 1; k < verb + 20 && k < tokens.length && paragraph[k] === paragraph[verb]; k++) {
    const u = tokens[k]!;
    // (`…." The candidate reiterated: "…"`: a colon points the verb at the quote after it.)
    if (u.text === ':' && /^["“]$/.test(tokens[k + 1]?.text ?? '')) return false;
    if (!u.word && u.text !== '’' && u.text !== "'") return /^[.,;:!?"“”]$/.test(u.text);
    if (/^(?:that|had|has|have|was|were|is|are|would|will|could|should|may|might|must|can|did|does)$/.test(u.lower)) return false;
    if (/^(?:when|after|before|because|while|if|as|since|though|although)$/.test(u.lower)) return true;
  }
  return true;
}

function attributePiece(doc: Doc, pieces: Piece[], k: number) {
  const pc = pieces[k]!;
  const tk = doc.tokens;
  const { lo, hi } = contexts(doc, pieces, k);
  const inL = (e: SpeechEvent) => e.verb >= lo && e.verb < pc.openTok;
  const inR = (e: SpeechEvent) => e.verb > pc.closeTok && e.verb <= hi;
  const events = eventsIn(doc, lo, hi).filter((e) => inL(e) || inR(e));
  // Right after the quote: `"…," X said`, `"…," said X`.
  let rStart = pc.closeTok + 1;
  let dash = false;
  while (rStart <= hi && PUNCT_LEAD.has(tk[rStart]!.text)) { if (tk[rStart]!.text !== ',') dash = true; rStart++; }
  const nonReport = events.filter((e) => !e.report);
  // Not across a subordinate clause: `"That makes me smart," when Clinton blasted him`.
  const clauseOpens = (from: number, to: number) => tk.slice(from, to).some((t) => t.word && /^(?:when|as|after|before|because|while|if|since|until|although|though|whereas)$/.test(t.lower));
  const rightNear = nonReport.find((e) => inR(e) && (e.inverted ? e.verb === rStart : (e.np.first >= rStart && e.np.first <= rStart + 3 && !clauseOpens(rStart, e.np.first)) || e.verb === rStart));
  // Later in the sentence after the quote: `"…" at the convention, he said`.
  const rightLater = nonReport.find((e) => inR(e) && !WEAK_SPEECH_VERBS.has(e.verbText));
  // Before the quote, close to it: `X said: "…"`, `X told Reuters, "…"`, `and added, "…"`.
  const leftAdj = [...nonReport].reverse().find((e) => inL(e) && e.after >= pc.openTok - 7 && !tk.slice(e.after, pc.openTok).some((t) => t.word && /^(?:that|who|which|because|if|when|but|and|while)$/.test(t.lower)));
  // `Trump said that Romney begged him … and "would have dropped to his knees"`: a verb inside
  // a reported clause speaks for that clause; the reporting verb before `that` owns the quote.
  const lastStrong = [...nonReport].reverse().find((e) => inL(e) && !WEAK_SPEECH_VERBS.has(e.verbText));
  const outer = lastStrong && nonReport.find((e) => inL(e) && e.verb < lastStrong.np.first && !WEAK_SPEECH_VERBS.has(e.verbText)
    && tk[e.after]?.lower === 'that' && lastStrong.np.first === e.after + 1 && e.np.kind !== 'description');
  const leftStrong = outer ?? lastStrong;
  const leftWeak = [...nonReport].reverse().find((e) => inL(e));
  const reportEv = events.find((e) => e.report);
  // The second half of a split quote (`"We tried," said X, "but …"`) is not partial.
  const prevPiece = pieces[k - 1];
  const split = !!prevPiece && prevPiece.span.paragraph === pc.span.paragraph && lo === prevPiece.closeTok + 1
    && doc.sentence[prevPiece.closeTok] === doc.sentence[pc.openTok]
    && eventsIn(doc, prevPiece.closeTok + 1, pc.openTok - 1).length > 0;
  const partialShape = !split && isPartial(doc, pc, lo);
  pc.partial = partialShape;
  // A partial quote belongs to the verb of saying before it in its sentence, unless it closes on
  // its own punctuation right before `said X`/`X said` (`— "why wouldn't you?" asked Dunn`; a
  // comma or full stop will do unless a named speaker's cue sits right before the quote: `as
  // Trump went on about "…," Melanie said yes` keeps Trump).
  const closing = doc.body.slice(pc.span.start, pc.span.close);
  const namedLeft = !!leftAdj && leftAdj.np.kind !== 'description' && !!leftAdj.speaker;
  const closesOnCue = !!rightNear && (rightNear.verb === rStart || rightNear.np.first === rStart)
    && (/[?!]\s*["”]?$/.test(closing) || ((rightNear.inverted || !namedLeft) && /[.,]\s*["”]?$/.test(closing)));
  // (One shape for every context: `firstEvent` is there from the start and set once the verb rules ran.)
  const ctx: CueContext = {
    doc, openTok: pc.openTok, closeTok: pc.closeTok, lo, hi, rStart, dash, partial: partialShape,
    opensParagraph: pc.span.open === paragraphStart(doc, pc.openTok),
    rightNear, rightLater, leftAdj, leftStrong, leftWeak, reportEv, closesOnCue, firstEvent: undefined,
  };
  // The verb rules first: the event they put first is context for the rules after them.
  const verbCands = VERB_RULES.flatMap((r) => r.match(ctx));
  ctx.firstEvent = firstVerbEvent(verbCands);
  const cands = verbCands.concat(OTHER_RULES.flatMap((r) => r.match(ctx)));
  const { pick, cued } = cascade(cands);
  const speaker = pick?.speaker ?? null;
  // An outlet: `reported Tass`, `told AFP`, `according to a statement carried by Xinhua`.
  let via: string | null = reportEv?.speaker && speaker ? reportEv.speaker.name : null;
  via ??= viaIn(doc, lo, hi);
  if (via && speaker && via === speaker.name) via = null;
  pc.candidates = cands;
  pc.hi = hi;
  pc.pick = pick;
  pc.speaker = speaker;
  pc.verb = pick?.verb ?? null;
  pc.via = via;
  pc.how = pick?.how || 'no attribution';
  pc.confidence = speaker ? pick!.prior : cued ? 0.6 : 0.5;
  pc.cued = cued;
  pc.adjacent = !!pick?.adjacent;
}

/** The token where the quote's paragraph starts. */
function paragraphStart(doc: Doc, i: number): number {
  let firsts = paragraphFirstTokens.get(doc);
  if (!firsts) {
    // The first token of each paragraph, found once: walking back from every quote would make
    // one long paragraph cost the square of its length.
    firsts = new Map();
    for (let t = 0; t < doc.tokens.length; t++) if (!firsts.has(doc.paragraph[t]!)) firsts.set(doc.paragraph[t]!, t);
    paragraphFirstTokens.set(doc, firsts);
  }
  return doc.tokens[firsts.get(doc.paragraph[i]!) ?? i]!.start;
}

const paragraphFirstTokens = new WeakMap<Doc, Map<number, number>>();

/**
 * A partial quote is woven into its sentence: a word (not a speech verb) runs straight into the
 * opening mark (`he becomes "the caretaker president"`), or it starts in lower case without being
 * the second half of a split quote (`"We," he said, "will…"`).
 */
function isPartial(doc: Doc, pc: Piece, lo: number): boolean {
  const tk = doc.tokens;
  const text = doc.body.slice(pc.span.start, pc.span.end);
  if (pc.span.continues) return false;
  const before = tk[pc.openTok - 1];
  const startsLower = /^[\p{Ll}]/u.test(text);
  if (!before || pc.openTok - 1 < lo) return startsLower && !!before && before.text !== ':' && doc.paragraph[pc.openTok - 1] === doc.paragraph[pc.openTok] && doc.sentence[pc.openTok - 1] === doc.sentence[pc.openTok];
  if (before.text === ':') return false;
  if (before.text === ',') {
    const w = tk[pc.openTok - 2];
    if (w && PLAIN_SAYING_VERBS.has(w.lower)) return false;
    if (doc.quoted[pc.openTok - 2]) return false;
    return startsLower;
  }
  if (before.word) {
    if (PLAIN_SAYING_VERBS.has(before.lower) && !startsLower) return false;
    return true;
  }
  if (before.text === '(' || before.text === '—' || before.text === '–') return startsLower;
  return startsLower;
}

/**
 * Direct and partial quotes in the body, each tied to its speaker where the text says who.
 *
 * The scare-quote rule: a quoted stretch is speech when a speech cue attributes it (a verb of
 * saying or of comment in its sentence, `according to`, an em-dash or colon attribution, a
 * colon-ended paragraph before it), when it is part of a quote that runs over paragraphs, when it
 * holds at least MIN_UNCUED_WORDS words, or when it is a complete sentence of two words or more
 * (capital first, `.?!` last: `"People are scared."`). A shorter stretch with no cue (`the
 * so-called "peace dividend"`) is a scare quote or a term, not speech. A title-like stretch (every
 * word capitalised but small joining words, no sentence punctuation: `"Gone With The Wind"`) is a
 * title unless the cue sits right beside it (`"Make Our Town Great Again," Mayor Kerr said`).
 */
export function extractQuotes(original: string, entities: Entity[]): QuoteExtraction {
  const marked = withDoubleQuoteMarks(original);
  if (!/["“”«»„]/.test(marked)) return { quotes: [], entities };
  const a = analyseQuotes(original, entities, marked);
  const model = quoteModel(probeHash);
  const quotes: Quote[] = [];
  // The rules' and the final speaker of the quote before: a quote the rules gave the same speaker
  // as the one before it (`"…," he said. "…"`) follows the ranker where it changed that one.
  let prevRules: Resolved | null = null;
  let prevFinal: Resolved | null = null;
  a.kept.forEach((pc, i) => {
    const cands = a.candidates[i]!;
    const rules = pc.speaker;
    let speaker = pc.speaker;
    let how = pc.how;
    let verb = pc.verb;
    let confidence = pc.confidence;
    let top: Array<{ name: string; type: 'person' | 'organization'; score: number }> = [];
    if (model) {
      const p = probabilities(model, cands);
      top = mapArray(mapArray(cands, (x, j) => ({ x, s: p[j]! })).filter((e) => e.x.speaker).sort((u, v) => v.s - u.s).slice(0, 3),
        (e) => ({ name: e.x.speaker!.name, type: e.x.speaker!.type, score: round(e.s) }));
      if (rankable(cands)) {
        // The best named candidate; "no one" takes the quote only through the doubt threshold
        // (its probability is what the named candidates lack).
        let best = 0;
        for (let j = 1; j < p.length; j++) if (cands[j]!.speaker && p[j]! > p[best]!) best = j;
        const c = cands[best]!;
        // A named speaker the model doubts is not given: the quote keeps no speaker.
        const named = c.speaker && p[best]! >= model.minSpeaker ? c : null;
        // `Trump and Ryan said`: the joint speakers the rules read stand for either name.
        const joint = named && pc.speaker?.via === 'joint speakers' && pc.speaker.name.includes(named.speaker!.name);
        speaker = joint ? pc.speaker! : named?.speaker ?? null;
        how = joint ? pc.how : named ? c.how : 'no attribution (speaker doubtful)';
        verb = joint ? pc.verb : named ? c.verb : pc.verb;
        confidence = p[best]!;
        pc.speaker = speaker;
      } else {
        // Not the ranker's to decide: the score of the rules' answer is still its calibrated score.
        const j = pc.speaker ? cands.findIndex((c) => c.speaker?.name === pc.speaker!.name) : cands.length - 1;
        confidence = j >= 0 ? p[j]! : Math.min(confidence, p[cands.length - 1]!);
      }
    }
    if (rules && prevRules === rules && prevFinal !== rules && speaker === rules && SAME_AS_BEFORE.has(pc.how)) {
      speaker = prevFinal;
      pc.speaker = speaker;
      if (!speaker) how = 'no attribution (speaker doubtful)';
    }
    prevRules = rules;
    prevFinal = speaker;
    if (speaker && barredSpeaker(speaker, pc.via)) { speaker = null; how = 'no attribution (an outlet or a nationality is no speaker)'; pc.speaker = null; }
    quotes.push({
      text: original.slice(pc.span.start, pc.span.end), start: pc.span.start, end: pc.span.end,
      speaker: speaker ? { name: speaker.name, title: speaker.title, type: speaker.type } : null,
      verb, via: pc.via, partial: pc.partial, confidence: round(confidence), how, candidates: top,
    });
  });
  return { quotes, entities: mergeEntities(entities, a.kept.filter((p) => p.speaker).map((p) => p.speaker!)) };
}

/** The uncued rules' `how` for a quote that takes the speaker of the quote before it. */
const SAME_AS_BEFORE = new Set(['same speaker as the quote before it', 'next paragraph, same speaker', 'continues a quote over paragraphs']);

/**
 * The quote stage up to the ranker: the quoted spans, which are speech, the cascade's answer for
 * each, and each kept quote's ranker candidates (training reads this too). It reads the body
 * with its quotes in double marks however the story set them (`marked`, single-marks.ts).
 */
export function analyseQuotes(original: string, entities: Entity[], marked = withDoubleQuoteMarks(original)) {
  const body = maskTickers(marked);
  const { doc, pieces } = buildDoc(body, entities);
  for (let k = 0; k < pieces.length; k++) attributePiece(doc, pieces, k);
  // Which pieces are speech.
  for (const pc of pieces) {
    const text = body.slice(pc.span.start, pc.span.end);
    const titled = titleLike(text);
    if (pc.span.continues || pc.span.continued) pc.keep = pc.words > 0;
    else if (titled) pc.keep = pc.adjacent && pc.words >= 2;
    else pc.keep = pc.cued ? pc.words >= 1 : pc.words >= MIN_UNCUED_WORDS || (pc.words >= 2 && /^[\p{Lu}]/u.test(text) && /[.?!]$/.test(text));
  }
  // A quote over several paragraphs keeps one speaker: the first piece's, else the first found.
  for (let k = 0; k < pieces.length; k++) {
    if (pieces[k]!.span.continues) continue;
    const chain = [pieces[k]!];
    while (chain[chain.length - 1]!.span.continued && pieces[k + chain.length]?.span.continues) chain.push(pieces[k + chain.length]!);
    if (chain.length < 2) continue;
    const source = chain.find((c) => c.speaker);
    if (!source) continue;
    for (const c of chain) {
      if (c.speaker || c === source) continue;
      Object.assign(c, { speaker: source.speaker, verb: source.verb, via: source.via, how: 'continues a quote over paragraphs', confidence: Math.min(0.85, source.confidence), keep: true });
    }
  }
  // A quote with no cue of its own: the uncued rules (uncued.ts), in story order.
  attributeUncued(doc, pieces, paragraphs(body));
  const kept = pieces.filter((p) => p.keep);
  const candidates = rankCandidates(doc, mapArray(kept, (pc) => ({
    openTok: pc.openTok, closeTok: pc.closeTok, hi: pc.hi, words: pc.words, partial: pc.partial, cued: pc.cued, paragraph: pc.span.paragraph,
    candidates: pc.candidates, pick: pc.pick, speaker: pc.speaker, how: pc.how, verb: pc.verb, via: pc.via,
  })));
  return { body, doc, kept, candidates };
}
/**
 * Wire copy marks companies and their tickers with angle brackets (`Chrysler Corp <C>`, `<Royal Bank
 * of Canada>`): the stage reads a copy of the same length in which a ticker (one short code with no
 * spaces) is blanked and the brackets around a name are spaces, so `The United Auto Workers <UAW>
 * union said` reads as a description of the union and the offsets still point into the body.
 */
export function maskTickers(body: string): string {
  if (!body.includes('<')) return body;
  return body.replace(/<([^<>\n]{1,80})>/g, (all, inner: string, at: number) => {
    // A bracket opening a hard-wrapped line must not become an indent, which would start a
    // paragraph: a no-break space is blank to the tokenizer but no indent to `paragraphs`.
    const lead = at === 0 || body[at - 1] === '\n' ? '\u00a0' : ' ';
    return /^[\p{Lu}\d.&\-]{1,12}$/u.test(inner) ? lead + ' '.repeat(all.length - 1) : `${lead}${inner} `;
  });
}

const round = (x: number) => Math.round(Math.max(0, Math.min(1, x)) * 100) / 100;

/** Speakers the entity list lacks are added to it, with every mention the story makes of them. */
function mergeEntities(entities: Entity[], speakers: Resolved[]): Entity[] {
  const out = [...entities];
  const seen = new Set<Referent>();
  for (const s of speakers) {
    const r = s.referent;
    if (!r || r.entity || seen.has(r)) continue;
    seen.add(r);
    if (out.some((e) => e.name === s.name)) continue;
    const mentions = mapArray(r.mentions, (m: NameMention) => ({ text: m.text, start: m.start, end: m.end }));
    out.push({ name: s.name, type: r.kind === 'location' ? 'location' : s.type, count: mentions.length, mentions });
  }
  return out;
}

/** A story in wire style whose candidates' features are hashed into the model file. */
const PROBE = `WELLINGTON, March 3 - Finance Minister Jane Roe said on Tuesday the budget would "hold the line on spending."

"We will not borrow to pay for tax cuts," Roe told reporters. She added: "The numbers are clear."

The Reserve Bank, which sets rates, said in a statement that inflation "remains too high." "We are watching," said its governor, Tom Bay.

A spokesman for the opposition Labour Party called the plan "a con." "It is not credible," he said.

Roe has defended the plan since January. "Nobody will be surprised by these figures."`;

let probeHashValue: string | undefined;

/** The feature hash of this code: what a model file must carry. */
export function probeHash(): string {
  if (probeHashValue === undefined) probeHashValue = hashFeatures(analyseQuotes(PROBE, []).candidates);
  return probeHashValue;
}
