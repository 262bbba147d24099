/**
 * From tagged mentions to entities: one entity per real-world thing in the story. Name
 * variants join their full name (`Putin` → `Vladimir Putin`; a bare surname shared by two
 * people goes to the nearest fitting full name before it), acronyms join their expansion
 * (`Collective Security Treaty Organization (CSTO)`). The same string may name two things
 * (New York the city, New York the team): types are kept as tagged.
 */
import type { EntityType } from '../../article/story.ts';
import { LEGAL_SUFFIXES } from '../quotes/lexicon.ts';

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
/** What ends an organisation's name without being its core: a legal suffix, or `Party`. */
const ORG_SUFFIXES = new Set([...LEGAL_SUFFIXES, 'party']);
const HONORIFICS = new Set(['mr', 'mr.', 'mrs', 'mrs.', 'ms', 'ms.', 'dr', 'dr.', 'sir']);

const key = (s: string) => s.toLowerCase().replace(/[’]/g, "'").replace(/\s+/g, ' ');

/** Initials of a name's significant words: `Collective Security Treaty Organization` → `CSTO`. */
function initials(words: string[]): string {
  return words.filter((w) => !CONNECTORS.has(w.toLowerCase()) && /^\p{L}/u.test(w)).map((w) => w[0]!.toUpperCase()).join('');
}

/** Initials with connectors counted and hyphenated parts split (`Bank of England` → `BOE`). */
function connectorInitials(words: string[]): string {
  return words.flatMap((w) => w.split('-')).filter((w) => /^\p{L}/u.test(w)).map((w) => w[0]!.toUpperCase()).join('');
}

const isAcronym = (w: string) => /^\p{Lu}[\p{Lu}\d&.]{1,9}$/u.test(w) && w.replace(/\./g, '').length >= 2;

/** The acronyms a name's words may stand for: initials without connectors, and with them. */
const initialsForms = (words: string[]) => [initials(words), connectorInitials(words)];

function acronymMatches(acr: string, words: string[]): boolean {
  const a = acr.replace(/[.&]/g, '').toUpperCase();
  return a.length >= 2 && initialsForms(words).includes(a);
}

export function groupMentions(mentions: RawMention[], body: string): Group[] {
  const sorted = [...mentions].sort((a, b) => a.start - b.start);
  const groups: Group[] = [];
  const byKey = new Map<string, Group>();
  // Acronym → group, from `Long Name (ACR)` in the text.
  const acronyms = new Map<string, Group>();

  const hosts = new HostIndex();
  const add = (g: Group, m: RawMention) => { g.mentions.push(m); hosts.add(g, m); };
  const newGroup = (m: RawMention, name = m.text): Group => {
    const g: Group = { type: m.type, name, mentions: [m] };
    hosts.created(g);
    hosts.add(g, m);
    groups.push(g);
    byKey.set(`${m.type}:${key(m.text)}`, g);
    return g;
  };

  // Spans tagged or added, and an acronym found in brackets, taken next (as if spliced in after its name).
  const spans = new Set(sorted.map((x) => `${x.start}:${x.end}`));
  let pending: RawMention | null = null;
  for (let i = 0; i < sorted.length || pending;) {
    const m: RawMention = pending ?? sorted[i++]!;
    pending = null;
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
        if (!spans.has(`${aStart}:${aEnd}`)) {
          spans.add(`${aStart}:${aEnd}`);
          pending = { type: g.type, start: aStart, end: aEnd, text: after[1]!, words: [after[1]!] };
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
    const host = hosts.fitting(m);
    if (host) { add(host, m); continue; }
    newGroup(m);
  }
  // Later full names that an earlier short form anticipated: a group whose every mention is
  // a short form of one later person group is merged into it (`Putin ... Vladimir Putin`).
  for (const g of [...groups]) {
    if (g.type !== 'person' || g.mentions.some((m) => m.words.length > 1)) continue;
    const words = g.mentions[0]!.words;
    const found = hosts.holdingSuffix(words, g);
    if (found.length === 1) {
      found[0]!.mentions.push(...g.mentions);
      groups.splice(groups.indexOf(g), 1);
    }
  }
  joinAcronymsToExpansions(groups);
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
    }
    // A name the wire wrapped over two lines (`New\nYork`) is one name: one space between words,
    // whatever the type, so the same thing is the same keyword in the index.
    g.name = g.name.replace(/\s+/g, ' ');
  }
  groups.sort((a, b) => a.mentions[0]!.start - b.mentions[0]!.start);
  return groups;
}

/** `U.S.`, `UK`: a country's abbreviation, which may open an organisation's name. */
const COUNTRY_ABBREVIATION = /^(?:\p{Lu}\.){2,3}$|^\p{Lu}{2}$/u;

/**
 * `International Monetary Fund … the IMF said`: an organisation written only as an acronym joins
 * the one organisation of the story whose initials spell it, before or after it, and the entity is
 * named by both (`International Monetary Fund (IMF)`), as when the story sets the acronym in
 * brackets. Two expansions that fit (or none) leave the acronym alone. Linear: one map of
 * initials over the story's groups.
 */
function joinAcronymsToExpansions(groups: Group[]) {
  const byInitials = new Map<string, Group | null>();
  for (const g of groups) {
    if (g.type !== 'organization' || /\)$/.test(g.name)) continue;
    const long = g.mentions.reduce((a, m) => (m.words.length > a.words.length ? m : a));
    if (long.words.length < 2) continue;
    // (`EC Commission` holds `EC`: what the acronym names is not the longer name around it.)
    const own = new Set(long.words.map((w) => w.replace(/\./g, '').toUpperCase()));
    const keys = new Set(initialsForms(long.words));
    // (`U.S. Securities and Exchange Commission … the SEC`: a country's abbreviation before the
    // name is seldom in its acronym.)
    if (long.words.length >= 3 && COUNTRY_ABBREVIATION.test(long.words[0]!)) for (const k of initialsForms(long.words.slice(1))) keys.add(k);
    for (const k of keys) if (k.length >= 2 && !own.has(k)) byInitials.set(k, byInitials.has(k) && byInitials.get(k) !== g ? null : g);
  }
  const joined = new Set<Group>();
  for (const g of groups) {
    if (g.type !== 'organization' || !g.mentions.every((m) => m.words.length === 1 && isAcronym(m.text))) continue;
    const acr = g.mentions[0]!.text.replace(/[.&]/g, '').toUpperCase();
    const host = byInitials.get(acr);
    if (!host || host === g || /\)$/.test(host.name) || !g.mentions.every((m) => m.text.replace(/[.&]/g, '').toUpperCase() === acr)) continue;
    host.mentions.push(...g.mentions);
    host.name = `${host.name} (${g.mentions[0]!.text})`;
    byInitials.delete(acr);
    joined.add(g);
  }
  if (!joined.size) return;
  let k = 0;
  for (const g of groups) if (!joined.has(g)) groups[k++] = g;
  groups.length = k;
}

const TYPE_CODE: Record<EntityType, number> = { person: 0, organization: 1, location: 2 };

interface Placed {
  x: RawMention;
  g: Group;
  /** Order of g among the groups, and of x within g, for ties. */
  gi: number;
  xi: number;
}

/**
 * The mentions already grouped, listed under every shorter name that fits them: their proper
 * suffixes (a person's `Putin` for `Vladimir Putin`) and, for an organisation, their name less
 * company suffixes (`Acme` for `Acme Corp`). Word sequences are numbered through a trie, so a
 * mention of k words costs k steps and a story of thousands of names stays linear.
 */
class HostIndex {
  private words = new Map<string, number>();
  private ids = new Map<number, number>();
  private suffixes = new Map<number, Placed[]>();
  private prefixes = new Map<number, Placed[]>();
  private unsorted = new Set<Placed[]>();
  private groupOrder = new Map<Group, number>();

  created(g: Group) {
    this.groupOrder.set(g, this.groupOrder.size);
  }

  /**
   * The id of a word sequence extending sequence `parent` by `word`, made when `make`. Suffixes
   * and prefixes are numbered apart: a prefix's parent is passed as -1 - its id.
   */
  private step(parent: number, word: string, make: boolean): number {
    const w = key(word);
    let wid = this.words.get(w);
    if (wid === undefined) {
      if (!make) return -1;
      this.words.set(w, (wid = this.words.size));
    }
    // (Both counts stay far below 2^24, so the pair is one exact number.)
    const k = (parent + 2 ** 24) * 2 ** 25 + wid;
    let id = this.ids.get(k);
    if (id === undefined && make) this.ids.set(k, (id = this.ids.size + 1));
    return id ?? -1;
  }

  private put(map: Map<number, Placed[]>, k: number, p: Placed) {
    const list = map.get(k);
    if (!list) { map.set(k, [p]); return; }
    if (list[list.length - 1]!.x.start > p.x.start) this.unsorted.add(list);
    list.push(p);
  }

  add(g: Group, x: RawMention) {
    const p: Placed = { x, g, gi: this.groupOrder.get(g)!, xi: g.mentions.length - 1 };
    const w = x.words;
    // Proper suffixes, shortest first (ids built from the last word back).
    let id = 0;
    for (let i = w.length - 1; i >= 1; i--) {
      id = this.step(id, w[i]!, true);
      this.put(this.suffixes, id * 4 + TYPE_CODE[x.type], p);
    }
    if (x.type === 'organization') {
      // Prefixes followed only by company suffixes (`Acme` in `Acme Corp.`).
      let cut = w.length;
      while (cut > 0 && (ORG_SUFFIXES.has(w[cut - 1]!.toLowerCase()) || w[cut - 1] === '.')) cut--;
      let pid = 0;
      for (let i = 0; i < w.length - 1; i++) {
        pid = this.step(-1 - pid, w[i]!, true);
        if (i + 1 >= cut) this.put(this.prefixes, pid, p);
      }
    }
  }

  private suffixId(words: string[]): number {
    let id = 0;
    for (let i = words.length - 1; i >= 0 && id >= 0; i--) id = this.step(id, words[i]!, false);
    return id;
  }

  private prefixId(words: string[]): number {
    let pid = 0;
    for (let i = 0; i < words.length && pid >= 0; i++) pid = this.step(-1 - pid, words[i]!, false);
    return pid;
  }

  /** The group a short form belongs to: the one holding the latest fitting longer name before it. */
  fitting(m: RawMention): Group | null {
    const words = m.words.filter((w) => !HONORIFICS.has(w.toLowerCase()));
    if (!words.length) return null;
    const lists: Placed[][] = [];
    if (m.type === 'person' || (m.type === 'organization' && words.length > 1)) {
      const id = this.suffixId(words);
      if (id > 0) lists.push(this.suffixes.get(id * 4 + TYPE_CODE[m.type]) ?? []);
    }
    if (m.type === 'organization') {
      const pid = this.prefixId(words);
      if (pid > 0) lists.push(this.prefixes.get(pid) ?? []);
    }
    let best: Placed | null = null;
    const better = (p: Placed) => !best || p.x.start > best.x.start
      || (p.x.start === best.x.start && (p.gi < best.gi || (p.gi === best.gi && p.xi < best.xi)));
    for (const list of lists) {
      if (this.unsorted.has(list)) {
        for (const p of list) if (p.x.start < m.start && better(p)) best = p;
        continue;
      }
      let k = list.length - 1;
      while (k >= 0 && list[k]!.x.start >= m.start) k--;
      const top = list[k]?.x.start;
      for (; k >= 0 && list[k]!.x.start === top; k--) if (better(list[k]!)) best = list[k]!;
    }
    return best?.g ?? null;
  }

  /** The person groups other than g with a mention that `words` is a proper suffix of, in group order. */
  holdingSuffix(words: string[], g: Group): Group[] {
    const id = this.suffixId(words);
    if (id <= 0) return [];
    const found = new Set<Group>();
    for (const code of [0, 1, 2]) {
      for (const p of this.suffixes.get(id * 4 + code) ?? []) if (p.g !== g && p.g.type === 'person') found.add(p.g);
    }
    return [...found].sort((a, b) => this.groupOrder.get(a)! - this.groupOrder.get(b)!);
  }
}
