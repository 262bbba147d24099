import { createHash } from 'node:crypto';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The body as hashed for duplicate detection: whitespace runs collapsed, case kept. */
export function contentHashOf(body: string): string {
  return sha256(collapsedWhitespace(body));
}

/** What `\s` matches in a JavaScript regular expression (and `trim` removes). */
const isSpace = (c: number) =>
  c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;

const CHUNK = 8192;

/**
 * `s.replace(/\s+/g, ' ').trim()`, in one pass into a buffer of char codes. The regular
 * expression builds its result from a piece per whitespace run: on a body of a million short
 * lines that was a third of a second, mostly garbage collection, and ids are computed at the door
 * (`ingest`, `POST /articles`) as well as on the enrichment threads.
 */
export function collapsedWhitespace(s: string): string {
  const out = new Uint16Array(s.length);
  let k = 0;
  let space = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) {
      space = k > 0;
      continue;
    }
    if (space) {
      out[k++] = 32;
      space = false;
    }
    out[k++] = c;
  }
  const parts: string[] = [];
  for (let at = 0; at < k; at += CHUNK) parts.push(String.fromCharCode.apply(null, out.subarray(at, Math.min(k, at + CHUNK)) as unknown as number[]));
  return parts.join('');
}

/**
 * The story's stable id. Derived from the feed's own id where it gives one, else from agency,
 * dateline and body, so the same story always maps to the same Elasticsearch `_id` and job id.
 * Always `wd-` and 32 hex digits: safe as a BullMQ job id (no `:`, not an integer) and in URLs.
 */
export function storyIdOf(parts: { sourceId: string | null; agency: string | null; dateline: string | null; body: string }): string {
  const basis = parts.sourceId
    ? `source\u0000${parts.sourceId}`
    : `story\u0000${parts.agency ?? ''}\u0000${parts.dateline ?? ''}\u0000${collapsedWhitespace(parts.body)}`;
  return `wd-${sha256(basis).slice(0, 32)}`;
}
