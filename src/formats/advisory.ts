/**
 * What plain wire copy says about itself in words: a kill or withdrawal advisory and the story it
 * names, and the version marks agencies put before a headline (`CORRECTED-`, `REFILE-`,
 * `UPDATE 2-`) or in an ANPA keyword section (`2nd Ld-Writethru`, `Correction`).
 *
 * Versions share one scale, so a correction outranks what it corrects and never ties the next
 * update: the original is 1, a correction or refile of it 2, `UPDATE n` (or the n-th lead) 2n+1,
 * a correction or refile of `UPDATE n` 2n+2.
 */

export interface VersionMark {
  /** The headline without its marks. */
  headline: string;
  version: number;
  /** The marks as written, upper case: `CORRECTED`, `UPDATE 2`. */
  flags: string[];
}

const versionOn = (update: number, corrected: boolean) => (update > 0 ? 2 * update + 1 : 1) + (corrected ? 1 : 0);

const HEADLINE_MARKS = /^\s*(?:(CORRECTED|CORRECTION|REFILE|REPEAT|RPT)\s*[-:]\s*)?(?:(UPDATE|WRAPUP)\s*(\d{1,3})\s*[-:]\s*)?/i;

/** `CORRECTED-UPDATE 1-Dock strike ends` → `Dock strike ends`, version 4, flags `CORRECTED`, `UPDATE 1`; null when unmarked. */
export function headlineMarks(headline: string): VersionMark | null {
  const m = HEADLINE_MARKS.exec(headline);
  if (!m || !m[0] || (!m[1] && !m[2])) return null;
  const rest = headline.slice(m[0].length).trim();
  if (!rest) return null;
  const update = m[3] ? Number(m[3]) : 0;
  const flags = [m[1] && m[1].toUpperCase().replace(/^CORRECTION$/, 'CORRECTED').replace(/^RPT$/, 'REPEAT'), m[2] && `${m[2].toUpperCase()} ${update}`].filter(Boolean) as string[];
  return { headline: rest, version: versionOn(update, Boolean(m[1])), flags };
}

const ORDINAL = /(\d{1,3})(?:st|nd|rd|th)\s*(?:Ld|Lead)\b/i;

/**
 * The version an ANPA or IPTC 7901 keyword section's version words give (`1st Ld-Writethru`,
 * `2nd Ld`, `Correction`, `Writethru`, `Refile`), with its flags; null when it names none.
 */
export function keywordVersion(words: string): { version: number; flags: string[] } | null {
  const lead = ORDINAL.exec(words);
  const corrected = /\b(?:correct(?:ion|ed|ive|s)?|refile[ds]?|writethru|write-thru|rpt|repeat)\b/i.test(words) && !/\d(?:st|nd|rd|th)\s*(?:Ld|Lead)-Writethru/i.test(words);
  if (!lead && !corrected) return null;
  const update = lead ? Number(lead[1]) : 0;
  const flags = [lead && `LEAD ${update}`, corrected && (/writethru|write-thru/i.test(words) ? 'WRITETHRU' : /refile/i.test(words) ? 'REFILE' : 'CORRECTED')].filter(Boolean) as string[];
  return { version: versionOn(update, corrected), flags };
}

/** The number of an add or take (`2nd Add`, `Take 3`): it continues a story as a separate piece. */
export function takeNumber(words: string): number | null {
  const m = /\b(\d{1,3})(?:st|nd|rd|th)\s*Add\b|\bTake\s*(\d{1,3})\b/i.exec(words);
  return m ? Number(m[1] ?? m[2]) : null;
}

export type KillKind = 'KILL' | 'MANDATORY KILL' | 'WITHDRAWN' | 'ELIMINATE';

export interface KillAdvisory {
  kind: KillKind;
  /** The killed story's own feed id when the advisory names one (a URN, `Story ID: …`). */
  sourceId: string | null;
  /** The killed story's ANPA-style slug when the advisory names one (`BC-Storm-Coast`, `slugged STORM-COAST`). */
  slug: string | null;
}

// Upper case only, and alone on its line or before a separator: `Kill switch saves driver` and
// `ELIMINATE POVERTY, UN URGES` are stories; `KILL`, `KILL KILL KILL`, `WITHDRAWN-Oil rises` advisories.
const KILL_WORD = /^(?:ADVISORY\s*[-:—]\s*)?(MANDATORY\s+KILL|KILL|WITHDRAWN|WITHDRAWAL|ELIMINATE|ELIMINATION)(?:\s+(?:MANDATORY\s+)?KILL)*\s*(?:$|[-:–—/,.])/u;
const KILL_KEYWORD = /(?:^|[,\s-])(mandatory\s+kill|kill|withdrawn|withdrawal|eliminate|elimination)(?![\p{L}\d])/iu;

function kindOf(word: string): KillKind {
  const w = word.toUpperCase().replace(/\s+/g, ' ');
  if (w === 'MANDATORY KILL') return 'MANDATORY KILL';
  if (w === 'KILL') return 'KILL';
  if (w.startsWith('ELIMINAT')) return 'ELIMINATE';
  return 'WITHDRAWN';
}

const SOURCE_ID = /\b(urn:[A-Za-z0-9][\w.-]{0,31}:[^\s"'“”<>()[\]]{1,200}[^\s"'“”<>()[\].,;])|\b(?:story|item|document|doc|news\s*item)\s*(?:id|number|no\.?)\s*[:#=]?\s*([A-Za-z0-9][\w:.\/-]{2,150}[A-Za-z0-9])/i;
const SLUG_NAMED = /\b(?:BC|AM|PM|AP)-([A-Za-z0-9][\w.-]{0,60}[A-Za-z0-9])|\bslug(?:ged|line)?\s*[:"“]?\s*([A-Z0-9][\w.-]{1,60}[A-Za-z0-9])/;

/**
 * A kill, withdrawal or elimination advisory: its first lines (or the keyword section `keyword`
 * of an ANPA or IPTC 7901 header) say so, and its text may name the story by feed id or slug.
 * Only what can be matched is returned; a story named by its headline alone cannot be, as
 * plain-text ids are hashes of the body the advisory does not repeat.
 */
export function killAdvisory(text: string, keyword: string | null = null): KillAdvisory | null {
  const head = text.slice(0, 2000);
  let kind: KillKind | null = null;
  for (const line of head.split('\n', 4)) {
    const m = KILL_WORD.exec(line.trim());
    if (m) { kind = kindOf(m[1]!); break; }
  }
  if (!kind && keyword) {
    const m = KILL_KEYWORD.exec(keyword.replace(/^[A-Za-z]{2}-[^,\s]+/, ''));
    if (m) kind = kindOf(m[1]!);
  }
  if (!kind) return null;
  const id = SOURCE_ID.exec(head);
  const slug = SLUG_NAMED.exec(head);
  return { kind, sourceId: id ? (id[1] ?? id[2])! : null, slug: slug ? (slug[1] ?? slug[2])! : null };
}

/** A slug as a story key: cycle designator gone, case and separators folded (`BC-Storm-Coast` → `storm-coast`). */
export function slugKey(slug: string): string {
  return slug.replace(/^(?:BC|AM|PM|AP)-/i, '').toLowerCase().replace(/[\s_.]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
}
