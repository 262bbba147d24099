import type { Format } from '../article/story.ts';

/**
 * What a format reader hands to normalisation: the story's text (which may still begin with
 * a dateline) and whatever metadata the format carries. Readers do not interpret datelines:
 * where only a dateline can tell whether a plain-text first line is a headline, the reader
 * leaves it in `lead` and normalisation settles it (`settleLead`).
 */
export interface ParsedArticle {
  format: Format;
  /** The feed's own identifier for the story (ninjs uri, NITF doc-id, guid …), if any. */
  sourceId: string | null;
  headline: string | null;
  byline: string | null;
  /** Agency credit from metadata (creditline, copyright holder …), not yet canonical. */
  credit: string | null;
  language: string | null;
  /** ISO date-time. */
  publishedAt: string | null;
  version: number | null;
  urgency: number | null;
  pubStatus: 'usable' | 'canceled' | 'withheld';
  embargoedUntil: string | null;
  /** A dateline given as metadata rather than in the text (NITF `dateline`, NewsML `dateline`). */
  datelineText: string | null;
  /** The feed's slugline or keyword (ninjs `slugline`, NewsML `slugline`, NITF `du-key`). */
  slugline: string | null;
  /** A `YYYY-MM-DD` date lead in plain text (`date 2021-08-26 …`), or an ANPA / IPTC 7901 trailer's day. */
  dateHint: string | null;
  /**
   * A key the agency repeats on every version of a story and on its kill (an ANPA / IPTC 7901
   * keyword slug, with the take number of an add): with the day, it makes the story id when the
   * feed gives no id of its own.
   */
  storyKey: string | null;
  /** ANPA-1312 / IPTC 7901 category code (`a`, `s`, `POL`). */
  category: string | null;
  /** Version and advisory marks taken off the headline or keyword (`CORRECTED`, `UPDATE 2`, `KILL`). */
  flags: string[];
  /** The story text: paragraphs separated by blank lines, dateline possibly at its start. */
  text: string;
  /** Plain text only, until settled: a first line that may be a headline (see `settleLead`). */
  lead: PendingLead | null;
}

/**
 * A plain-text first line that reads as a headline. It is one when that line does not itself
 * open with a dateline and either a `By …` line follows it or the text after it opens with an
 * unmistakable dateline; then the text starts at `restStart`.
 */
export interface PendingLead {
  headline: string;
  byline: string | null;
  restStart: number;
}

export function emptyParsedArticle(format: Format, text: string): ParsedArticle {
  return {
    format,
    sourceId: null,
    headline: null,
    byline: null,
    credit: null,
    language: null,
    publishedAt: null,
    version: null,
    urgency: null,
    pubStatus: 'usable',
    embargoedUntil: null,
    datelineText: null,
    slugline: null,
    dateHint: null,
    storyKey: null,
    category: null,
    flags: [],
    text,
    lead: null,
  };
}
