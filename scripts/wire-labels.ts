/**
 * `tsx scripts/wire-labels.ts --out FILE [--reuters DIR] [--labels FILE]`: rebuilds the
 * Reuters-21578 quote labels for ../shared/eval/wirequotes.mjs from the committed offset labels
 * (test/fixtures/wirequotes/reuters-labels.jsonl) and the Reuters data, which stays outside the
 * repository. Each {at, len} becomes `start` again: the quote's first `len` characters from `at`
 * in the story's BODY, whitespace squashed as the labeller copied them.
 *   --out FILE      where to write the labels (its folder is created)
 *   --reuters DIR   the folder with reut2-*.sgm (default ../shared/data/reuters21578)
 *   --labels FILE   offset labels (default test/fixtures/wirequotes/reuters-labels.jsonl)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, SHARED_DATA, option } from './args.ts';

export interface OffsetQuote {
  at: number;
  len: number;
  speaker: string | null;
  speaker_type: string | null;
  as_written: string;
  title: string | null;
}
export interface OffsetStory { newid: number; file: string; quotes: OffsetQuote[] }
export interface TextQuote extends Omit<OffsetQuote, 'at' | 'len'> { start: string }
export interface TextStory { newid: number; file: string; quotes: TextQuote[] }

export class WireLabelsError extends Error {
  override name = 'WireLabelsError';
}

// Mirrors parseReuters in ../shared/eval/lib.mjs character for character (the record regex,
// the first <BODY>…</BODY>, the entity replacements in that order), so offsets made against
// its bodies land on the same characters here.
const RECORD = /<REUTERS[^>]*NEWID="(\d+)"[^>]*>([\s\S]*?)<\/REUTERS>/g;
const BODY = /<BODY>([\s\S]*?)<\/BODY>/;

const unescapeSgml = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&#\d+;/g, '');

/** NEWID → BODY text (null when the record has none); a later duplicate NEWID wins, as in lib.mjs. */
export function reutersBodies(sgm: string): Map<string, string | null> {
  const bodies = new Map<string, string | null>();
  for (const m of sgm.matchAll(RECORD)) {
    const body = m[2]!.match(BODY);
    bodies.set(m[1]!, body ? unescapeSgml(body[1]!) : null);
  }
  return bodies;
}

// The labeller squashed whitespace runs (the wire text wraps lines mid-quote), so `len` counts
// squashed characters, not body characters.
export function restoreStart(body: string, at: number, len: number): string {
  return body.slice(at).replace(/\s+/g, ' ').slice(0, len);
}

export function restoreStory(story: OffsetStory, body: string): TextStory {
  const quotes = story.quotes.map(({ at, len, ...rest }) => {
    const start = restoreStart(body, at, len);
    // Every labelled quote opens right after a quote mark; anything else means this body is not
    // the one the offsets were taken from.
    if (body[at - 1] !== '"' || start.length !== len) {
      throw new WireLabelsError(
        `story ${story.newid} (${story.file}): offset ${at} does not open a quote in its BODY; ` +
          'the Reuters copy or the SGML reading differs from the one the labels were made with',
      );
    }
    return { start, ...rest };
  });
  return { newid: story.newid, file: story.file, quotes };
}

function readOffsetLabels(file: string): OffsetStory[] {
  if (!existsSync(file)) throw new WireLabelsError(`labels not found: ${file} (pass --labels FILE)`);
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as OffsetStory;
      } catch {
        throw new WireLabelsError(`${file}:${i + 1}: not a JSON line`);
      }
    });
}

function bodyReader(reutersDir: string): (story: OffsetStory) => string {
  if (!existsSync(reutersDir)) {
    throw new WireLabelsError(`Reuters-21578 not found at ${reutersDir}: pass --reuters DIR (the folder with reut2-*.sgm)`);
  }
  const files = new Map<string, Map<string, string | null>>();
  return (story) => {
    const sgmPath = path.join(reutersDir, story.file);
    if (!files.has(story.file)) {
      if (!existsSync(sgmPath)) throw new WireLabelsError(`${sgmPath} missing: the labels need ${story.file} from Reuters-21578`);
      files.set(story.file, reutersBodies(readFileSync(sgmPath, 'latin1')));
    }
    const body = files.get(story.file)!.get(String(story.newid));
    if (body == null) throw new WireLabelsError(`no BODY for NEWID ${story.newid} in ${sgmPath}`);
    return body;
  };
}

function main(): void {
  const out = option('out', '');
  if (!out) throw new WireLabelsError('give --out FILE (where to write the restored labels)');
  const labels = readOffsetLabels(option('labels', path.join(ROOT, 'test', 'fixtures', 'wirequotes', 'reuters-labels.jsonl')));
  const body = bodyReader(option('reuters', path.join(SHARED_DATA, 'reuters21578')));
  const restored = labels.map((story) => restoreStory(story, body(story)));
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  writeFileSync(out, restored.map((s) => JSON.stringify(s)).join('\n') + '\n');
  const quotes = restored.reduce((n, s) => n + s.quotes.length, 0);
  console.log(`wrote ${out}: ${restored.length} stories, ${quotes} quotes`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    main();
  } catch (e) {
    if (!(e instanceof WireLabelsError)) throw e;
    console.error(`wire-labels: ${e.message}`);
    process.exit(1);
  }
}
