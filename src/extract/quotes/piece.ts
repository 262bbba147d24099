/** One quoted span as the quote stage works on it, and the context around it. */
import type { Doc, Resolved } from './attribute.ts';
import type { QuotedSpan } from './marks.ts';
import type { Candidate } from './rules.ts';
import { tokenIndexAt } from './tokens.ts';

export interface Piece {
  span: QuotedSpan;
  openTok: number;
  closeTok: number;
  words: number;
  speaker: Resolved | null;
  verb: string | null;
  via: string | null;
  how: string;
  confidence: number;
  cued: boolean;
  adjacent: boolean;
  partial: boolean;
  keep: boolean;
  /** The uncued rule (uncued.ts) that decided the quote, when one did. */
  uncuedRule?: string;
  /** Every rule's proposals for this quote, and the one the cascade trusts. */
  candidates: Candidate[];
  pick: Candidate | null;
  /** Last token of the quote's sentence context. */
  hi: number;
}

/** Index of the first token starting at or after pos. */
export function tokenAt(doc: Doc, pos: number): number {
  return tokenIndexAt(doc.tokens, pos);
}

const CONTEXT_TOKENS = 150;

/** The tokens of a quote's sentence to its left (after any earlier quote) and right (before the next). */
export function contexts(doc: Doc, pieces: Piece[], k: number) {
  const pc = pieces[k]!;
  const s = doc.sentence[pc.openTok];
  const prev = pieces[k - 1];
  const next = pieces[k + 1];
  // A sentence context reaches at most CONTEXT_TOKENS either side: real sentences are shorter, and
  // unbroken text (no full stops, stray marks) must not make the work grow with its square.
  let lo = pc.openTok;
  while (lo > 0 && pc.openTok - lo < CONTEXT_TOKENS && doc.sentence[lo - 1] === s && doc.paragraph[lo - 1] === doc.paragraph[pc.openTok]) lo--;
  if (prev && prev.closeTok >= lo && prev.closeTok < pc.openTok) lo = prev.closeTok + 1;
  const sEnd = doc.sentence[pc.closeTok];
  let hi = pc.closeTok;
  while (hi + 1 < doc.tokens.length && hi - pc.closeTok < CONTEXT_TOKENS && doc.sentence[hi + 1] === sEnd && doc.paragraph[hi + 1] === doc.paragraph[pc.closeTok]) hi++;
  if (next && next.openTok <= hi && next.openTok > pc.closeTok) hi = next.openTok - 1;
  return { lo, hi };
}
