import { createHash } from 'node:crypto';
import { z } from 'zod';
import { speakerSchema, type Speaker, type StoryDocument } from '../article/story.ts';
import { paragraphs } from '../extract/quotes/tokens.ts';

/**
 * Editors' corrections of quote speakers, as pure functions: what a correction holds, how it
 * is keyed, how it is applied to a story document, and what the review list and the training
 * export make of it. Storage is `src/elastic/corrections.ts`; applying happens where a story
 * document is finished before indexing (`src/queue/processor.ts`), so every way a story reaches
 * the index (first copy, re-send, re-enrichment) gets the editors' word.
 */

/** The `how` of a quote whose speaker an editor set. */
export const EDITOR_HOW = 'editor';

/**
 * A quote's words as a key: whitespace collapsed, punctuation and spaces at either end dropped,
 * case folded, so a re-wrapped copy or a span that now takes the trailing comma still matches.
 * 64 bits: a key only has to tell apart the quotes of one story.
 */
export function quoteHashOf(text: string): string {
  const words = text
    .replace(/\s+/g, ' ')
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '')
    .toLowerCase();
  return createHash('sha256').update(words, 'utf8').digest('hex').slice(0, 16);
}

/** The key of a correction: the story and the quote's words, never the quote's position. */
export const correctionKeyOf = (storyId: string, quoteHash: string) => `${storyId}:${quoteHash}`;

const originalSchema = z.object({
  speaker: speakerSchema.nullable(),
  confidence: z.number().min(0).max(1),
  how: z.string(),
});

export const correctionSchema = z.object({
  key: z.string().min(1),
  storyId: z.string().min(1),
  quoteHash: z.string().min(1),
  /** The quote as the editor saw it, with its offsets into the body and its paragraph: what a trainer reads. */
  quoteText: z.string(),
  quoteStart: z.number().int().nonnegative(),
  quoteEnd: z.number().int().nonnegative(),
  paragraph: z.string(),
  paragraphStart: z.number().int().nonnegative(),
  /** The editor's speaker; null means "nobody is quoted here" (no speaker). */
  speaker: speakerSchema.nullable(),
  /** What the pipeline had said before any editor touched the quote. */
  original: originalSchema,
  correctedBy: z.string().min(1),
  correctedAt: z.iso.datetime({ offset: true }),
});
export type Correction = z.infer<typeof correctionSchema>;

/**
 * The story with its editors' corrections applied: every quote whose words match a correction
 * gets the editor's speaker, `how: "editor"`, confidence 1, and who and when. A quote repeated
 * word for word in one story is one key, so the correction covers every copy. The same object
 * back when nothing applies (the common case costs no copy).
 */
export function applyCorrections(doc: StoryDocument, corrections: readonly Correction[]): StoryDocument {
  const mine = corrections.filter((c) => c.storyId === doc.id);
  if (!mine.length || !doc.quotes.length) return doc;
  const byHash = new Map(mine.map((c) => [c.quoteHash, c]));
  let changed = false;
  const quotes = doc.quotes.map((q) => {
    const c = byHash.get(quoteHashOf(q.text));
    if (!c) return q;
    changed = true;
    return { ...q, speaker: c.speaker, how: EDITOR_HOW, confidence: 1, correctedBy: c.correctedBy, correctedAt: c.correctedAt };
  });
  return changed ? { ...doc, quotes } : doc;
}

type Paragraphs = ReturnType<typeof paragraphs>;

/** The index of the paragraph holding an offset: the last starting at or before it (binary search), or -1. */
function paragraphIndexOf(paras: Paragraphs, offset: number): number {
  let lo = 0;
  let hi = paras.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (paras[mid]!.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * The paragraph of the body holding a span (the quote extractor's own paragraphs), with where it
 * starts, and the paragraph before it (where a lone quote's speaker is usually named), or null.
 */
export function paragraphOf(body: string, start: number, end: number, paras: Paragraphs = paragraphs(body)): { text: string; start: number; before: { text: string; start: number } | null } {
  const at = paragraphIndexOf(paras, start);
  const p = at >= 0 ? paras[at]! : { start, end };
  const prev = at > 0 ? paras[at - 1]! : null;
  return { text: body.slice(p.start, Math.max(p.end, Math.min(end, body.length))), start: p.start, before: prev ? { text: body.slice(prev.start, prev.end), start: prev.start } : null };
}

/** A name offered to the editor for a quote, with the ranker's score (null where no ranker scored it). */
export interface Candidate {
  name: string;
  type: Speaker['type'];
  score: number | null;
}

const MAX_CANDIDATES = 3;

/**
 * The names offered for a quote: the attribution ranker's candidates when the quote has them;
 * otherwise the current speaker (scored with its confidence) and the people and organisations
 * named nearest the quote in its paragraph and the one before (unscored).
 */
export function candidatesOf(doc: StoryDocument, quoteIndex: number, paras: Paragraphs = paragraphs(doc.body)): Candidate[] {
  const q = doc.quotes[quoteIndex];
  if (!q) return [];
  if (q.candidates.length) return q.candidates.slice(0, MAX_CANDIDATES).map((c) => ({ name: c.name, type: c.type, score: c.score }));
  const out: Candidate[] = q.speaker ? [{ name: q.speaker.name, type: q.speaker.type, score: q.confidence }] : [];
  const at = paragraphIndexOf(paras, q.start);
  const from = paras[Math.max(0, at - 1)]?.start ?? 0;
  const to = Math.max(paras[at]?.end ?? doc.body.length, q.end);
  const near: { name: string; type: Speaker['type']; distance: number }[] = [];
  for (const e of doc.entities) {
    if (e.type === 'location') continue;
    let best = Infinity;
    for (const m of e.mentions) {
      if (m.end <= from || m.start >= to || (m.start >= q.start && m.end <= q.end)) continue;
      best = Math.min(best, m.end <= q.start ? q.start - m.end : Math.max(0, m.start - q.end));
    }
    if (best < Infinity) near.push({ name: e.name, type: e.type, distance: best });
  }
  near.sort((a, b) => a.distance - b.distance);
  for (const n of near) {
    if (out.length >= MAX_CANDIDATES) break;
    if (!out.some((c) => c.name === n.name)) out.push({ name: n.name, type: n.type, score: null });
  }
  return out;
}

/**
 * The speaker an editor's name stands for: the story's own speaker of that name (or the one the
 * pipeline had given this quote before an editor changed it), else its entity of that name.
 */
export function speakerNamed(doc: StoryDocument, name: string, before?: Speaker | null): Speaker {
  const trimmed = name.replace(/\s+/g, ' ').trim();
  const quoted = before?.name === trimmed ? before : doc.quotes.find((q) => q.speaker?.name === trimmed)?.speaker;
  if (quoted) return quoted;
  const entity = doc.entities.find((e) => e.name === trimmed && e.type !== 'location');
  const ranked = doc.quotes.flatMap((q) => q.candidates).find((c) => c.name === trimmed);
  const type = entity?.type === 'organization' || ranked?.type === 'organization' ? 'organization' : 'person';
  return { name: trimmed, title: null, type };
}

/**
 * The correction an editor's answer makes for one quote of a story as indexed now. `earlier` is
 * the correction already stored for the same words, if any: its `original` is kept, so the
 * record always says what the pipeline had said, not what a previous editor did.
 */
export function correctionFor(
  doc: StoryDocument,
  quoteIndex: number,
  answer: { speaker: string | null; by: string; at: Date },
  earlier?: Correction,
): Correction {
  const q = doc.quotes[quoteIndex];
  if (!q) throw new RangeError(`quote ${quoteIndex} is not in story ${doc.id} (it has ${doc.quotes.length})`);
  const quoteHash = quoteHashOf(q.text);
  const { before: _before, ...paragraph } = paragraphOf(doc.body, q.start, q.end);
  const original = earlier?.original ?? { speaker: q.speaker, confidence: q.confidence, how: q.how };
  return correctionSchema.parse({
    key: correctionKeyOf(doc.id, quoteHash),
    storyId: doc.id,
    quoteHash,
    quoteText: q.text,
    quoteStart: q.start,
    quoteEnd: q.end,
    paragraph: paragraph.text,
    paragraphStart: paragraph.start,
    speaker: answer.speaker === null ? null : speakerNamed(doc, answer.speaker, original.speaker),
    original,
    correctedBy: answer.by,
    correctedAt: answer.at.toISOString(),
  });
}

/** One quote waiting for an editor: what `review list` and `/review` show. */
export interface ReviewItem {
  /** The correction key this quote would be stored under (story id and the quote's words). */
  quoteId: string;
  storyId: string;
  /** Its position in the story's `quotes` now: what `review set` and `POST /review/…` take. */
  quoteIndex: number;
  text: string;
  speaker: Speaker | null;
  confidence: number;
  how: string;
  candidates: { name: string; score: number | null }[];
  headline: string | null;
  publishedAt: string | null;
  /** The quote's paragraph and the one before it; `start` is an offset in the body (as the quote's offsets are). */
  paragraph: { text: string; start: number; before: { text: string; start: number } | null };
  start: number;
  end: number;
}

/** The quotes of a story whose confidence is below the threshold, in story order, at most `limit`. */
export function reviewItemsOf(doc: StoryDocument, below: number, limit = Infinity): ReviewItem[] {
  const out: ReviewItem[] = [];
  const paras = paragraphs(doc.body);
  doc.quotes.forEach((q, i) => {
    if (!(q.confidence < below) || q.how === EDITOR_HOW || out.length >= limit) return;
    out.push({
      quoteId: correctionKeyOf(doc.id, quoteHashOf(q.text)),
      storyId: doc.id,
      quoteIndex: i,
      text: q.text,
      speaker: q.speaker,
      confidence: q.confidence,
      how: q.how,
      candidates: candidatesOf(doc, i, paras).map(({ name, score }) => ({ name, score })),
      headline: doc.headline,
      publishedAt: doc.publishedAt,
      paragraph: paragraphOf(doc.body, q.start, q.end, paras),
      start: q.start,
      end: q.end,
    });
  });
  return out;
}

/**
 * A correction as a training example, one JSON line of `review export --jsonl`: the quote with
 * its body offsets and its paragraph (quote offsets within the paragraph are `start -
 * paragraphStart`), the editor's speaker (null: nobody is quoted), and what the pipeline said.
 */
export function trainingRecordOf(c: Correction) {
  return {
    storyId: c.storyId,
    quote: c.quoteText,
    start: c.quoteStart,
    end: c.quoteEnd,
    paragraph: c.paragraph,
    paragraphStart: c.paragraphStart,
    speaker: c.speaker?.name ?? null,
    speakerType: c.speaker?.type ?? null,
    originalSpeaker: c.original.speaker?.name ?? null,
    confidence: c.original.confidence,
    how: c.original.how,
    correctedBy: c.correctedBy,
    correctedAt: c.correctedAt,
  };
}
export type TrainingRecord = ReturnType<typeof trainingRecordOf>;

/** Pieces of a paragraph with the quote and candidate names marked, for the review page. */
export type Piece = { text: string; mark: 'quote' | 'candidate' | null };

/**
 * The paragraph cut at the quote's span and at every occurrence of a candidate's name outside
 * it: linear in the paragraph times the (at most three) names.
 */
export function markedPieces(paragraph: string, quote: { start: number; end: number }, names: readonly string[]): Piece[] {
  const spans: { start: number; end: number; mark: 'quote' | 'candidate' }[] = [{ ...quote, mark: 'quote' }];
  for (const name of names) {
    if (!name) continue;
    for (let at = paragraph.indexOf(name); at >= 0; at = paragraph.indexOf(name, at + name.length)) {
      const end = at + name.length;
      if (end <= quote.start || at >= quote.end) spans.push({ start: at, end, mark: 'candidate' });
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Piece[] = [];
  let pos = 0;
  for (const s of spans) {
    if (s.start < pos) continue; // overlaps one already marked
    if (s.start > pos) out.push({ text: paragraph.slice(pos, s.start), mark: null });
    out.push({ text: paragraph.slice(s.start, s.end), mark: s.mark });
    pos = s.end;
  }
  if (pos < paragraph.length) out.push({ text: paragraph.slice(pos), mark: null });
  return out;
}
