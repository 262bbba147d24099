/**
 * From tagged mentions to entities: one entity per real-world thing in the story. Name
 * variants join their full name (`Putin` → `Vladimir Putin`; a bare surname shared by two
 * people goes to the nearest fitting full name before it), acronyms join their expansion
 * (`Collective Security Treaty Organization (CSTO)`). The same string may name two things
 * (New York the city, New York the team): types are kept as tagged.
 */
import type { EntityType } from '../../article/story.ts';

export interface RawMention {
  type: EntityType;
  start: number;
  end: number;
  text: string;
  /** The mention's words (tokens). */
  words: string[];
}

export interface Group {
  type: EntityType;
  name: string;
  mentions: RawMention[];
}

const CONNECTORS = new Set(['of', 'the', 'and', 'for', 'in', 'on', 'at', 'to', 'de', 'du', 'des', 'la', 'le', '&', '-']);
const ORG_SUFFIXES = new Set(['inc', 'inc.', 'corp', 'corp.', 'co', 'co.', 'ltd', 'ltd.', 'plc', 'llc', 'ag', 'sa', 'nv', 'group', 'holdings', 'corporation', 'company', 'party']);
const HONORIFICS = new Set(['mr', 'mr.', 'mrs', 'mrs.', 'ms', 'ms.', 'dr', 'dr.', 'sir']);

const key = (s: string) => s.toLowerCase().replace(/[’]/g, "'");

/** Initials of a name's significant words: `Collective Security Treaty Organization` → `CSTO`. */
function initials(words: string[]): string {
  return words.filter((w) => !CONNECTORS.has(w.toLowerCase()) && /^\p{L}/u.test(w)).map((w) => w[0]!.toUpperCase()).join('');
}

const isAcronym = (w: string) => /^\p{Lu}[\p{Lu}\d&.]{1,9}$/u.test(w) && w.replace(/\./g, '').length >= 2;

function acronymMatches(acr: string, words: string[]): boolean {
  const a = acr.replace(/[.&]/g, '').toUpperCase();
  if (a.length < 2) return false;
  const full = initials(words);
  if (full === a) return true;
  // With connectors counted (`Bank of England` → `BOE`) or with hyphenated parts split.
  const all = words.flatMap((w) => w.split('-')).filter((w) => /^\p{L}/u.test(w)).map((w) => w[0]!.toUpperCase()).join('');
  return all === a;
}

export function groupMentions(mentions: RawMention[], body: string): Group[] {
  const sorted = [...mentions].sort((a, b) => a.start - b.start);
  const groups: Group[] = [];
  const byKey = new Map<string, Group>();
  // Acronym → group, from `Long Name (ACR)` in the text.
  const acronyms = new Map<string, Group>();

  const add = (g: Group, m: RawMention) => { g.mentions.push(m); };
  const newGroup = (m: RawMention, name = m.text): Group => {
    const g: Group = { type: m.type, name, mentions: [m] };
    groups.push(g);
    byKey.set(`${m.type}:${key(m.text)}`, g);
    return g;
  };

  for (let i = 0; i < sorted.length; i++) {
    const m = sorted[i]!;
    const k = `${m.type}:${key(m.text)}`;
    // 1. Long name followed by its acronym in brackets.
    if (m.type !== 'person' && m.words.length >= 2) {
      const after = /^\s*\(\s*([\p{Lu}][\p{Lu}\d&.]{1,9})\s*\)/u.exec(body.slice(m.end, m.end + 16));
      if (after && acronymMatches(after[1]!, m.words)) {
        const g = byKey.get(k) ?? newGroup(m);
        if (g.mentions[0] !== m) add(g, m);
        g.name = `${m.text} (${after[1]})`;
        acronyms.set(after[1]!.replace(/\./g, ''), g);
        const aStart = m.end + after[0].indexOf(after[1]!);
        const aEnd = aStart + after[1]!.length;
        const tagged = sorted.findIndex((x) => x.start === aStart && x.end === aEnd);
        if (tagged < 0) {
          sorted.splice(i + 1, 0, { type: g.type, start: aStart, end: aEnd, text: after[1]!, words: [after[1]!] });
        }
        continue;
      }
    }
    // 2. The same name again.
    const same = byKey.get(k);
    if (same) { add(same, m); continue; }
    // 3. A known acronym.
    if (m.words.length === 1 && isAcronym(m.text)) {
      const g = acronyms.get(m.text.replace(/\./g, ''));
      if (g) { add(g, m); byKey.set(k, g); continue; }
    }
    // 4. A shorter form of an earlier (or, failing that, later) longer name.
    const host = fittingHost(m, groups);
    if (host) { add(host, m); continue; }
    newGroup(m);
  }
  // Later full names that an earlier short form anticipated: a group whose every mention is
  // a short form of one later person group is merged into it (`Putin ... Vladimir Putin`).
  for (const g of [...groups]) {
    if (g.type !== 'person' || g.mentions.some((m) => m.words.length > 1)) continue;
    const words = g.mentions[0]!.words;
    const hosts = groups.filter((h) => h !== g && h.type === 'person' && h.mentions.some((m) => isSuffix(words, m.words)));
    if (hosts.length === 1) {
      hosts[0]!.mentions.push(...g.mentions);
      groups.splice(groups.indexOf(g), 1);
    }
  }
  for (const g of groups) {
    g.mentions.sort((a, b) => a.start - b.start);
    if (g.type === 'person') {
      // The person's name: the longest form used, honorifics aside, as written.
      let bestLen = 0;
      for (const m of g.mentions) {
        const lead = m.words.length > 1 && HONORIFICS.has(m.words[0]!.toLowerCase()) ? 1 : 0;
        if (m.words.length - lead > bestLen) {
          bestLen = m.words.length - lead;
          g.name = lead ? m.text.slice(m.text.indexOf(m.words[1]!, m.words[0]!.length)) : m.text;
        }
      }
      g.name = g.name.replace(/\s+/g, ' ');
    }
  }
  groups.sort((a, b) => a.mentions[0]!.start - b.mentions[0]!.start);
  return groups;
}

function isSuffix(short: string[], long: string[]): boolean {
  if (short.length >= long.length) return false;
  const off = long.length - short.length;
  return short.every((w, i) => key(w) === key(long[off + i]!));
}

function isPrefixPlusSuffix(short: string[], long: string[]): boolean {
  if (short.length >= long.length) return false;
  if (!short.every((w, i) => key(w) === key(long[i]!))) return false;
  return long.slice(short.length).every((w) => ORG_SUFFIXES.has(w.toLowerCase()) || w === '.');
}

/** The group a short form belongs to: the nearest fitting longer name before it, else after. */
function fittingHost(m: RawMention, groups: Group[]): Group | null {
  const words = m.words.filter((w) => !HONORIFICS.has(w.toLowerCase()));
  if (!words.length) return null;
  const fits = (long: RawMention) => {
    if (long.type !== m.type) return false;
    if (m.type === 'person') return isSuffix(words, long.words);
    if (m.type === 'organization') return isPrefixPlusSuffix(words, long.words) || (isSuffix(words, long.words) && words.length > 1);
    return false;
  };
  let best: Group | null = null;
  let bestPos = -1;
  for (const g of groups) {
    for (const x of g.mentions) {
      if (x.start < m.start && fits(x) && x.start > bestPos) { best = g; bestPos = x.start; }
    }
  }
  return best;
}
