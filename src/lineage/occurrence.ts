import { z } from 'zod';
import { speakerSchema, type StoryDocument } from '../article/story.ts';
import { headOf, quotationKey, quoteWords, shinglesOf } from './normalise.ts';

/**
 * One quote as one story carried it: the document stored in `<alias>-quotes`, `_id` =
 * `<story id>:<quotation key of its text>` (a story carrying the same words twice carries them once).
 * `quotation` is the unique quotation it belongs to: the id and canonical (longest) form.
 */
export const quotationRefSchema = z.object({
  id: z.string(),
  text: z.string(),
  /** The canonical form's words, space-separated (not indexed: read back to test containment). */
  norm: z.string(),
  words: z.number().int().nonnegative(),
});
export type QuotationRef = z.infer<typeof quotationRefSchema>;

export const occurrenceSchema = z.object({
  storyId: z.string(),
  storyVersion: z.number().int().positive(),
  /** The quote's index among the story's quotes. */
  index: z.number().int().nonnegative(),
  key: z.string(),
  /** Hash of the first six words (null under six): what finds longer quotations holding this one. */
  head: z.string().nullable(),
  /** Hashes of every six-word window: what finds the partial quotes of this one. */
  shingles: z.array(z.string()),
  words: z.number().int().nonnegative(),
  norm: z.string(),
  text: z.string(),
  speaker: speakerSchema.nullable(),
  confidence: z.number(),
  partial: z.boolean(),
  publishedAt: z.string().nullable(),
  agency: z.string().nullable(),
  headline: z.string().nullable(),
  quotation: quotationRefSchema,
});
export type Occurrence = z.infer<typeof occurrenceSchema>;

/** An occurrence before its quotation is known. */
export type Form = Omit<Occurrence, 'quotation'>;

export const occurrenceIdOf = (storyId: string, key: string) => `${storyId}:${key}`;

/** A form's own quotation: itself as the canonical text. */
export const selfQuotation = (f: Pick<Form, 'key' | 'text' | 'norm' | 'words'>): QuotationRef => ({ id: f.key, text: f.text, norm: f.norm, words: f.words });

/**
 * Whether a just-indexed story needs a quotation pass: one written for the first time (no
 * earlier version, so no occurrences of its own to remove) with no quotes has none to write
 * either. Most wire stories quote no one, and the pass is two look-ups per story. (Asked on the
 * worker's event loop for every story: it counts quotes rather than building their forms,
 * which the pass builds anyway.)
 */
export const needsQuotationPass = (story: StoryDocument, outcome: 'created' | 'updated') => outcome === 'updated' || story.quotes.length > 0;

/**
 * The quote forms a story carries, in quote order, one per distinct normalised text; none for
 * a withdrawn story (its occurrences must go) or quotes with no words.
 */
export function formsOf(story: StoryDocument): Form[] {
  if (story.withdrawnAt || story.pubStatus === 'canceled') return [];
  const seen = new Set<string>();
  const forms: Form[] = [];
  story.quotes.forEach((q, index) => {
    const words = quoteWords(q.text);
    if (!words.length) return;
    const key = quotationKey(words);
    if (seen.has(key)) return;
    seen.add(key);
    forms.push({
      storyId: story.id,
      storyVersion: story.version,
      index,
      key,
      head: headOf(words),
      shingles: shinglesOf(words),
      words: words.length,
      norm: words.join(' '),
      text: q.text,
      speaker: q.speaker ? { name: q.speaker.name, title: q.speaker.title, type: q.speaker.type } : null,
      confidence: q.confidence,
      partial: q.partial,
      publishedAt: story.publishedAt,
      agency: story.agency,
      headline: story.headline,
    });
  });
  return forms;
}
