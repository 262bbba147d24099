import { createHash } from 'node:crypto';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The body as hashed for duplicate detection: whitespace runs collapsed, case kept. */
export function contentHashOf(body: string): string {
  return sha256(body.replace(/\s+/g, ' ').trim());
}

/**
 * The story's stable id. Derived from the feed's own id where it gives one, else from agency,
 * dateline and body, so the same story always maps to the same Elasticsearch `_id` and job id.
 * Always `wd-` and 32 hex digits: safe as a BullMQ job id (no `:`, not an integer) and in URLs.
 */
export function storyIdOf(parts: { sourceId: string | null; agency: string | null; dateline: string | null; body: string }): string {
  const basis = parts.sourceId
    ? `source\u0000${parts.sourceId}`
    : `story\u0000${parts.agency ?? ''}\u0000${parts.dateline ?? ''}\u0000${parts.body.replace(/\s+/g, ' ').trim()}`;
  return `wd-${sha256(basis).slice(0, 32)}`;
}
