/**
 * One story names one thing the same way throughout: after tagging, a name the tagger gave
 * one type in most of its mentions gets that type in all of them, and an occurrence it left
 * untagged (`after the Taliban took over`, where the words around it look like an adjective's)
 * is tagged when the same words are tagged elsewhere in the story. Linear in the story's tokens.
 */
import { isInitCap, isShoutedSentence } from './features.ts';
import { mapArray } from '../../arrays.ts';

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
export function consistentSpans(sentences: readonly string[][], spans: readonly Span[][]): Span[][] {
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
    const first = space < 0 ? key : key.slice(0, space);
    const len = space < 0 ? 1 : key.split(' ').length;
    if (len > MAX_WORDS) continue;
    const list = lengths.get(first);
    if (!list) lengths.set(first, [len]);
    else if (!list.includes(len)) list.push(len), list.sort((a, b) => b - a);
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
