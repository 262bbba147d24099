import type { Entity } from '../../article/story.ts';
import { mapArray } from '../../arrays.ts';
import {
  OPENING_ADVERBS, CALENDAR, companyShortName, isCountryName, isKnownFirstName, FIRST_NAME_GENDER, WIDE_FIRST_NAME_GENDER, firstNameGender, GENDERED_WORDS, HONORIFICS, MEDIA, MEDIA_WORDS,
  LEGAL_SUFFIXES, NOT_NAME, ORG_WORDS, PERSON_NOUNS, PRONOUN_GENDER, SPEECH_VERBS, TITLE_ABBREVIATIONS, TITLE_MODIFIERS, TITLE_WORDS,
} from './lexicon.ts';
import { nicknameEnd } from './marks.ts';
import { endsSentence, isDottedAbbreviation, lowerBound, tokenIndexAt, type Token } from './tokens.ts';

export type Kind = 'person' | 'organization' | 'location' | 'unknown';
export type Gender = 'm' | 'f' | null;

/** A name as written at one place in the body, with the title written beside it. */
export interface NameMention {
  /** The name itself, title and honorific left out. */
  start: number;
  end: number;
  text: string;
  words: string[];
  /** Token indexes of the whole mention, title included: [first, last]. */
  first: number;
  last: number;
  title: string | null;
  kind: Kind;
  gender: Gender;
  possessive: boolean;
  inQuote: boolean;
  subject: boolean;
  referent?: Referent;
}

/** One person or organisation of the story, known by the fullest name the story uses. */
export interface Referent {
  name: string;
  words: string[];
  kind: Kind;
  title: string | null;
  gender: Gender;
  mentions: NameMention[];
  /** The tagger's entity it agrees with, when there is one. */
  entity?: Entity;
  /** The gender came only from pronouns near a mention (weak evidence for a one-word name). */
  genderFromPronouns?: boolean;
}

const stripPossessive = (w: string) => w.replace(/['’]s$/i, '').replace(/['’]$/, '');
const isPossessive = (w: string) => /['’]s$/i.test(w) || /s['’]$/.test(w);
const CONNECTORS = new Set(['of', 'the', 'for', 'de', 'del', 'da', 'du', 'la', 'le', 'van', 'von', 'der', 'bin', 'ibn', 'al', 'el', '&']);
const NATIONALITY = /^(?:\p{Lu}[\p{L}-]*(?:an|ian|ese|ish|i|ic|ch)|Thai|Greek|Swiss|Dutch|French|British|Irish|Welsh|Scottish)$/u;
const DEPT_WORDS = new Set(['state', 'defense', 'defence', 'affairs', 'foreign', 'homeland', 'security', 'commerce', 'justice', 'health', 'energy', 'treasury', 'interior', 'agriculture', 'labor', 'labour', 'education', 'transportation', 'veterans', 'staff', 'the', 'and', 'external', 'internal', 'finance', 'trade', 'industry', 'economy', 'information']);
const MONTHS = /^(?:march|may|june|july|august|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)$/;
/** Months that are also first names, when a name follows (`Jan Brewer`, `April Ryan`, `June Carter`). */
const FIRST_NAME_MONTHS = /^(?:jan|april|june|august)$/;
/** Words after which a month is a date, not a name (`in May`, `since June`). */
const BEFORE_A_DATE = /^(?:in|on|since|until|till|of|last|next|this|early|late|mid|by|from|through|to|before|after|during|between|and|or)$/;
const OPENING = new Set(['"', '“', '‘', "'", '(', '[']);
const ACRONYM = /^(?:\p{Lu}{2,6}|(?:\p{Lu}\.){2,})$/u;
const ROMAN = /^(?:II|III|IV|VI|VII|VIII|IX|XI)$/;

const EVERYDAY_SHAPE = /^\p{Lu}\p{Ll}{2,}(?:ed|ing|ly)$/u;
const isRoleWord = (lower: string) => isTitleWord(lower) || (PERSON_NOUNS.has(lower) && !/s$/.test(lower));

export function isTitleWord(lower: string) {
  return TITLE_WORDS.has(lower) || TITLE_WORDS.has(lower.replace(/\.$/, '')) || (/^(?:co|ex)-/.test(lower) && TITLE_WORDS.has(lower.slice(3)));
}

/** What a run of capitalised name words names, from its own words. */
export function kindOfWords(words: string[], title: string | null): Kind {
  const lower = mapArray(words, (w) => w.toLowerCase());
  const joined = lower.join(' ');
  if (lower.some((w) => ORG_WORDS.has(w) || MEDIA_WORDS.has(w)) || MEDIA.has(joined) || MEDIA.has(lower.join('-'))) {
    // `Post` in `Emily Post` aside, a name ending in an organisation word is one.
    const lastWord = lower[lower.length - 1] ?? '';
    if (ORG_WORDS.has(lastWord) || MEDIA_WORDS.has(lastWord) || MEDIA.has(joined) || words.length === 1 || lower.includes('of')) return 'organization';
  }
  // (`U.S.`, `UK`: a country's abbreviation is a place, not an organisation's acronym.)
  if (words.length === 1 && /^(?:u\.s\.|us|u\.s\.a\.|usa|u\.k\.|uk)$/.test(lower[0]!)) return 'location';
  if (words.length === 1 && ACRONYM.test(words[0]!) && !ROMAN.test(words[0]!)) return 'organization';
  if (isCountryName(lower) || /^(?:european union|new york|hong kong)$/.test(joined)) {
    return joined.endsWith('union') ? 'organization' : 'location';
  }
  if (title) return 'person';
  if (FIRST_NAME_GENDER.has(lower[0] ?? '')) return 'person';
  return 'unknown';
}

/**
 * Where the organisation the tagger named over the text from `a` to `b` ends (`Office of
 * Management and Budget`), or -1: built once per story from its organisation mentions, each
 * question answered by a binary search. A span that ends in the name of a person the tagger also
 * found (`Mines and Energy Subroto`: it ran the office into the minister's name) counts for none.
 */
export function organisationSpans(entities: readonly Entity[]): (a: number, b: number) => number {
  const people = new Set<string>();
  for (const e of entities) if (e.type === 'person') people.add(e.name.split(/\s+/).pop()!.toLowerCase());
  const spans: Array<[number, number]> = [];
  for (const e of entities) {
    if (e.type !== 'organization') continue;
    for (const m of e.mentions) if (!people.has(m.text.split(/\s+/).pop()!.toLowerCase())) spans.push([m.start, m.end]);
  }
  spans.sort((x, y) => x[0] - y[0]);
  // The furthest end among the spans that start at or before each one.
  const reach = new Int32Array(spans.length);
  spans.forEach(([, end], i) => (reach[i] = Math.max(end, i ? reach[i - 1]! : 0)));
  return (a, b) => {
    const last = lowerBound(spans, a + 1, (x) => x[0]) - 1;
    return last >= 0 && reach[last]! >= b ? reach[last]! : -1;
  };
}

/** Whether the text from `start` to `end` (-1: none) holds an organisation word or a legal suffix. */
function namesOrganisation(body: string, start: number, end: number): boolean {
  if (end < 0) return false;
  return (body.slice(start, end).toLowerCase().match(/[\p{L}]+/gu) ?? []).some((w) => ORG_WORDS.has(w) || LEGAL_SUFFIXES.has(w));
}

/**
 * Finds capitalised name runs in the body and the titles written with them. A run is a chain
 * of capitalised words (with `of`, `the`, `bin` … between them); a sentence's first word joins
 * only when it is not an everyday word the body also writes in lower case. The title is the
 * run's leading part up to its last title word (`Russian President` | `Vladimir Putin`), with
 * lower-case role words and possessives just before it (`White House press secretary`), or a
 * comma-enclosed appositive after it (`, a spokeswoman for the ministry,`).
 */
export function findNameMentions(
  body: string, tokens: Token[], inQuote: (pos: number) => boolean, skip: (pos: number) => boolean = () => false,
  organisationEnd: (a: number, b: number) => number = () => -1,
): NameMention[] {
  const { lowerForms, surnames, personSurnames, midCaps, aloneCaps } = wordUse(tokens);
  const out: NameMention[] = [];
  let sentenceStart = true;
  let i = 0;
  // `North American-made`, `Texas-based`: a capitalised word with a lower-case hyphenated tail is an adjective.
  const isCapWord = (t: Token | undefined) => !!t && t.word && t.cap && !CALENDAR.has(t.lower) && !HYPHEN_ADJECTIVE.test(t.text);
  while (i < tokens.length) {
    const t = tokens[i]!;
    const startsSentence = sentenceStart || (OPENING.has(tokens[i - 1]?.text ?? '') && !closesQuote(tokens, i - 1));
    if (!t.word) {
      // A closing mark (`," Pence said`) neither starts a sentence nor ends the one before it.
      if (closesQuote(tokens, i)) { i++; continue; }
      sentenceStart = endsSentence(tokens, i) || t.text === ':' || t.text === '"' || t.text === '“';
      i++;
      continue;
    }
    sentenceStart = false;
    if (t.word && t.text.endsWith('.') && endsSentence(tokens, i)) sentenceStart = true;
    // `Jan Brewer`: a month that is also a first name, a capitalised word after it and no date
    // word before it, opens a name.
    const monthFirstName = !isCapWord(t) && t.cap && !t.text.endsWith('.') && FIRST_NAME_MONTHS.test(t.lower)
      && isCapWord(tokens[i + 1]) && !NOT_NAME.has(tokens[i + 1]!.lower) && !/^\d/.test(tokens[i + 2]?.text ?? '')
      && !BEFORE_A_DATE.test(tokens[i - 1]?.lower ?? '');
    if (!isCapWord(t) && !monthFirstName) { i++; continue; }
    // Gather the run.
    let j = i;
    const run: Token[] = [];
    while (j < tokens.length) {
      const u = tokens[j]!;
      // A name never runs over a paragraph break (`— Maria Lastra` at a paragraph's end, `Supporters` opening the next).
      if (run.length && u.start - run[run.length - 1]!.end > 1 && /\n[^\S\n]*\n/.test(body.slice(run[run.length - 1]!.end, u.start))) { sentenceStart = true; break; }
      // A month after a name, with no day number after it, is a surname (`Theresa May`, `Ai Jun`).
      const monthName = run.length > 0 && u.word && u.cap && !u.text.endsWith('.') && MONTHS.test(u.lower) && !/^\d/.test(tokens[j + 1]?.text ?? '')
        && !CALENDAR.has(run[run.length - 1]!.lower) && !BEFORE_A_DATE.test(run[run.length - 1]!.lower);
      if ((isCapWord(u) || monthName || (j === i && monthFirstName)) && !(run.length && u.lower === 'the')) {
        run.push(u);
        j++;
        if (isPossessive(u.text)) break;
        if (u.text.endsWith('.') && !/^\p{Lu}\.$/u.test(u.text) && !TITLE_ABBREVIATIONS.has(u.lower.slice(0, -1)) && endsSentence(tokens, j - 1)) { sentenceStart = true; break; }
        continue;
      }
      // `Marcia "Cia" Price`: a nickname in marks between the words of a name (the shape the mark
      // pairing leaves out of quotes, `nicknameEnd`).
      const nick = run.length && !u.word ? nicknameEnd(body, u.start) : -1;
      if (nick > 0) {
        while (j < tokens.length && tokens[j]!.end <= nick) run.push(tokens[j++]!);
        continue;
      }
      // A connector joins only between capitalised words, inside a run of at least one.
      if (run.length && CONNECTORS.has(u.lower) && !u.cap && isCapWord(tokens[j + 1]) && !isPossessive(run[run.length - 1]!.text)
        && !((u.lower === 'of' || u.lower === 'for') && (run.some((r) => FIRST_NAME_GENDER.has(r.lower)) || run.length >= 2 || personSurnames.has(run[0]!.lower)) && !run.some((r) => ORG_WORDS.has(r.lower) || MEDIA_WORDS.has(r.lower)))) {
        run.push(u);
        j++;
        continue;
      }
      // `Securities and Exchange Commission`, `Organisation for Economic Cooperation and
      // Development`: an `and` inside what the tagger read as one organisation, named by an
      // organisation word, joins the name (`Reagan and Gorbachev`, two names to it, stay two;
      // `X and Co` is left to the short-name joins).
      if (run.length && u.lower === 'and' && isCapWord(tokens[j + 1]) && !LEGAL_SUFFIXES.has(tokens[j + 1]!.lower.replace(/\.$/, ''))
        && namesOrganisation(body, run[0]!.start, organisationEnd(run[0]!.start, tokens[j + 1]!.end))) {
        run.push(u);
        j++;
        continue;
      }
      if (run.length && u.text === '-' && isCapWord(tokens[j + 1]) && u.start === run[run.length - 1]!.end) {
        run.push(u);
        j++;
        continue;
      }
      break;
    }
    // Drop leading everyday words at a sentence start (`But`, `Naturally`, `He`).
    let k = 0;
    if (monthFirstName) {
      // (a month that opens a name is its first name: nothing to drop)
    } else if (startsSentence) {
      while (k < run.length) {
        const w = stripPossessive(run[k]!.lower);
        // (`Stated Stone:` — a verb of saying opening the sentence is no part of the name.)
        if (NOT_NAME.has(w) || PRONOUN_GENDER[w] || (lowerForms.has(w) && !isTitleWord(w) && !HONORIFICS[w] && !ORG_WORDS.has(w) && !MEDIA.has(w))
          || (SPEECH_VERBS.has(w) && /(?:ed|s)$/.test(w) && k < run.length - 1)) k++;
        else break;
      }
    } else {
      while (k < run.length && (NOT_NAME.has(run[k]!.lower) || PRONOUN_GENDER[run[k]!.lower])) k++;
    }
    let part = run.slice(k);
    while (part.length && (CONNECTORS.has(part[part.length - 1]!.lower) || part[part.length - 1]!.text === '-')) part = part.slice(0, -1);
    // `Minister of Mines and Energy Subroto`: department words that carry on an office (after
    // `of` or `and`) are no part of the name after them, when the story writes that name alone.
    const cut = k === 0 ? officeWordsBefore(tokens, i, part, aloneCaps) : 0;
    if (cut) part = part.slice(cut);
    const firstIdx = i + k + cut;
    const after = tokens[firstIdx + part.length];
    const only = part[0];
    // Not names: a party-and-state tag (`(D-N.J.)`), a lone adjective before a noun
    // (`Democratic nominee`, `Russian troops`, `a Western diplomat`), a title-case headline.
    if (part.length && tokens[firstIdx - 1]?.text === '(' && part.some((u) => /^\p{Lu}{1,2}-/u.test(u.text))) part = [];
    else if (part.length === 1 && /^[RDI]-\p{Lu}/u.test(part[0]!.text) && tokens[firstIdx - 1]?.text === ',') part = [];
    else if (part.length === 1 && only && !isPossessive(only.text) && /(?:ic|an|ese|ish|ian|i|ern)$/.test(only.text) && after?.word && !after.cap
      && !/ed$/.test(after.lower) && !surnames.has(only.lower) && firstNameGender([only.text, '']) === null
      && !SPEECH_VERBS.has(after.lower) && !/^(?:also|has|had|have|is|was|were|are|will|would|could|did|does)$/.test(after.lower)) part = [];
    // `Chief executive Lars Dahl`: a title word opening a title written on in lower case is no name.
    else if (part.length === 1 && only && isTitleWord(only.lower) && after?.word && !after.cap && isTitleWord(after.lower)) part = [];
    // `a U.S. Official replied`, `a U.S. Bank`: old wire copy capitalises the word after a dotted
    // abbreviation; with only a role word, or a word the story also writes in lower case, after it,
    // the pair is a description, no name.
    else if (part.length === 2 && isDottedAbbreviation(part[0]!.text) && !isPossessive(part[1]!.text)
      && (isRoleWord(part[1]!.lower) || lowerForms.has(part[1]!.lower))) part = [];
    // `Continued state subsidies would not save them`, `Reacting to criticism, the senator …`:
    // one word opening a sentence, shaped like a verb form or adverb, never written as a name
    // inside a sentence and not a known first name, then a lower-case word (not `said`, `was` …:
    // `Kelly said` stays a name; `Continued state subsidies` is no `state` verb): no name.
    else if (part.length === 1 && startsSentence && k === 0 && only && EVERYDAY_SHAPE.test(only.text) && !midCaps.has(only.lower)
      && !surnames.has(only.lower) && !FIRST_NAME_GENDER.has(only.lower) && (after?.text === ',' || (after?.word && !after.cap && !(SPEECH_VERBS.has(after.lower) && /(?:s|ed|said|told|wrote)$/.test(after.lower))
      && !/^(?:has|had|have|is|was|were|are|will|would|could|did|does|also)$/.test(after.lower)))) part = [];
    if (part.length && skip(part[0]!.start)) part = [];
    if (part.length) {
      const m = mentionOf(body, tokens, part, firstIdx, startsSentence && k === 0);
      if (m) {
        m.inQuote = inQuote(m.start);
        out.push(m);
      }
    }
    i = Math.max(j, i + 1);
  }
  return out;
}

/**
 * The gender a role word marks (`widow`, `actress`, `mother`); a `-man` office (`chairman`), held
 * by women too, marks none.
 */
const markedGender = (lower: string): Gender => (/(?<!wo)man$/.test(lower) ? null : GENDERED_WORDS[lower] ?? null);

/** How the story writes its words, read in one pass over the tokens. */
interface WordUse {
  /** Words it writes in lower case (not inside handles and addresses: `@mike_pence` says nothing of `Pence`). */
  lowerForms: Set<string>;
  /** Last words of capitalised pairs (`Paul Ryan`): such a word alone is a name, not an adjective. A
   * capitalised article or everyday word before it makes no pair (`A Western diplomat`). */
  surnames: Set<string>;
  /** Surnames of people it names in full (`Paul Johnson`): `Johnson of L.F. Rothschild` is that
   * person of that firm, not one name. */
  personSurnames: Set<string>;
  /** Capitalised words it writes inside a sentence (after a lower-case word): names it uses. */
  midCaps: Set<string>;
  /** Capitalised words it writes with no capitalised word on either side (`Subroto said`). */
  aloneCaps: Set<string>;
}

function wordUse(tokens: Token[]): WordUse {
  const use: WordUse = { lowerForms: new Set(), surnames: new Set(), personSurnames: new Set(), midCaps: new Set(), aloneCaps: new Set() };
  for (let x = 0; x < tokens.length; x++) {
    const t = tokens[x]!;
    const prev = x > 0 ? tokens[x - 1]! : undefined;
    if (t.word && t.cap && !(prev?.word && prev.cap) && !(tokens[x + 1]?.word && tokens[x + 1]!.cap)) use.aloneCaps.add(stripPossessive(t.lower));
    if (t.word && !t.cap) {
      const glued = !!prev && prev.end === t.start && /^[@_/#.]$/.test(prev.text);
      if (!glued) use.lowerForms.add(t.lower);
    }
    if (!t.cap || !prev) continue;
    if (prev.cap) {
      if (prev.end + 1 === t.start && !NOT_NAME.has(prev.lower)) use.surnames.add(t.lower);
      if (isKnownFirstName(prev.lower)) use.personSurnames.add(t.lower);
    } else if (prev.word) use.midCaps.add(t.lower);
  }
  return use;
}

/**
 * How many department words open a run that carries on an office (`of Mines and [Energy
 * Subroto]`, `of [Trade and Industry Hajime Tamura]`): the run follows `of` or `and`, and what is
 * left after them is a name with no organisation word that the story also writes alone; else 0.
 */
function officeWordsBefore(tokens: Token[], at: number, part: Token[], aloneCaps: Set<string>): number {
  if (!/^(?:of|and|&)$/.test(tokens[at - 1]?.lower ?? '')) return 0;
  let n = 0;
  while (n < part.length - 1 && DEPT_WORDS.has(part[n]!.lower) && part[n]!.lower !== 'the') n++;
  if (!n || n > part.length - 1 || part.length - n > 3) return 0;
  const rest = part.slice(n);
  if (rest.some((t) => ORG_WORDS.has(t.lower) || !t.word)) return 0;
  return aloneCaps.has(stripPossessive(rest[rest.length - 1]!.lower)) ? n : 0;
}

/** A straight or curly double mark glued to the word or punctuation before it: a closing mark. */
function closesQuote(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  if (!t || (t.text !== '"' && t.text !== '”')) return false;
  if (t.text === '”') return true;
  const prev = tokens[i - 1];
  return !!prev && prev.end === t.start;
}

/** A name's words; a nickname in marks is one word, marks and all (`Marcia`, `"Cia"`, `Price`). */
function nameWords(body: string, toks: Token[]): string[] {
  const out: string[] = [];
  for (let x = 0; x < toks.length; x++) {
    const nick = toks[x]!.word ? -1 : nicknameEnd(body, toks[x]!.start);
    if (nick < 0) { out.push(stripPossessive(toks[x]!.text)); continue; }
    out.push(body.slice(toks[x]!.start, nick));
    while (x + 1 < toks.length && toks[x + 1]!.end <= nick) x++;
  }
  return out;
}

/** One run split into title and name, with the lower-case title words before it. */
function mentionOf(body: string, tokens: Token[], run: Token[], first: number, atSentenceStart: boolean): NameMention | null {
  const lowers = mapArray(run, (t) => t.lower);
  // The title's head: the last title word with a name after it.
  let head = -1;
  for (let x = 0; x < run.length - 1; x++) {
    const w = lowers[x]!;
    if (isTitleWord(w) || HONORIFICS[w] !== undefined || isPossessive(run[x]!.text)) head = x;
  }
  // `Secretary of State Antony Blinken`: the title goes on through `of` and department words.
  if (head >= 0 && lowers[head + 1] === 'of') {
    let y = head + 2;
    while (y < run.length - 1 && DEPT_WORDS.has(lowers[y]!)) y++;
    if (y > head + 2) head = y - 1;
  }
  let nameStart = head + 1;
  // `Afghanistan's` alone before a name is not a title: `Afghanistan's Ahmad Massoud`.
  let honorificGender: Gender = null;
  let titleTokens = run.slice(0, nameStart);
  if (titleTokens.length && !titleTokens.some((t) => isTitleWord(t.lower) || HONORIFICS[t.lower] !== undefined)) {
    // Only possessives before the name: keep them out of the name but no title.
    titleTokens = [];
  }
  for (const t of run.slice(0, nameStart)) {
    const h = HONORIFICS[t.lower];
    if (h) honorificGender = h;
  }
  let nameToks = run.slice(nameStart);
  if (!nameToks.length) return null;
  // A name followed by a possessive inside the run: keep only up to it.
  const possIdx = nameToks.findIndex((t) => isPossessive(t.text));
  let possessive = false;
  if (possIdx >= 0) {
    possessive = possIdx === nameToks.length - 1;
    nameToks = nameToks.slice(0, possIdx + 1);
  }
  // Lower-case role words just before the run (`press secretary Jen Psaki`, `spokesman John Kirby`).
  let firstIdx = first;
  const before: Token[] = [];
  if (!titleTokens.length || titleTokens.length === run.slice(0, nameStart).length) {
    let b = first - 1;
    while (b >= 0) {
      const u = tokens[b]!;
      if (!u.word) break;
      const w = u.lower;
      if (isTitleWord(w) || TITLE_MODIFIERS.has(w) || (PERSON_NOUNS.has(w) && !/s$/.test(w)) || (u.cap && !NOT_NAME.has(w)) || (isPossessive(u.text) && u.cap) || NATIONALITY.test(u.text)) {
        before.unshift(u);
        b--;
        continue;
      }
      // `chief financial officer`, `senior portfolio manager`: up to two plain words inside a
      // title, between a title word (or a possessive) before them and the title after them.
      let k = b;
      // (Not past `for`/`at`: `director of communications for Rhode Island-based Fleet` is a role of Fleet.)
      const linked = before.some((t) => /^(?:for|of|at|from|with)$/.test(t.lower));
      while (k >= 0 && b - k < 2 && before.length && !linked && isPlainTitleWord(tokens[k]!) && !isTitleWord(tokens[k]!.lower) && !TITLE_MODIFIERS.has(tokens[k]!.lower)) k--;
      const left = tokens[k];
      if (k < b && left?.word && (isTitleWord(left.lower) || (TITLE_MODIFIERS.has(left.lower) && !PLAIN_TITLE_STOPS.has(left.lower)))) {
        before.unshift(...tokens.slice(k, b + 1));
        b = k - 1;
        continue;
      }
      // (`Britain's business minister`: after a possessive, which the loop then weighs itself.)
      if (k < b && left && isPossessive(left.text)) {
        before.unshift(...tokens.slice(k + 1, b + 1));
        b = k;
        continue;
      }
      break;
    }
    while (before.length && (before[0]!.lower === 'of' || before[0]!.lower === 'the' || before[0]!.lower === 'and' || before[0]!.lower === 'for')) before.shift();
    // `a spokesman for Harbor Shipping`: a role of the organisation, not its title.
    // (`the Sierra Club` after `Mr. Morgan of`: the same.)
    const lastBefore = before[before.length - 1]?.lower === 'the' ? before[before.length - 2] : before[before.length - 1];
    if (lastBefore && /^(?:for|of|at|from|with|and)$/.test(lastBefore.lower)) before.length = 0;
    if (before.length && (before.some((u) => isTitleWord(u.lower) || PERSON_NOUNS.has(u.lower)) || titleTokens.length)) {
      firstIdx = first - before.length;
    } else before.length = 0;
  }
  const allTitle = [...before, ...titleTokens];
  const titleText = allTitle.length && allTitle.some((t) => (isTitleWord(t.lower) || PERSON_NOUNS.has(t.lower)) && HONORIFICS[t.lower] === undefined)
    ? body.slice(allTitle[0]!.start, allTitle[allTitle.length - 1]!.end)
    : null;
  const words = nameWords(body, nameToks);
  const lastTok = nameToks[nameToks.length - 1]!;
  let end = lastTok.end;
  if (isPossessive(lastTok.text)) end -= lastTok.text.endsWith('s') && !/['’]s$/i.test(lastTok.text) ? 1 : 2;
  const start = nameToks[0]!.start;
  const text = body.slice(start, end);
  if (!text || words.every((w) => NOT_NAME.has(w.toLowerCase()))) return null;
  let kind = kindOfWords(words, titleText ?? (honorificGender !== null || allTitle.some((t) => HONORIFICS[t.lower] !== undefined) ? 'honorific' : null));
  if (kind === 'unknown' && PERSON_NOUNS.has(tokens[first - 1]?.lower ?? '')) kind = 'person';
  // An honorific, then a first name, then a gendered title word (`Chairman Susan Phillips` is a woman).
  let gender: Gender = honorificGender;
  // A word that marks its person's gender (`widow`, `actress`, `mother`) outweighs a first
  // name's usual gender (`9/11 widow Terry Strada`); a `-man` office, held by women too, does not.
  for (const t of allTitle) gender ??= markedGender(t.lower);
  if (kind === 'person' || kind === 'unknown') gender ??= firstNameGender(words);
  for (const t of allTitle) gender ??= GENDERED_WORDS[t.lower] ?? null;
  const lastIdx = first + run.indexOf(lastTok);
  const m: NameMention = {
    start, end, text, words, first: firstIdx, last: lastIdx, title: titleText, kind, gender,
    possessive, inQuote: false, subject: false, referent: undefined,
  };
  // An appositive title: `Maria Zakharova, a spokeswoman for the ministry, said`.
  if (!possessive && tokens[lastIdx + 1]?.text === ',') {
    const app = appositiveAfter(body, tokens, lastIdx + 1);
    if (app) {
      if (!m.title) m.title = app.text;
      for (const w of app.words) m.gender ??= GENDERED_WORDS[w] ?? null;
      if (m.kind === 'unknown' && app.person) m.kind = 'person';
    }
  }
  // `criticism of City predators`: a lone word after a preposition, not known as a person, is no
  // subject (`footage of Hillary Clinton asking` still is).
  const afterPreposition = words.length === 1 && kind !== 'person' && PREPOSITION.test(tokens[firstIdx - 1]?.lower ?? '');
  // (`Siedenburg of Smith Barney thinks`: the employer after a name and `of` is no subject.)
  let y = firstIdx - 1;
  while (y > 0 && y > firstIdx - 7 && (tokens[y]!.cap || /^(?:and|&|the|de)$/.test(tokens[y]!.lower))) y--;
  const employer = /^(?:of|at)$/.test(tokens[y]?.lower ?? '') && !!tokens[y - 1]?.cap && tokens[y - 1]!.word;
  m.subject = atSentenceStart || (!afterPreposition && !employer && isSubjectPosition(tokens, lastIdx, PREPOSITION.test(tokens[firstIdx - 1]?.lower ?? '')));
  // `Trump's wife, Melania, is scheduled`, `The group's leader, Ann Poe, said`: a name set off by
  // commas after the role word it names is that clause's subject.
  // (Not `the campaign of his wife, Hillary Clinton, as she …`: a role after a preposition is no subject.)
  const role = tokens[firstIdx - 2];
  if (!m.subject && !possessive && tokens[firstIdx - 1]?.text === ',' && tokens[lastIdx + 1]?.text === ',' && role?.word && !role.cap
    && (PERSON_NOUNS.has(role.lower) || isTitleWord(role.lower)) && !roleAfterPreposition(tokens, firstIdx - 2)) {
    m.subject = isSubjectPosition(tokens, lastIdx + 1);
  }
  return m;
}

/** Whether a preposition comes within the three words before the role word at `role`, in its clause. */
function roleAfterPreposition(tokens: Token[], role: number): boolean {
  for (let y = role - 1; y >= 0 && y >= role - 3; y--) {
    const u = tokens[y]!;
    if (!u.word) return false;
    if (PREPOSITION.test(u.lower)) return true;
  }
  return false;
}

/** `, the Y of Z,` after a name: a role description closed by a comma, within a dozen words. */
export function appositiveAfter(body: string, tokens: Token[], comma: number): { text: string; words: string[]; person: boolean; endComma: number } | null {
  const first = tokens[comma + 1];
  if (!first || !first.word) return null;
  const words: string[] = [];
  let x = comma + 1;
  for (; x < tokens.length && x <= comma + 14; x++) {
    const u = tokens[x]!;
    if (u.text === ',' || u.text === ';' || u.text === '.' || u.text === ':' || u.text === '"' || u.text === '“' || u.text === '”') break;
    if (u.text === '(' || u.text === ')') continue;
    words.push(u.lower);
  }
  const stop = tokens[x]?.text;
  if (!words.length || (stop !== ',' && stop !== '.' && stop !== ':' && stop !== '"' && stop !== '”' && stop !== '“')) return null;
  if (SPEECH_VERBS.has(words[0]!) || PRONOUN_GENDER[words[0]!]) return null;
  const roleWord = words.some((w) => isTitleWord(w) || PERSON_NOUNS.has(w) || GENDERED_WORDS[w] !== undefined);
  const det = /^(?:a|an|the|its|his|her|their|who|which)$/.test(words[0]!) || isTitleWord(words[0]!) || TITLE_MODIFIERS.has(words[0]!) || /^\d+$/.test(words[0]!);
  if (!roleWord || !det || words.some((w) => SPEECH_VERBS.has(w) && w !== 'head')) return null;
  if (words[0] === 'who' || words[0] === 'which') return null;
  return { text: body.slice(first.start, tokens[x - 1]!.end), words, person: true, endComma: x };
}

/** `American-made`, `Texas-based`, `state-owned`: a hyphenated tail that makes an adjective (not `Geun-hye`). */
const HYPHEN_ADJECTIVE = /-(?:\p{Ll}*(?:ed|made|based|run|style|born|built|era|wide|bound|speaking|class|level|type|like|led)|\p{Ll}+ing)$/u;
const PREPOSITION = /^(?:of|for|in|on|at|to|by|with|from|into|against|about|over|under|between|among|than)$/;

function isSubjectPosition(tokens: Token[], last: number, afterPreposition = false): boolean {
  let x = last + 1;
  // (`Ivanka Trump, 34, could be`: past an age.)
  if (tokens[x]?.text === ',' && /^\d{1,3}$/.test(tokens[x + 1]?.text ?? '') && tokens[x + 2]?.text === ',') x += 3;
  else if (tokens[x]?.text === ',') {
    const app = appositiveAfter('', tokens, x);
    if (app) x = app.endComma + 1;
  }
  // `Siedenburg of Smith Barney thinks`: past the employer to the verb.
  if (/^(?:of|at)$/.test(tokens[x]?.lower ?? '') && tokens[x + 1]?.cap) {
    let y = x + 1;
    while (y < x + 8 && tokens[y] && (tokens[y]!.cap || /^(?:of|the|and|&)$/.test(tokens[y]!.lower))) y++;
    x = y;
  }
  let aux = false;
  for (let n = 0; n < 3 && x < tokens.length; n++, x++) {
    const u = tokens[x]!;
    if (!u.word) return false;
    if (SPEECH_VERBS.has(u.lower)) return true;
    if (u.cap) return false;
    // `O'Reilly would be interested`: an auxiliary and its verb.
    if (aux && /^(?:be|have|never|also|still|say|make|take|go|get|do|seek|run|win|lose|back|support|oppose)$/.test(u.lower)) return true;
    aux = !afterPreposition && /^(?:would|will|could|can|may|might|should|must)$/.test(u.lower);
    if (/^(?:also|has|had|have|is|was|were|are|will|would|could|can|may|might|should|did|does|later|then|on|last|earlier)$/.test(u.lower) || /ly$/.test(u.lower)) continue;
    return /(?:ed|s)$/.test(u.lower);
  }
  return false;
}

/** A lower-case word that may stand inside a title (`financial` in `chief financial officer`): not a function word or a verb of saying. */
const isPlainTitleWord = (t: Token) => t.word && !t.cap && /^[a-z][a-z-]*$/.test(t.text) && !PLAIN_TITLE_STOPS.has(t.lower) && !SPEECH_VERBS.has(t.lower);
const PLAIN_TITLE_STOPS = new Set(['the', 'a', 'an', 'of', 'for', 'and', 'or', 'to', 'in', 'on', 'at', 'by', 'with', 'from', 'as', 'who', 'which', 'that', 'is', 'was', 'are', 'were', 'has', 'had', 'have', 'be', 'been', 'its', 'his', 'her', 'their', 'our', 'not', 'also']);

const nameKey = (words: string[]) => mapArray(words, (w) => w.toLowerCase().replace(/\.$/, '')).join(' ');

/**
 * Gathers the mentions into referents: each multi-word name is one; a shorter mention joins the
 * fullest name whose words end with (or, for one word, contain) its words — the one mentioned most
 * recently before it, else the first in the story. Parenthesised acronyms join the name before them.
 * Entities from the tagger, when given, lend their names and types to the referents they cover.
 */
export function buildReferents(body: string, tokens: Token[], mentions: NameMention[], entities: Entity[]): Referent[] {
  const refs: Referent[] = [];
  const byKey = new Map<string, Referent>();
  // Indexes kept beside the referents so that a story of thousands of names stays linear:
  // where each referent sits in `refs`, its multi-word referents by last word and by other word,
  // the first gender its mentions show, and the starts of its mentions in sorted runs.
  const order = new Map<Referent, number>();
  const byLastWord = new Map<string, Referent[]>();
  const byInnerWord = new Map<string, Referent[]>();
  const byShortName = new Map<string, Referent[]>();
  const shownGender = new Map<Referent, Gender>();
  const starts = new Map<Referent, number[][]>();
  /** Where each referent was first written by one word alone. */
  const firstAlone = new Map<Referent, number>();
  const join = (r: Referent, m: NameMention) => {
    r.mentions.push(m);
    m.referent = r;
    // (One-word mentions are joined in story order: the first one set is the earliest.)
    if (m.words.length === 1 && !firstAlone.has(r)) firstAlone.set(r, m.start);
    if (m.gender && !shownGender.has(r)) shownGender.set(r, m.gender);
    const runs = starts.get(r)!;
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1]! < m.start) run.push(m.start);
    else runs.push([m.start]);
  };
  const add = (m: NameMention) => {
    const key = nameKey(m.words);
    let r = byKey.get(key);
    if (!r) {
      r = { name: m.words.join(' '), words: m.words, kind: m.kind, title: null, gender: null, mentions: [], entity: undefined, genderFromPronouns: undefined };
      byKey.set(key, r);
      order.set(r, refs.length);
      refs.push(r);
      starts.set(r, []);
      if (r.words.length > 1) {
        const lower = mapArray(r.words, (x) => x.toLowerCase());
        pushBounded(byLastWord, lower[lower.length - 1]!, r);
        for (const x of new Set(lower.slice(0, -1))) pushBounded(byInnerWord, x, r);
        // `Chrysler Corp`: the one word before a company's legal suffix is its short name.
        // (`Rockwell` after `Rockwell International Corp` too: the first word of a company named
        // with its legal suffix, unless a common word opens it, `American Motors Corp`.)
        const short = lower.length <= 3 && lower.slice(1).every((x) => LEGAL_SUFFIXES.has(x)) ? lower[0]! : companyShortName(r.words);
        if (short) pushTo(byShortName, short, r);
      }
    }
    join(r, m);
  };
  /** The latest start of a mention of r before pos, or -1. */
  const latestBefore = (r: Referent, pos: number) => {
    let best = -1;
    for (const run of starts.get(r)!) {
      const k = lowerBound(run, pos, (x) => x) - 1;
      if (k >= 0 && run[k]! > best) best = run[k]!;
    }
    return best;
  };
  const earliest = (r: Referent) => Math.min(...starts.get(r)!.map((run) => run[0]!));
  const sorted = [...mentions].sort((a, b) => b.words.length - a.words.length || a.start - b.start);
  for (const m of sorted) {
    // (`Mr. Obama` never joins `Michelle Obama`, nor `Mrs. Obama` him: a gender the mention shows
    // must fit the other name's.)
    const fitsGender = (r: Referent) => !m.gender || (shownGender.get(r) ?? firstNameGender(r.words) ?? m.gender) === m.gender;
    const same = byKey.get(nameKey(m.words));
    if (m.words.length >= 2 || (same && fitsGender(same))) { add(m); continue; }
    // One word: join a longer name that holds it.
    const w = m.words[0]!.toLowerCase().replace(/\.$/, '');
    const cands = [...new Set([...(byLastWord.get(w) ?? []), ...(byInnerWord.get(w) ?? [])])].sort((a, b) => order.get(a)! - order.get(b)!);
    const hosts = cands.filter((r) => r.words.length > 1 && r.kind !== 'location' && fitsGender(r) && (
      r.words[r.words.length - 1]!.toLowerCase() === w || (m.kind !== 'organization' && r.kind === 'person' && r.words.slice(0, -1).some((x) => x.toLowerCase() === w && w.length > 2 && FIRST_NAME_GENDER.has(w) === false))));
    if (hosts.length) {
      // The latest named before it; but where the story already writes one of them by this word
      // alone (`Keith Lamont Scott … Scott`), a relative it then names in full (`Rakeyia Scott`)
      // does not take the bare word over.
      const earlier = mapArray(hosts, (r) => ({ r, at: latestBefore(r, m.start) })).filter((e) => e.at >= 0);
      const alone = earlier.filter((e) => (firstAlone.get(e.r) ?? Infinity) < m.start);
      const recent = (alone.length ? alone : earlier).sort((a, b) => b.at - a.at)[0]?.r;
      const host = recent ?? hosts.sort((a, b) => earliest(a) - earliest(b))[0]!;
      join(host, m);
      continue;
    }
    // `Chrysler` after `Chrysler Corp`: the company by its short name (one such company only).
    const companies = byShortName.get(w);
    if (companies?.length === 1 && !same && m.kind !== 'person' && !m.title) {
      join(companies[0]!, m);
      continue;
    }
    add(m);
  }
  // `(CSTO)` after `Collective Security Treaty Organization`: one organisation.
  const byLastToken = new Map<number, NameMention[]>();
  for (const x of mentions) pushTo(byLastToken, x.last, x);
  for (const r of [...refs]) {
    if (r.words.length !== 1 || !ACRONYM.test(r.words[0]!)) continue;
    for (const m of [...r.mentions]) {
      const at = tokenIndexAt(tokens, m.start);
      const open = (tokens[at]?.start === m.start ? at : -1) - 1;
      if (tokens[open]?.text !== '(') continue;
      const prev = byLastToken.get(open - 1)?.find((x) => x.referent && x.referent !== r);
      if (!prev?.referent) continue;
      const host = prev.referent;
      const initials = mapArray(host.words.filter((x) => /^\p{Lu}/u.test(x)), (x) => x[0]).join('').toUpperCase();
      // (`Institute of Economic Research (NZIER)`: the acronym may add a country's letters.)
      const acronym = r.words[0]!.replace(/\./g, '');
      if (!initials.includes(acronym.slice(0, 2)) && !(initials.length >= 3 && acronym.endsWith(initials))) continue;
      mergeInto(r, host);
    }
  }
  // `AMC` after `American Motors Corp`: an acronym of an organisation's initials is that
  // organisation, and speaks under its full name.
  // (Kept once per referent: a short form only ever joins a name the story wrote before it, so a
  // merge never moves its host's first mention.)
  const firstStarts = new Map<Referent, number>();
  const firstStart = (r: Referent) => {
    let at = firstStarts.get(r);
    if (at === undefined) firstStarts.set(r, (at = r.mentions.reduce((a, x) => Math.min(a, x.start), Infinity)));
    return at;
  };
  const byInitials = new Map<string, { host: Referent; from: number }>();
  for (const h of refs) {
    if (h.words.length < 2 || !h.mentions.length || h.kind === 'person' || h.kind === 'location') continue;
    const initials = mapArray(h.words.filter((x) => /^\p{Lu}/u.test(x)), (x) => x[0]).join('');
    if (!byInitials.has(initials)) byInitials.set(initials, { host: h, from: firstStart(h) });
  }
  // `Adsteam` after `The Adelaide Steamship Co Ltd`, `Amex` after `American Express Co`: a word
  // made of the openings of a company's words in order is that company's short name.
  const companies = refs.filter((h) => h.words.length >= 2 && h.mentions.length && h.kind !== 'person' && h.kind !== 'location').slice(0, 64);
  for (const r of refs) {
    if (r.words.length !== 1 || !r.mentions.length || r.kind === 'person' || r.kind === 'location' || !/^\p{Lu}\p{Ll}{3,}$/u.test(r.words[0]!)) continue;
    const alias = r.words[0]!.toLowerCase();
    const hosts = companies.filter((h) => firstStart(h) < firstStart(r) && blendOf(alias, h.words));
    if (hosts.length !== 1) continue;
    mergeInto(r, hosts[0]!);
  }
  for (const r of refs) {
    if (r.words.length !== 1 || !r.mentions.length || !/^\p{Lu}{2,6}$/u.test(r.words[0]!)) continue;
    const found = byInitials.get(r.words[0]!);
    if (!found || found.from > firstStart(r)) continue;
    mergeInto(r, found.host);
  }
  // `Carolina Power` after `Carolina Power and Light Co`: the words of an organisation's name
  // before its `and` are its short name.
  const byLeadWords = new Map<string, { host: Referent; from: number }>();
  for (const h of companies) {
    const at = h.words.findIndex((x) => x.toLowerCase() === 'and');
    const key = at > 0 ? nameKey(h.words.slice(0, at)) : '';
    if (key && !byLeadWords.has(key)) byLeadWords.set(key, { host: h, from: firstStart(h) });
  }
  for (const r of refs) {
    if (!r.mentions.length || r.kind === 'person' || r.kind === 'location') continue;
    const found = byLeadWords.get(nameKey(r.words));
    if (!found || found.host === r || !found.host.mentions.length || found.from > firstStart(r)) continue;
    mergeInto(r, found.host);
  }
  const live = refs.filter((r) => r.mentions.length);
  const index = entityIndex(entities);
  for (const r of live) {
    r.mentions.sort((a, b) => a.start - b.start);
    // The kind and gender the mentions agree on; the first title the story gives.
    const kinds = mapArray(r.mentions, (m) => m.kind);
    r.kind = kinds.includes('organization') && !kinds.includes('person') ? 'organization'
      : kinds.includes('person') ? 'person' : kinds.includes('location') ? 'location' : 'unknown';
    r.title = r.mentions.find((m) => m.title)?.title ?? null;
    r.gender = r.mentions.find((m) => m.gender)?.gender ?? null;
    if (!r.gender && r.kind !== 'organization' && r.kind !== 'location') r.gender = firstNameGender(r.words);
    attachEntity(r, entities, index);
    // A person the story calls by one name only (`Melanie said`; the tagger's entity one word
    // too, so not a surname): that name's usual gender, from the wide first-name lists as well.
    if (!r.gender && r.words.length === 1 && r.entity?.type === 'person' && !r.entity.name.includes(' ')) {
      r.gender = WIDE_FIRST_NAME_GENDER.get(r.words[0]!.toLowerCase()) ?? null;
    }
  }
  return live.sort((a, b) => a.mentions[0]!.start - b.mentions[0]!.start);
}

/**
 * Whether `alias` is the openings of two or more of a name's words, in order and from its first
 * significant word (`adsteam` from Adelaide Steamship, `nabisco` from National Biscuit Co), two
 * letters at least from each (`federated` is no blend of Federated Department); legal suffixes
 * and small words may be skipped.
 */
export function blendOf(alias: string, words: readonly string[]): boolean {
  const ws = words.map((w) => w.toLowerCase().replace(/[^\p{L}]/gu, '')).filter((w) => w && w !== 'the');
  const skippable = (w: string) => LEGAL_SUFFIXES.has(w) || CONNECTORS.has(w) || w === 'and';
  if (ws.length < 2 || ws.length > 8 || alias.length > 16) return false;
  // Prefix matching over (position in alias, word, words used so far capped at 2), each state
  // decided once: a few hundred states at most, whatever the words.
  const seen = new Int8Array((alias.length + 1) * (ws.length + 1) * 3);
  const match = (a: number, k: number, used: number): boolean => {
    if (a === alias.length) return used >= 2;
    if (k >= ws.length) return false;
    const key = (a * (ws.length + 1) + k) * 3 + Math.min(used, 2);
    if (seen[key]) return seen[key] === 1;
    const w = ws[k]!;
    let ok = false;
    for (let n = Math.min(w.length, alias.length - a); n >= 2 && !ok; n--) {
      if (alias.startsWith(w.slice(0, n), a) && match(a + n, k + 1, used + 1)) ok = true;
    }
    ok ||= used > 0 && skippable(w) && match(a, k + 1, used);
    seen[key] = ok ? 1 : 2;
    return ok;
  };
  return match(0, 0, 0);
}

/** A short form (an acronym, a blend) joins the organisation it stands for: its mentions move there. */
function mergeInto(r: Referent, host: Referent) {
  for (const x of r.mentions) { x.referent = host; host.mentions.push(x); }
  r.mentions = [];
  if (host.kind === 'unknown') host.kind = 'organization';
}

/**
 * Longer names a one-word mention may join, per word. A story names a handful of people who share
 * a surname; a text of thousands of distinct capitalised runs sharing a word (a table, garbage)
 * would otherwise make every one-word mention scan them all, quadratic in the text.
 */
const HOSTS_PER_WORD = 32;

function pushBounded<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (list.length < HOSTS_PER_WORD) list.push(value);
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}


/** What attachEntity asks of every entity, worked out once per story. */
interface EntityIndex {
  key: string[];
  words: Array<Set<string>>;
  gender: Gender[];
  titled: boolean[];
  byKey: Map<string, number[]>;
  /** Every entity mention by start, with its entity's index; null when some overlap (then all are scanned). */
  spans: Array<{ start: number; end: number; e: number }> | null;
}

function entityIndex(entities: Entity[]): EntityIndex {
  const key = mapArray(entities, (e) => nameKey(e.name.split(/\s+/)));
  const byKey = new Map<string, number[]>();
  key.forEach((k, i) => pushTo(byKey, k, i));
  let spans: EntityIndex['spans'] = entities.flatMap((e, i) => e.mentions.map((m) => ({ start: m.start, end: m.end, e: i })))
    .sort((a, b) => a.start - b.start);
  // Disjoint spans sorted by start are sorted by end too, which the lookup relies on.
  for (let i = 0; i < spans.length; i++) {
    if (spans[i]!.start > spans[i]!.end || (i > 0 && spans[i - 1]!.end > spans[i]!.start)) { spans = null; break; }
  }
  return {
    key,
    words: mapArray(key, (k) => new Set(k.split(' '))),
    gender: mapArray(entities, (e) => firstNameGender(e.name.split(/\s+/))),
    titled: mapArray(entities, (e) => e.name.split(/\s+/).some((w) => isTitleWord(w.toLowerCase()))),
    byKey,
    spans,
  };
}

/**
 * The indexes, in list order, of the entities that share a name with r or overlap one of its
 * mentions, and which of them overlap (null: every entity is a candidate, overlap unknown).
 */
function candidateEntities(r: Referent, key: string, index: EntityIndex, count: number): { cands: number[]; overlapping: Set<number> | null } {
  const spans = index.spans;
  if (!spans) return { cands: Array.from({ length: count }, (_, i) => i), overlapping: null };
  const overlapping = new Set<number>();
  for (const m of r.mentions) {
    for (let k = lowerBound(spans, m.start + 1, (s) => s.end); k < spans.length && spans[k]!.start < m.end; k++) overlapping.add(spans[k]!.e);
  }
  const cands = [...new Set([...(index.byKey.get(key) ?? []), ...overlapping])].sort((a, b) => a - b);
  return { cands, overlapping };
}

/** The tagger's entity for a referent: one whose mentions overlap the referent's, or whose name matches. */
function attachEntity(r: Referent, entities: Entity[], index: EntityIndex = entityIndex(entities)) {
  if (!entities.length) return;
  const key = nameKey(r.words);
  let best: Entity | undefined;
  let namedPerson: Entity | undefined;
  const shown = r.mentions.find((x) => x.gender)?.gender;
  const lastWord = nameKey([r.words[r.words.length - 1]!]);
  const { cands, overlapping } = candidateEntities(r, key, index, entities.length);
  for (const i of cands) {
    const e = entities[i]!;
    if (e.type === 'location' && r.kind !== 'location') continue;
    // `U.S. District Judge Carlton W. Reeves` tagged as one organisation: the title and name the
    // story wrote make a person, whatever the tagger took in around them.
    if (e.type === 'organization' && r.kind === 'person' && index.titled[i]) continue;
    // `Retired teacher Ada Brenner of Millbrook` tagged as one organisation: a person the story's
    // own words show, then `of` and a place or employer, is that person, not the organisation.
    // (`Bootle of Lloyds` after `Roger Bootle`: the surname alone, then `of`, the same.)
    if (r.kind === 'person' && (e.name.startsWith(`${r.words.join(' ')} of `) || (r.words.length > 1 && e.name.startsWith(`${r.words[r.words.length - 1]} of `)))) continue;
    // `Mr. Obama` is not the tagger's `Michelle Obama`, whatever it grouped.
    const entityGender = index.gender[i];
    if (shown && entityGender && shown !== entityGender) continue;
    // An overlapping entity must hold the referent's last word: the tagger's `Human Rights Watch`
    // inside `Meenakshi Ganguly of Human Rights Watch` names someone else.
    const overlaps = index.words[i]!.has(lastWord)
      && (overlapping ? overlapping.has(i) : e.mentions.some((em) => r.mentions.some((m) => em.start < m.end && m.start < em.end)));
    const named = index.key[i] === key;
    if (overlaps || named) {
      // Ties go to the type the story's own words say (`Pei-yuan Chia, head of …` is a person).
      const better = !best || e.name.length > best.name.length
        || (e.name.length === best.name.length && e.type === (r.kind === 'unknown' ? 'person' : r.kind) && best.type !== e.type);
      if (better) best = e;
      if (named && e.type === 'person') namedPerson = e;
    }
  }
  // `Minister of Mines and Energy Subroto` tagged as one organisation, `Subroto` alone a person:
  // the person the story names by these very words, not the longer organisation around them.
  if (best?.type === 'organization' && namedPerson && r.kind !== 'organization') best = namedPerson;
  if (best) {
    r.entity = best;
    // A title the tagger took into the name (`Mayor Tom Becker`) stays out of the speaker's name.
    // A ticker the tagger kept in the name (`Northern Dockers Union <NDU>`) stays out of it.
    const words = best.name.replace(/\s*<[^<>]*>\s*/g, ' ').trim().split(/\s+/);
    let k = 0;
    // (`Previously the Fed`, `However Baker`: the tagger took in the adverb opening the sentence.)
    while (k < words.length - 1 && OPENING_ADVERBS.has(words[k]!.toLowerCase())) k++;
    if (k > 0 && words[k]!.toLowerCase() === 'the' && k < words.length - 1) k++;
    while (k < words.length - 1 && (isTitleWord(words[k]!.toLowerCase()) || HONORIFICS[words[k]!.toLowerCase()] !== undefined)) k++;
    // `U.S. District Judge Carlton W. Reeves`, `Secretary of State John Kerry`: a person's name
    // starts after the last title word and the department words that follow it.
    if (best.type === 'person') {
      for (let x = words.length - 2; x >= k; x--) {
        if (!isTitleWord(words[x]!.toLowerCase())) continue;
        k = x + 1;
        while (k < words.length - 1 && (DEPT_WORDS.has(words[k]!.toLowerCase()) || CONNECTORS.has(words[k]!.toLowerCase()))) k++;
        break;
      }
    }
    // A one-word name from the tagger (`Reeves` for `Carlton W. Reeves`) never replaces a fuller one the story wrote.
    if (words.length - k >= Math.min(2, r.words.length)) r.name = words.slice(k).join(' ');
    if (best.type !== 'location') r.kind = best.type;
    else if (r.kind === 'unknown') r.kind = 'location';
  }
}

/**
 * Gender evidence from pronouns: a `he`/`his`/`him` or `she`/`her` in the same sentence as a
 * person's subject mention, or the sentence after it with no other person between, votes for
 * that person's gender. Used only where titles, honorifics and first names said nothing.
 */
export function learnGenderFromPronouns(tokens: Token[], mentions: NameMention[], inQuote: (pos: number) => boolean) {
  const votes = new Map<Referent, { m: number; f: number }>();
  const persons = mentions.filter((m) => !m.inQuote && m.referent && m.referent.kind !== 'organization' && m.referent.kind !== 'location');
  let pi = 0;
  let last: NameMention | null = null;
  let sentencesSince = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    while (pi < persons.length && persons[pi]!.start <= t.start) {
      last = persons[pi]!;
      sentencesSince = 0;
      pi++;
    }
    if (endsSentence(tokens, i)) sentencesSince++;
    if (!t.word || !last || sentencesSince > 1 || inQuote(t.start)) continue;
    const g = /^(?:he|his|him|himself)$/.test(t.lower) ? 'm' : /^(?:she|her|hers|herself)$/.test(t.lower) ? 'f' : null;
    if (!g) continue;
    const v = votes.get(last.referent!) ?? { m: 0, f: 0 };
    v[g]++;
    votes.set(last.referent!, v);
  }
  for (const [r, v] of votes) {
    // A first name's usual gender is a guess (`Beryl Sprinkel` is a man): the story's own
    // pronouns, two or more and none the other way, overrule it. Honorifics and gendered title
    // words are not guesses.
    // (Only a referent shown to be a person otherwise, by a title or the tagger: `Ivory Coast`
    // is no woman, and no man either.)
    const person = r.entity?.type === 'person' || r.mentions.some((m) => m.title);
    if (person && r.gender && r.gender === firstNameGender(r.words) && !r.mentions.some((m) => saysGender(tokens, m))) {
      const other = r.gender === 'm' ? v.f : v.m;
      const same = r.gender === 'm' ? v.m : v.f;
      if (other >= 2 && same === 0) r.gender = r.gender === 'm' ? 'f' : 'm';
      continue;
    }
    if (r.gender) continue;
    if (v.m > v.f) r.gender = 'm';
    else if (v.f > v.m) r.gender = 'f';
    if (r.gender) r.genderFromPronouns = true;
  }
}

/** Whether a mention's own words (an honorific, a word that marks a gender) tell its gender. */
function saysGender(tokens: Token[], m: NameMention): boolean {
  for (let i = m.first; i <= m.last && i < tokens.length; i++) {
    const w = tokens[i]!.lower;
    if (tokens[i]!.start >= m.start) break;
    if (HONORIFICS[w] || HONORIFICS[w.replace(/\.$/, '')] || markedGender(w)) return true;
  }
  return !!m.title && m.title.toLowerCase().split(/\s+/).some((w) => markedGender(w) !== null);
}
