import { z } from 'zod';
import { FORMATS } from './story.ts';

/**
 * The raw article: what enters wiredesk. The same shape is the queue's job data, the HTTP
 * ingest body and one line of `wiredesk extract --jsonl` input.
 */
export const MAX_CONTENT_BYTES = 5 * 1024 * 1024;

/**
 * Characters that show nothing on their own: whitespace and separators, control and format
 * characters (zero-width space and joiners, BOM, bidi marks, soft hyphen), combining marks with
 * nothing to combine with, and the blank letters of Hangul and Braille.
 */
const INVISIBLE = /^[\s\p{Z}\p{Cc}\p{Cf}\p{M}\u115F\u1160\u3164\uFFA0\u2800]*$/u;

/** Whether a text has at least one character a reader can see. */
export function hasVisibleText(text: string): boolean {
  return !INVISIBLE.test(text);
}

export const rawArticleSchema = z.strictObject({
  content: z
    .string({ error: 'content must be a string holding the story as received' })
    .check((ctx) => {
      if (!ctx.value.trim()) ctx.issues.push({ code: 'custom', message: 'is empty', input: ctx.value });
      else if (!hasVisibleText(ctx.value)) ctx.issues.push({ code: 'custom', message: 'holds no visible characters (only whitespace or invisible ones such as U+200B)', input: ctx.value });
    })
    .refine((s) => Buffer.byteLength(s, 'utf8') <= MAX_CONTENT_BYTES, {
      message: `is larger than ${MAX_CONTENT_BYTES / 1024 / 1024} MB`,
    }),
  format: z.enum(['auto', ...FORMATS]).default('auto'),
  receivedAt: z.iso.datetime({ offset: true, error: 'receivedAt must be an ISO date-time such as 2021-08-26T10:00:00Z' }).optional(),
  source: z.string().max(500).optional(),
});
export type RawArticle = z.input<typeof rawArticleSchema>;
export type ValidRawArticle = z.output<typeof rawArticleSchema>;

/** The fields a raw article may have; anything else is refused (a typo is never ignored). */
export const RAW_ARTICLE_KEYS: readonly string[] = rawArticleSchema.keyof().options;
