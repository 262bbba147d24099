/**
 * One story names one thing the same way throughout: after tagging, a name the tagger gave
 * one type in most of its mentions gets that type in all of them, and an occurrence it left
 * untagged (`after the Taliban took over`, where the words around it look like an adjective's)
 * is tagged when the same words are tagged elsewhere in the story. Before the votes, spans that
 * are no names are dropped and a person read into an organisation is split off; after them, a
 * company's short name is that company. Linear in the story's tokens.
 */
import { isInitCap, isShoutedSentence } from './features.ts';
import { mapArray } from '../../arrays.ts';
import { companyShortName, isKnownFirstName, LEGAL_SUFFIXES, ORG_WORDS } from '../quotes/lexicon.ts';

export interface Span {
  type: string;
  start: number;
  end: number;
}

/** Longest name (in tokens) the pass looks for at untagged positions. */
const MAX_WORDS = 6;

const keyOf = (words: readonly string[], start: number, end: number) => words.slice(start, end).join(' ');

/**
 * The spans of every sentence made consistent across the document (the arrays are replaced,
 * not changed in place). A type wins a name when it has more mentions than every other type;
 * untagged occurrences are tagged only when every word of them is capitalised, in a sentence
 * that is not all capitals, and no tagged span overlaps them.
 */
export function consistentSpans(sentences: readonly string[][], tagged: readonly Span[][], unusualWord: (w: string) => boolean = () => false): Span[][] {
  const spans = mapArray(sentences, (words, s) => splitPersonOf(words, withoutNonNames(words, tagged[s]!, unusualWord), unusualWord));
  const votes = new Map<string, Map<string, number>>();
  const keys: string[][] = mapArray(sentences, (words, s) => mapArray(spans[s]!, (sp) => (sp.end - sp.start === 1 ? words[sp.start]! : keyOf(words, sp.start, sp.end))));
  sentences.forEach((_words, s) => {
    for (let k = 0; k < spans[s]!.length; k++) {
      const sp = spans[s]![k]!;
      const key = keys[s]![k]!;
      let v = votes.get(key);
      if (!v) votes.set(key, (v = new Map()));
      v.set(sp.type, (v.get(sp.type) ?? 0) + 1);
    }
  });
  if (!votes.size) return mapArray(spans, (x) => [...x]);
  const winner = new Map<string, string>();
  // Short names of the companies named with a legal suffix (`Acme` of `Acme Corp`).
  const suffixed = new Set<string>();
  // First word of a winning name → its lengths in words, longest first.
  const lengths = new Map<string, number[]>();
  for (const [key, v] of votes) {
    let best = '';
    let bestN = 0;
    let tie = false;
    for (const [t, n] of v) {
      if (n > bestN) { best = t; bestN = n; tie = false; }
      else if (n === bestN) tie = true;
    }
    if (tie) continue;
    winner.set(key, best);
    const space = key.indexOf(' ');
    if (best === 'ORG' && space > 0 && companyShortName(key.split(' '))) suffixed.add(key.slice(0, space));
    const first = space < 0 ? key : key.slice(0, space);
    const len = space < 0 ? 1 : key.split(' ').length;
    if (len > MAX_WORDS) continue;
    const list = lengths.get(first);
    if (!list) lengths.set(first, [len]);
    else if (!list.includes(len)) list.push(len), list.sort((a, b) => b - a);
  }
  // `Shares of Acme Corp fell … Acme said`: a one-word name that opens an organisation the story
  // names with a legal suffix is that organisation's short name, not a person (in CoNLL-2003's
  // training stories such a word is an organisation 209 times, a place 8 and never a person;
  // `American` beside `American Motors Corp` stays the adjective the tagger may call it).
  // (Not a surname the story gives a person in full: `Trump` beside `Donald Trump` and `Trump
  // Entertainment Resorts Inc`.)
  if (suffixed.size) {
    const surnames = new Set<string>();
    for (const [key, t] of winner) if (t === 'PER' && key.includes(' ')) surnames.add(key.slice(key.lastIndexOf(' ') + 1));
    for (const w of suffixed) if (winner.get(w) === 'PER' && !surnames.has(w)) winner.set(w, 'ORG');
  }
  return mapArray(sentences, (words, s) => {
    // (A literal, not a spread: every span keeps the one shape spansOf gives it.)
    const out: Span[] = mapArray(spans[s]!, (sp, k) => ({ type: winner.get(keys[s]![k]!) ?? sp.type, start: sp.start, end: sp.end }));
    if (isShoutedSentence(words)) return out;
    const covered = new Uint8Array(words.length);
    for (const sp of out) covered.fill(1, sp.start, sp.end);
    const added: Span[] = [];
    for (let i = 0; i < words.length; i++) {
      if (covered[i] || !isInitCap(words[i]!)) continue;
      const lens = lengths.get(words[i]!);
      if (!lens) continue;
      // The longest tagged name starting here, all capitalised and untagged.
      for (const n of lens) {
        if (i + n > words.length) continue;
        let ok = true;
        for (let j = i; j < i + n; j++) if (covered[j] || !isInitCap(words[j]!)) { ok = false; break; }
        if (!ok) continue;
        const type = winner.get(n === 1 ? words[i]! : keyOf(words, i, i + n));
        if (!type) continue;
        added.push({ type, start: i, end: i + n });
        i += n - 1;
        break;
      }
    }
    if (!added.length) return out;
    return [...out, ...added].sort((a, b) => a.start - b.start);
  });
}

/**
 * `said Takeshi Minami of Norinchukin Research Institute`, read as one organisation: two or three
 * capitalised words before `of`, none an organisation word, the first a known first name or every
 * one a word newswire never writes in lower case (`unusualWord`), are a person of the
 * organisation after it, when that has an organisation word or a legal suffix. (CoNLL-2003's
 * organisations of that shape open with common words: `Liberation Tigers of Tamil Eelam`,
 * `United Daughters of the Confederacy`.)
 */
function splitPersonOf(words: readonly string[], spans: readonly Span[], unusualWord: (w: string) => boolean): Span[] {
  let out: Span[] | null = null;
  for (let k = 0; k < spans.length; k++) {
    const sp = spans[k]!;
    const of = personOfAt(words, sp, unusualWord);
    if (of < 0) {
      out?.push(sp);
      continue;
    }
    out ??= spans.slice(0, k);
    out.push({ type: 'PER', start: sp.start, end: of }, { type: 'ORG', start: of + 1, end: sp.end });
  }
  return out ?? (spans as Span[]);
}

/** Where the `of` of such an organisation span is, or -1. */
function personOfAt(words: readonly string[], sp: Span, unusualWord: (w: string) => boolean): number {
  if (sp.type !== 'ORG' || sp.end - sp.start < 4) return -1;
  for (let j = sp.start + 2; j <= sp.start + 3 && j < sp.end - 1; j++) {
    if (words[j] !== 'of') continue;
    let unusual = true;
    for (let x = sp.start; x < j; x++) {
      const w = words[x]!;
      const lw = w.toLowerCase();
      if (!isInitCap(w) || ORG_WORDS.has(lw) || ORG_WORDS.has(lw.replace(/s$/, ''))) return -1;
      // (`Liberation Tigers of Tamil Eelam`: a plural is a common noun, however rare its spelling.)
      if (!unusualWord(w) || /[a-z]s$/.test(w)) unusual = false;
    }
    // (And an organisation after `of`, by its words: not `Bell Textron of Canada`.)
    let org = false;
    for (let x = j + 1; x < sp.end; x++) if (ORG_WORDS.has(words[x]!.toLowerCase()) || LEGAL_SUFFIXES.has(words[x]!.toLowerCase())) org = true;
    return org && (unusual || isKnownFirstName(words[sp.start]!)) ? j : -1;
  }
  return -1;
}

/** Pronouns as written in running text (`He`, `their`): `US` and `IT` in capitals may be names, and `Me.` is Maine. */
const PRONOUN = /^(?:[Hh]e|[Ss]he|[Ii]t|[Tt]hey|[Ww]e|[Yy]ou|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir|[Oo]ur|[Mm]y|[Hh]im|[Tt]hem|[Uu]s|[Yy]our)$/;

/**
 * Spans that are no names: a pronoun alone (`" He is in no doubt`, which the tagger may call a
 * person after a quotation mark; CoNLL-2003's gold has none but `US` in capitals), and a
 * sentence's first word ending in `-ly` before a comma whose lower-case form newswire uses
 * (`Hopefully ,`, `Frankly ,`; not `Italy ,`).
 */
function withoutNonNames(words: readonly string[], spans: readonly Span[], unusualWord: (w: string) => boolean): Span[] {
  let out: Span[] | null = null;
  for (let k = 0; k < spans.length; k++) {
    const sp = spans[k]!;
    const w = words[sp.start]!;
    const one = sp.end - sp.start === 1;
    const opener = sp.start === 0 || (sp.start === 1 && /^["'`(]+$/.test(words[0]!));
    const junk = one && (PRONOUN.test(w) || (opener && /^[A-Z][a-z]+ly$/.test(w) && words[sp.start + 1] === ',' && !unusualWord(w)));
    if (junk) out ??= spans.slice(0, k);
    else out?.push(sp);
  }
  return out ?? (spans as Span[]);
}
