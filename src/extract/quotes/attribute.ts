import {
  ADVERBS, BUSINESS_NOUNS, CALENDAR, CARRIER_VERBS, CONTINUING_VERBS, isCountryName, INVERTED_VERBS, LISTENER_VERBS, BROADCAST_WORDS, MEDIA, MEDIA_WORDS, ORG_NOUNS, otherGender, PERSON_LED_BODIES, ROLE_CLASSES,
  PERSON_NOUNS, PHRASAL_SPEECH, PRONOUN_GENDER, QUESTION_VERBS, REPLY_VERBS, REPORT_VERBS, SPEECH_VERBS, TITLE_MODIFIERS, WEAK_SPEECH_VERBS,
} from './lexicon.ts';
import { appositiveAfter, isTitleWord, type NameMention, type Referent } from './names.ts';
import { lowerBound, type Token } from './tokens.ts';
import { mapArray } from '../../arrays.ts';

/** Who spoke, as the story names them. */
export interface Resolved {
  name: string;
  title: string | null;
  type: 'person' | 'organization';
  referent: Referent | null;
  /** How a pronoun or description was resolved, for `how`. */
  via?: string;
}

/** The noun phrase that does the saying, as written. */
export interface NounPhrase {
  kind: 'name' | 'pronoun' | 'description';
  first: number;
  last: number;
  mention?: NameMention;
  /** The first of two names speaking together (`Trump and Ryan said`). */
  partner?: NameMention;
  /** A name inside a description (`a spokesman for the Foreign Ministry`). */
  inner?: NameMention;
  text: string;
  head: string;
}

/** A verb of saying in the body, with who says it. */
export interface SpeechEvent {
  verb: number;
  verbText: string;
  np: NounPhrase;
  /** The noun phrase comes after the verb (`said Putin`). */
  inverted: boolean;
  speaker: Resolved | null;
  /** A verb of carrying words (`reported`, `quoted`) whose subject is an outlet. */
  report: boolean;
  /** The token after the whole cue (verb, subject and any object). */
  after: number;
  /** `told Reuters`, `reported Tass`, `carried by Xinhua`: the outlet in this cue. */
  via: string | null;
}

export interface Doc {
  body: string;
  tokens: Token[];
  /** Sentence number of each token. */
  sentence: number[];
  /** Paragraph number of each token. */
  paragraph: number[];
  quoted: boolean[];
  mentions: NameMention[];
  mentionByLast: Map<number, NameMention>;
  mentionByFirst: Map<number, NameMention>;
  referents: Referent[];
  events: SpeechEvent[];
}

/**
 * Record factories. Every noun phrase, speaker and speech event is built here with all its fields,
 * in one order (absent ones `undefined`), so each record kind has one object shape and the code
 * that reads them stays monomorphic (see ARCHITECTURE.md, "Record shapes").
 */
export function nounPhrase(
  kind: NounPhrase['kind'], first: number, last: number, mention: NameMention | undefined, partner: NameMention | undefined,
  inner: NameMention | undefined, text: string, head: string,
): NounPhrase {
  return { kind, first, last, mention, partner, inner, text, head };
}

export function resolved(name: string, title: string | null, type: Resolved['type'], referent: Referent | null, via: string | undefined): Resolved {
  return { name, title, type, referent, via };
}

/** A speaker with the note of how it was resolved. */
const resolvedVia = (s: Resolved, via: string): Resolved => resolved(s.name, s.title, s.type, s.referent, via);

export function speechEvent(
  verb: number, verbText: string, np: NounPhrase, inverted: boolean, speaker: Resolved | null, report: boolean, after: number, via: string | null,
): SpeechEvent {
  return { verb, verbText, np, inverted, speaker, report, after, via };
}

/** Nouns that can look like verbs of saying after a name used as a modifier (`a Twitter comment`). */
const NOUN_LIKE = /^(?:comment|post|tweet|call|note|report|answer|reply|claim|quote|remark|pledge|promise|vow|demand|boast|complaint|joke|lecture|statement)s?$/;
/** Things that speak for whoever wrote them (`the IMF report`, `Trump's brief`). */
const DOCUMENT_NOUNS = new Set(['report', 'statement', 'memo', 'letter', 'brief', 'release', 'editorial', 'tweet', 'post', 'book', 'study', 'complaint', 'filing', 'lawsuit', 'ruling', 'article', 'column', 'op-ed', 'email', 'e-mail', 'message', 'website', 'ad', 'advertisement', 'announcement', 'blog', 'memoir', 'motion', 'petition', 'document', 'analysis', 'survey', 'poll', 'suit', 'story']);
/** Document nouns that name the same thing (`the suit` after `filed a lawsuit`; `the story` after `a report`, not the reverse). */
const SUIT_KIN = ['suit', 'lawsuit', 'complaint'];
const STORY_KIN = ['story', 'article', 'report'];
const DOCUMENT_KIN = new Map([...SUIT_KIN.map((n) => [n, SUIT_KIN] as const), ['story', STORY_KIN], ['article', STORY_KIN]]);
const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'his', 'her', 'its', 'their', 'our', 'my', 'your', 'one', 'another', 'some', 'two', 'three', 'several', 'many', 'other']);
const CLAUSE_STOPS = new Set(['that', 'who', 'which', 'and', 'but', 'or', 'when', 'while', 'after', 'before', 'because', 'if', 'as', 'where', 'than', 'to', 'not', 'was', 'is', 'were', 'are', 'has', 'have', 'had']);
const PUNCT_LEAD = new Set([',', '—', '–', '―', '-', '--']);

export const isSpeechVerb = (doc: Doc, i: number): boolean => {
  const t = doc.tokens[i];
  if (!t || !t.word || t.cap || doc.quoted[i]) return false;
  if (!SPEECH_VERBS.has(t.lower) && PHRASAL_SPEECH[t.lower] !== doc.tokens[i + 1]?.lower && !speechParticiple(t.lower)) return false;
  const prev = doc.tokens[i - 1];
  // `the report`, `a call`, `his comments`: nouns, not verbs.
  // (`He’s claiming`: a pronoun's `’s` is `is` or `has`, never a possessive.)
  if (prev && prev.word && (DETERMINERS.has(prev.lower) || (/['’]s$/.test(prev.text) && PRONOUN_GENDER[prev.lower.slice(0, -2)] === undefined))) return false;
  // `members are asked to rank`: a passive says nothing of its subject.
  if (prev?.word && /^(?:is|are|was|were|be|been|being)$/.test(prev.lower) && /ed$/.test(t.lower)) return false;
  // `a Twitter comment`: a noun after a name used as a modifier.
  if (prev?.cap && DETERMINERS.has(doc.tokens[i - 2]?.lower ?? '') && NOUN_LIKE.test(t.lower)) return false;
  // `goes on recess`: a phrasal verb of saying runs into its words (`went on: "…"`, `went on to say`).
  if (PHRASAL_SPEECH[t.lower] === 'on' && doc.tokens[i + 2]?.word && !/^(?:to|about)$/.test(doc.tokens[i + 2]!.lower)) return false;
  if (prev && prev.word && !prev.cap && /^(?:to|will|would|can|could|should|may|might|must)$/.test(prev.lower) && !/^(?:say|tell|add|write|warn|ask)$/.test(t.lower)) return false;
  return true;
};

/** `yelling`, `stating`, `quipping`: the -ing form of a verb of saying the lexicon lists in other forms. */
function speechParticiple(w: string): boolean {
  if (!w.endsWith('ing') || w.length < 6) return false;
  const stem = w.slice(0, -3);
  return SPEECH_VERBS.has(stem) || SPEECH_VERBS.has(`${stem}e`) || (stem.at(-1) === stem.at(-2) && SPEECH_VERBS.has(stem.slice(0, -1)));
}

function mentionNP(doc: Doc, m: NameMention): NounPhrase {
  return nounPhrase('name', m.first, m.last, m, undefined, undefined, m.text, m.words[m.words.length - 1]!.toLowerCase());
}

/** A name's noun phrase read from an earlier token (`said Clark County Sheriff Joe Lombardo`). */
const mentionNPFrom = (doc: Doc, m: NameMention, first: number): NounPhrase =>
  nounPhrase('name', first, m.last, m, undefined, undefined, m.text, m.words[m.words.length - 1]!.toLowerCase());

const pronounNP = (x: number, t: Token): NounPhrase => nounPhrase('pronoun', x, x, undefined, undefined, undefined, t.text, t.lower);

/** A subject pronoun, its auxiliary written on dropped (`He’s claiming`, `they’ve said`): he, she or they; else null. */
function subjectPronoun(t: Token): string | null {
  if (!t.word) return null;
  const bare = t.lower.replace(/['’](?:s|re|ve|d|ll)$/, '');
  return bare === 'he' || bare === 'she' || bare === 'they' ? bare : null;
}

/** The noun phrase of a subject pronoun token, in its bare form. */
const subjectPronounNP = (x: number, t: Token, bare: string): NounPhrase =>
  nounPhrase('pronoun', x, x, undefined, undefined, undefined, t.text.slice(0, bare.length), bare);

/** Skips adverbs and time phrases leftwards from i (`also`, `on Tuesday`, `last week`). */
function skipAdverbialsLeft(doc: Doc, i: number, lo: number): number {
  const tk = doc.tokens;
  let x = i;
  for (;;) {
    const t = tk[x];
    if (!t || x < lo) return x;
    // `Trump jokingly said`: any manner adverb.
    if (t.word && !t.cap && (ADVERBS.has(t.lower) || /^[a-z]{3,}ly$/.test(t.lower) && !/^(?:only|early|family|rally|july|italy|ally|daily|weekly|monthly|assembly)$/.test(t.lower))) { x--; continue; }
    if (t.text === ')') {
      // `Rep. Gwen Moore (D-Wis.) said`: a short parenthetical between subject and verb.
      let y = x - 1;
      while (y >= lo && y > x - 8 && tk[y]!.text !== '(') y--;
      if (tk[y]?.text === '(') { x = y - 1; continue; }
      return x;
    }
    if (t.word && CALENDAR.has(t.lower) && tk[x - 1]?.lower === 'on') { x -= 2; continue; }
    if (t.word && /^\d+$/.test(t.text) && CALENDAR.has(tk[x - 1]?.lower ?? '') && tk[x - 2]?.lower === 'on') { x -= 3; continue; }
    if (t.word && /^(?:week|month|year|night|weekend)$/.test(t.lower) && /^(?:last|this)$/.test(tk[x - 1]?.lower ?? '')) { x -= 2; continue; }
    if (t.word && /^(?:morning|afternoon|evening)$/.test(t.lower) && CALENDAR.has(tk[x - 1]?.lower ?? '') && tk[x - 2]?.lower === 'on') { x -= 3; continue; }
    return x;
  }
}

/** The subject of a verb, read leftwards from just before it. */
export function npBefore(doc: Doc, verb: number, lo: number): NounPhrase | null {
  const tk = doc.tokens;
  const x = skipAdverbialsLeft(doc, verb - 1, lo);
  const t = tk[x];
  if (!t || x < lo) return null;
  if (t.text === ',') {
    // `Ramos, 58, told`: an age.
    if (/^\d{1,3}$/.test(tk[x - 1]?.text ?? '') && tk[x - 2]?.text === ',') {
      const aged = doc.mentionByLast.get(x - 3);
      if (aged && !aged.possessive) return mentionNP(doc, aged);
    }
    // `X, who served as …, told`, `X, the Republican committeeman from Y, said`: a looser
    // appositive, closed by the comma right before the verb.
    // The appositive may hold commas of its own (`a salesman from Sumter, South Carolina,`):
    // look past commas that follow no name, or a place.
    let antecedent: NameMention | undefined;
    for (let c = x - 1; c >= Math.max(lo, x - 26); c--) {
      const u = tk[c]!;
      if (u.text === '"' || u.text === '“' || u.text === '”' || doc.quoted[c]) {
        // (`The SOMC, a group of basically "monetarist" private economists, said`: a quoted
        // term of a few words inside the appositive is looked past.)
        if (quotedTerms(doc)[c]) continue;
        break;
      }
      if (u.text !== ',') continue;
      const m = nameEndingBefore(doc, c, lo);
      const opener = tk[c + 1]?.lower ?? '';
      // `Paris, who used to work on Capitol Hill, said`: a `who` makes a person even of a place name.
      // (After `of`, the `who` is the person before it, `Gerard Guillonneau of France, who spoke`,
      // or further left: `Kuroski, deputy director of Comecon, who heads …`.)
      if (m && opener === 'who' && /^(?:of|at|for|from|with)$/.test(tk[m.first - 1]?.lower ?? '')) {
        const owner = doc.mentionByLast.get(m.first - 2);
        if (owner && owner.first >= lo && personish(owner)) return mentionNP(doc, owner);
        continue;
      }
      if (m && opener === 'who' && !m.possessive && !m.inQuote && m.kind !== 'organization' && tk[m.first - 1]?.text !== ',') return mentionNP(doc, m);
      if (!m || m.kind === 'location' || m.referent?.kind === 'location') continue;
      if (m.possessive) break;
      const inside = tk.slice(c + 1, x);
      // `McConnell, R-Ky., said`: a party-and-state tag.
      if (/^[rdi]-[a-z.]+$/.test(opener) && inside.length <= 2) return mentionNP(doc, m);
      // `Clinton, at a later press gaggle, said`: a phrase set off between subject and verb.
      if (/^(?:at|in|during|on|after|before|speaking|following|with|without|asked|when|while|through|like|unlike|meanwhile|however|too)$/.test(opener) && (personish(m) || m.kind === 'organization' || m.referent?.kind === 'organization')) return mentionNP(doc, m);
      // `Mulgrew, president of the union, which represents teachers, said`: the clause belongs to
      // the union; the subject is further left when an appositive chain leads there.
      if (opener === 'which' && !personish(m)) { antecedent ??= m; continue; }
      // `Sumter, South Carolina,`: a town and its state, inside a longer appositive.
      if (inside.length && inside.every((w) => w.cap) && doc.mentionByFirst.get(c + 1)?.last === x - 1 && m.words.length === 1) {
        // `Ada Brenner of Millbrook, Ohio, said`: the person before the town.
        const from = /^(?:of|from|in)$/.test(tk[m.first - 1]?.lower ?? '') ? doc.mentionByLast.get(m.first - 2) : undefined;
        if (from && personish(from)) return mentionNP(doc, from);
        continue;
      }
      // (`Glenn Grimes, agronomist at the University of Missouri, said`: a bare noun and where the
      // person works make a role too, the article left out as wire copy does.)
      const affiliation = personish(m) && !!inside[0]?.word && !inside[0].cap && /^(?:of|at|for|with)$/.test(inside[1]?.lower ?? '')
        && (!!inside[2]?.cap || (inside[2]?.lower === 'the' && !!inside[3]?.cap));
      const role = m.kind !== 'organization' && (affiliation || inside.some((w) => w.word && !w.cap && (isTitleWord(w.lower) || PERSON_NOUNS.has(w.lower))));
      // `De Clercq, talking to journalists during the meeting, said`: a participle clause.
      const participle = /^[a-z]{3,}ing$/.test(opener);
      if (/^(?:who|the|a|an|whose|once|now|then|herself|himself|formerly)$/.test(opener) || role || (participle && personish(m))) {
        // `Lapp, executive director of the House Majority PAC, a Democratic super PAC, said`: the
        // second appositive describes the organisation; the person heads the chain. An appositive
        // whose head is an organisation word (`Priorities USA, a pro-Clinton super PAC,`) makes one.
        const orgAppositive = !role && inside.some((w) => w.word && (ORG_NOUNS.has(w.lower) || w.lower === 'pac'));
        if (!personish(m) || orgAppositive) antecedent ??= m;
        else return mentionNP(doc, m);
      }
      // `Pruitt, the attorney general of Oklahoma, one of the states suing, said`: a second
      // appositive; the subject may be further left.
    }
    if (antecedent) return mentionNP(doc, antecedent);
    // `X, the Y of Z, said`: the appositive closes at this comma.
    for (let c = x - 1; c >= Math.max(lo, x - 16); c--) {
      if (tk[c]?.text !== ',') continue;
      const m = doc.mentionByLast.get(c - 1);
      if (!m) continue;
      const app = appositiveAfter(doc.body, tk, c);
      if (app && app.endComma === x) return mentionNP(doc, m);
    }
    // `Okafor's coach, Daniel Reyes, said`: the name between the commas (a party tag after it
    // stepped over: `Scott's niece, Del. Marcia Price (D-Newport News), shouted`).
    const named = nameEndingBefore(doc, x, lo);
    if (named && !named.possessive && tk[named.first - 1]?.text === ',' && named.kind !== 'organization') return mentionNP(doc, named);
    return null;
  }
  // `Frankfurter Bank (BHF) said`: the subject before a short bracketed aside (one aside: the
  // step back is taken once, so a run of them costs nothing more).
  if (t.text === ')') {
    let y = x - 1;
    while (y > lo && y > x - 8 && tk[y]!.text !== '(' && tk[y]!.text !== ')') y--;
    return tk[y]?.text === '(' && y - 1 >= lo && tk[y - 1]!.text !== ')' ? npBefore(doc, y, lo) : null;
  }
  if (!t.word) return null;
  if (PRONOUN_GENDER[t.lower] !== undefined && !doc.quoted[x]) return pronounNP(x, t);
  // `He’s said`, `they’ve argued`: the pronoun with its auxiliary written on.
  const bare = doc.quoted[x] ? null : subjectPronoun(t);
  if (bare) return subjectPronounNP(x, t, bare);
  // `Luis Ortega, who called it`: the relative pronoun's antecedent.
  if (t.lower === 'who' && tk[x - 1]?.text === ',') {
    const m = doc.mentionByLast.get(x - 2);
    if (m && !m.possessive) return mentionNP(doc, m);
    return null;
  }
  const m0 = doc.mentionByLast.get(x);
  // `a British naval source in the Gulf said`, `the board spokesman in Frankfurt said`: the place
  // after `in` is where the speaker is; the speaker is the person or description before it.
  if (m0 && (!personish(m0) || (m0.kind === 'unknown' && m0.words.length === 1))) {
    const inAt = tk[m0.first - 1]?.lower === 'the' ? m0.first - 2 : m0.first - 1;
    if (tk[inAt]?.lower === 'in' && inAt - 1 >= lo) {
      const who = doc.mentionByLast.get(inAt - 1);
      if (who && shownPerson(who)) return mentionNP(doc, who);
      const head = tk[inAt - 1]!;
      if (head.word && !head.cap && (PERSON_NOUNS.has(head.lower) || isTitleWord(head.lower))) return descriptionEndingAt(doc, inAt - 1, lo);
    }
  }
  // `A Fiat spokesman contacted by Reuters said`: the name after `by` and a participle is who
  // did the contacting; the subject stands before the participle (but `a statement issued by
  // Union Pacific said` is the company's).
  if (m0 && tk[m0.first - 1]?.lower === 'by' && /^[a-z]+ed$/.test(tk[m0.first - 2]?.text ?? '') && m0.first - 3 >= lo
    && !DOCUMENT_NOUNS.has(tk[m0.first - 3]!.lower)) {
    const before = m0.first - 3;
    const named = doc.mentionByLast.get(before);
    if (named && !named.possessive && personish(named)) return mentionNP(doc, named);
    return descriptionEndingAt(doc, before, lo);
  }
  // `Stacy Baker of Columbia, South Carolina says`: the person before the town and state.
  const town = m0 && m0.kind !== 'person' && m0.referent?.kind !== 'person' && tk[m0.first - 1]?.text === ',' ? doc.mentionByLast.get(m0.first - 2) : undefined;
  const resident = town && /^(?:of|from|in)$/.test(tk[town.first - 1]?.lower ?? '') ? doc.mentionByLast.get(town.first - 2) : undefined;
  const m = resident && personish(resident) ? resident : m0;
  // `Another source speaking to Fox News said`: the name is the object of what comes before.
  if (m && /^(?:to|with)$/.test(tk[m.first - 1]?.lower ?? '') && /(?:ing|ed)$|^(?:told|spoke)$/.test(tk[m.first - 2]?.lower ?? '')) return null;
  if (m && !m.possessive) {
    // `a spokesman for the Foreign Ministry said`: the ministry's spokesman, not the ministry.
    const desc = descriptionLeft(doc, m.first - 1, lo);
    // (Not when a person is named before the preposition: `analyst Mark Clark of Barclays said`.)
    const before = doc.mentionByLast.get(m.first - 2);
    const personBefore = !!before && shownPerson(before);
    // (`Gail Martell, chief meteorologist for E.F. Hutton said`: the role describes the person
    // named before its comma, the closing comma left out.)
    if (desc && /^(?:for|of|at|from|with|to)$/.test(tk[m.first - 1]?.lower ?? '') && tk[desc.first - 1]?.text === ',') {
      const who = nameEndingBefore(doc, desc.first - 1, lo);
      if (who && who.first >= lo && shownPerson(who)) return mentionNP(doc, who);
    }
    if (desc && !personBefore && /^(?:for|of|at|from|with|to)$/.test(tk[m.first - 1]?.lower ?? '')) return nounPhrase(desc.kind, desc.first, x, desc.mention, desc.partner, m, doc.body.slice(tk[desc.first]!.start, tk[x]!.end), desc.head);
    // `Mr. Morgan of the Sierra Club said`: the person, not the club.
    // (A name written after `the` with no title, `at the National Review`, is no person either.)
    // (`Shuichi Takemoto of the Foreign Ministry's North American Division told`: past the
    // possessive organisation that owns the unit.)
    const owner = doc.mentionByLast.get(m.first - 1);
    const unitStart = owner?.possessive && !personish(owner) ? owner.first : m.first;
    // (`Wendy Smith Cork of the brokerage Nesbitt Thomson Bongard Inc said`: past a common noun
    // or two that say what the organisation is.)
    let kindAt = unitStart - 1;
    while (kindAt > unitStart - 3 && tk[kindAt]?.word && !tk[kindAt]!.cap && !/^(?:the|a|an|of|at|from|with)$/.test(tk[kindAt]!.lower)) kindAt--;
    const described = kindAt < unitStart - 1 && /^(?:the|a|an)$/.test(tk[kindAt]?.lower ?? '');
    const prep = described ? kindAt - 1 : tk[unitStart - 1]?.lower === 'the' ? unitStart - 2 : unitStart - 1;
    // (`Sen. Barbara Mikulski of Maryland said`: a name of no known kind after a person and
    // `of` is where that person comes from or works.)
    if ((!personish(m) || (prep === m.first - 2 && !m.title) || (m.kind === 'unknown' && !m.title && m.referent?.kind !== 'person'))
      && /^(?:of|at|from|with)$/.test(tk[prep]?.lower ?? '')) {
      const who = doc.mentionByLast.get(prep - 1);
      if (who && who.first >= lo && shownPerson(who)) return mentionNP(doc, who);
    }
    // `James Fry, vice-president of GM Overseas Distribution Corporation said`, `Ramon Diaz,
    // Chairman of the Commission on Good Government (PCGG) told` (the closing comma left out, as
    // 1980s wire copy often does): the person the role belongs to.
    // (`the chairman of the Telecommunications and Finance said`: past the other names of the list.)
    let ofAt = m.first - 1;
    // (`of Berliner Handels- and Frankfurter Bank`: a hyphen left hanging joins the words too;
    // `at Smith Barney, Harris Upham and Co`: so does a comma between capitalised words.)
    while (ofAt > lo && ofAt > m.first - 8 && ((tk[ofAt]!.word && tk[ofAt]!.cap) || /^(?:and|&|-)$/.test(tk[ofAt]!.lower) || isCommaBetweenCapitals(tk, ofAt))) ofAt--;
    if (tk[ofAt]?.lower === 'the') ofAt--;
    const bare = m.words.length === 1 && m.kind === 'unknown' && !m.title;
    if ((!personish(m) || bare) && /^(?:of|at|for|on)$/.test(tk[ofAt]?.lower ?? '')) {
      for (let c = ofAt - 1; c >= Math.max(lo, ofAt - 10); c--) {
        const u = tk[c]!;
        // (Any noun may build the role: `the communications director for the party`.)
        if (doc.quoted[c] || (u.word && !u.cap && !isTitleWord(u.lower) && !PERSON_NOUNS.has(u.lower) && !TITLE_MODIFIERS.has(u.lower) && !/^(?:the|a|an|and|of|who|is|was|also|now)$/.test(u.lower)
          && (CLAUSE_STOPS.has(u.lower) || SPEECH_VERBS.has(u.lower) || /ed$/.test(u.lower)))) break;
        if (u.text !== ',') continue;
        // (`Rep. Edward Markey, D-Mass, the chairman of …`: past a party tag.)
        const who = doc.mentionByLast.get(c - 1) ?? (/^[RDI]-\p{Lu}/u.test(tk[c - 1]?.text ?? '') && tk[c - 2]?.text === ',' ? doc.mentionByLast.get(c - 3) : undefined);
        if (who && personish(who) && (who.referent?.kind === 'person' || who.words.length >= 2)) return mentionNP(doc, who);
        break;
      }
    }
    return jointNP(doc, m, lo);
  }
  const finite = /(?:ed|said|told|wrote)$/.test(tk[verb]?.lower ?? '') && !/^(?:up|down|out|off|in|on|to|of|for|and|or|the|a|an)$/.test(t.lower);
  const desc = descriptionEndingAt(doc, x, lo);
  // `Red Cavaney, American Paper Institute president said`: one person's role after a comma,
  // its closing comma left out, describes the person named before it.
  if (desc && finite && desc.kind === 'description' && !/s$/.test(desc.head) && (isTitleWord(desc.head) || PERSON_NOUNS.has(desc.head)) && tk[desc.first - 1]?.text === ',') {
    const who = nameEndingBefore(doc, desc.first - 1, lo);
    if (who && who.first >= lo && shownPerson(who)) return mentionNP(doc, who);
  }
  return desc ?? (finite ? unclosedAppositive(doc, x, lo) : null);
}

const isCommaBetweenCapitals = (tk: Token[], i: number) => tk[i]!.text === ',' && !!tk[i - 1]?.cap && !!tk[i + 1]?.cap;

/**
 * `Nate Silver, the polling guru who founded fivethirtyeight.com tweeted`: an appositive whose
 * closing comma was left out; the name before its only comma.
 */
function unclosedAppositive(doc: Doc, x: number, lo: number): NounPhrase | null {
  const tk = doc.tokens;
  for (let c = x; c >= Math.max(lo, x - 16); c--) {
    const u = tk[c]!;
    if (doc.quoted[c] || /^[.;:!?"“”]$/.test(u.text)) return null;
    if (u.text !== ',') continue;
    const m = nameEndingBefore(doc, c, lo);
    if (!m || !personish(m) || !/^(?:the|a|an|who)$/.test(tk[c + 1]?.lower ?? '')) return null;
    return mentionNP(doc, m);
  }
  return null;
}

// Keyed by the story's tokens, like recentIndexes: findSpeechEvents reads through a copy of the Doc.
const termsByTokens = new WeakMap<Token[], Uint8Array>();

/**
 * Tokens of quoted stretches of three words at most that sit inside a sentence, words on both
 * sides (`basically "monetarist" private`): terms, not quotations. Found once per story.
 */
function quotedTerms(doc: Doc): Uint8Array {
  const known = termsByTokens.get(doc.tokens);
  if (known) return known;
  const tk = doc.tokens;
  const out = new Uint8Array(tk.length);
  termsByTokens.set(tk, out);
  for (let j = 0; j < tk.length; j++) {
    if (!doc.quoted[j]) continue;
    let k = j;
    let words = 0;
    while (k < tk.length && doc.quoted[k] && k - j < 8) { if (tk[k]!.word) words++; k++; }
    if (k < tk.length && doc.quoted[k]) { while (k < tk.length && doc.quoted[k]) k++; j = k - 1; continue; }
    if (words >= 1 && words <= 3 && tk[j - 1]?.word && tk[k]?.word && !tk[k]!.cap && doc.sentence[j - 1] === doc.sentence[k]) out.fill(1, j, k);
    j = k - 1;
  }
  return out;
}

/** The name that ends just before token c, stepping over a parenthetical (`Jordan (R-Ohio),`). */
function nameEndingBefore(doc: Doc, c: number, lo: number): NameMention | undefined {
  let e = c - 1;
  if (doc.tokens[e]?.text === ')') {
    let y = e - 1;
    while (y >= lo && y > e - 8 && doc.tokens[y]!.text !== '(') y--;
    if (doc.tokens[y]?.text === '(') e = y - 1;
  }
  return doc.mentionByLast.get(e);
}

const personish = (n: NameMention) => !n.possessive && !n.inQuote && n.kind !== 'organization' && n.kind !== 'location'
  && n.referent?.kind !== 'organization' && n.referent?.kind !== 'location';
/** A name the story shows to be a person: by its referent's kind or a title beside it. */
const shownPerson = (n: NameMention) => personish(n) && (n.referent?.kind === 'person' || !!n.title);

/** `Trump and Ryan issued a statement`: two people speaking together, else the name alone. */
export function jointNP(doc: Doc, m: NameMention, lo: number): NounPhrase {
  const tk = doc.tokens;
  let a: NameMention | undefined;
  let b: NameMention | undefined;
  if (tk[m.first - 1]?.lower === 'and') { a = doc.mentionByLast.get(m.first - 2); b = m; }
  else if (tk[m.last + 1]?.lower === 'and') { a = m; b = doc.mentionByFirst.get(m.last + 2); }
  if (a && b && a.first >= lo && personish(a) && personish(b) && a.referent && b.referent && a.referent !== b.referent
    && a.referent.kind === 'person' && b.referent.kind === 'person') {
    return nounPhrase('name', a.first, b.last, b, a, undefined, b.text, b.words[b.words.length - 1]!.toLowerCase());
  }
  return mentionNP(doc, m);
}

/** The last name before a verb in its sentence that stands as a subject. */
export function lastSubjectBefore(doc: Doc, lo: number, to: number): NounPhrase | null {
  // Only tokens where a subject may end are visited: a long sentence of clauses stays linear.
  const hits = subjectHits(doc);
  for (let i = to - 1 < 0 ? -1 : hits[to - 1]!; i >= lo; i = i > 0 ? hits[i - 1]! : -1) {
    const m = doc.mentionByLast.get(i);
    if (m && m.subject && !m.possessive && !m.inQuote && m.first >= lo) return jointNP(doc, m, lo);
    const t = doc.tokens[i]!;
    const bare = doc.quoted[i] ? null : subjectPronoun(t);
    if (bare) return subjectPronounNP(i, t, bare);
  }
  return null;
}

const subjectHitLists = new WeakMap<Token[], Int32Array>();

/** For each token, the last token at or before it where lastSubjectBefore could stop (-1: none). */
function subjectHits(doc: Doc): Int32Array {
  let hits = subjectHitLists.get(doc.tokens);
  if (hits) return hits;
  hits = new Int32Array(doc.tokens.length);
  let last = -1;
  for (let i = 0; i < doc.tokens.length; i++) {
    const m = doc.mentionByLast.get(i);
    const t = doc.tokens[i]!;
    if ((m && m.subject && !m.possessive && !m.inQuote) || (!doc.quoted[i] && subjectPronoun(t))) last = i;
    hits[i] = last;
  }
  subjectHitLists.set(doc.tokens, hits);
  return hits;
}

/** `The Republican nominee …`: a description of a person opening the sentence, up to its role word. */
function roleOpening(doc: Doc, lo: number, verb: number): NounPhrase | null {
  const tk = doc.tokens;
  if (!/^(?:the|a|an)$/.test(tk[lo]?.lower ?? '')) return null;
  for (let y = lo + 1; y < Math.min(verb, lo + 5); y++) {
    const t = tk[y]!;
    if (!t.word) return null;
    if (!t.cap && (isTitleWord(t.lower) || PERSON_NOUNS.has(t.lower))) return descriptionEndingAt(doc, y, lo);
    if (!t.cap && !TITLE_MODIFIERS.has(t.lower)) return null;
  }
  return null;
}

/** The subject at the start of a sentence: a name or pronoun, after any opening adverbial. */
export function sentenceSubject(doc: Doc, lo: number, verb: number): NounPhrase | null {
  const tk = doc.tokens;
  let x = lo;
  // `On Monday, …` / `Later, …`; a longer opening phrase when it starts with a preposition
  // (`In a Fox interview later that day, Trump went further:`).
  const reach = /^(?:in|on|at|after|before|during|with|without|despite|since|following|amid|as|when|while|although|though|if|because|by|for|from|under|over|unlike|like)$/.test(tk[lo]?.lower ?? '') ? 30 : 6;
  for (let y = lo; y < Math.min(verb, lo + reach); y++) {
    if (tk[y]?.text !== ',') continue;
    // `On July 6, 2015, …`: the year belongs to the date.
    if (/^\d{4}$/.test(tk[y + 1]?.text ?? '') && tk[y + 2]?.text === ',') { y += 1; continue; }
    // `in Birmingham, Alabama, …`: the comma between a town and its state does not end the phrase.
    const place = doc.mentionByFirst.get(y + 1);
    if (place && tk[place.last + 1]?.text === ',' && (place.kind === 'location' || place.referent?.kind === 'location')) continue;
    // (`in Aspen, Colo., …`: a state's abbreviation and its full stop.)
    if (/^\p{Lu}\p{Ll}{1,4}$/u.test(tk[y + 1]?.text ?? '') && tk[y + 2]?.text === '.' && tk[y + 3]?.text === ',') { y += 2; continue; }
    x = y + 1;
    break;
  }
  for (const start of x === lo ? [lo] : [x, lo]) {
    const t = tk[start];
    if (!t) continue;
    if (t.word && t.lower === 'it') return pronounNP(start, t);
    const bare = subjectPronoun(t);
    if (bare) return subjectPronounNP(start, t, bare);
    for (let y = start; y < Math.min(verb, start + 6); y++) {
      const m = doc.mentionByFirst.get(y);
      // `Clinton campaign manager Robby Mook released`: the person the role words lead to.
      const person = m ? personAfterTitle(doc, m.last + 1, verb - 1, m.kind === 'organization' || m.referent?.kind === 'organization', m.possessive) : null;
      if (person) return mentionNP(doc, person);
      if (m && !m.possessive) return jointNP(doc, m, lo);
      if (!tk[y]?.word || !tk[y]!.cap && !/^(?:the|a|an)$/.test(tk[y]!.lower)) break;
    }
  }
  return null;
}

/** `a spokesman for` before a name: the role words, read leftwards. */
function descriptionLeft(doc: Doc, x: number, lo: number): NounPhrase | null {
  const tk = doc.tokens;
  if (!/^(?:for|of|at|from|with|to)$/.test(tk[x]?.lower ?? '')) return null;
  let y = x - 1;
  let head = '';
  while (y >= lo && y > x - 5) {
    const u = tk[y]!;
    if (!u.word) break;
    if (PERSON_NOUNS.has(u.lower)) head ||= u.lower;
    if (DETERMINERS.has(u.lower)) { y--; break; }
    y--;
  }
  if (!head) return null;
  return nounPhrase('description', y + 1, x, undefined, undefined, undefined, '', head);
}

/** A common-noun subject ending at x: `the ministry`, `a senior official`, `Putin's spokesman`. */
function descriptionEndingAt(doc: Doc, x: number, lo: number): NounPhrase | null {
  const tk = doc.tokens;
  const headTok = tk[x]!;
  const head = headTok.lower;
  if (!(PERSON_NOUNS.has(head) || ORG_NOUNS.has(head) || isTitleWord(head) || DOCUMENT_NOUNS.has(head))) {
    if (!headTok.cap) return null;
  }
  let y = x;
  let inner: NameMention | undefined;
  while (y - 1 >= lo && y > x - 8) {
    const u = tk[y - 1]!;
    // `a senior Petroleos de Venezuela (PDVSA) official`: step over a short parenthetical.
    if (u.text === ')') {
      let z = y - 2;
      while (z >= lo && z > y - 6 && tk[z]!.text !== '(') z--;
      if (tk[z]?.text === '(') { y = z; continue; }
    }
    if (!u.word) break;
    if (SPEECH_VERBS.has(u.lower) || CLAUSE_STOPS.has(u.lower) || PRONOUN_GENDER[u.lower] !== undefined) break;
    y--;
    if (DETERMINERS.has(u.lower)) break;
  }
  for (let z = y; z < x; z++) {
    const m = doc.mentionByLast.get(z);
    if (m) inner = m;
  }
  const headMention = doc.mentionByLast.get(x);
  if (headMention) inner = headMention;
  return nounPhrase('description', y, x, undefined, undefined, inner, doc.body.slice(tk[y]!.start, headTok.end), head);
}

/** The speaker after an inverted verb (`said Putin`, `said a spokesman for the ministry`). */
export function npAfter(doc: Doc, from: number, hi: number): NounPhrase | null {
  const tk = doc.tokens;
  const t = tk[from];
  if (!t || from > hi || !t.word) return null;
  if (PRONOUN_GENDER[t.lower] !== undefined) {
    // `said he`; never `called it`, `told them`.
    return /^(?:he|she|they)$/.test(t.lower) ? pronounNP(from, t) : null;
  }
  const m = doc.mentionByFirst.get(from);
  if (m) {
    // `said United Auto Workers Secretary-Treasurer Gary Casteel`, `said Clark County Sheriff Joe
    // Lombardo`: an organisation or place with a role after it is the person's title.
    const person = personAfterTitle(doc, m.last + 1, hi, m.kind === 'organization' || m.kind === 'location' || m.referent?.kind === 'organization' || m.referent?.kind === 'location', m.possessive);
    if (person) return mentionNPFrom(doc, person, from);
    if (m.possessive) {
      // `cautioned Smith Barney's Greenbaum.`: a person the story names, right after the
      // possessive and ending the clause, is the speaker.
      const next = doc.mentionByFirst.get(m.last + 1);
      if (next && !next.possessive && next.referent?.kind === 'person' && next.last <= hi && !tk[next.last + 1]?.word) return mentionNPFrom(doc, next, from);
      // `said Doe's spokesperson, John Roe`: role words after the possessive, then the person named after a comma.
      let y = m.last + 1;
      let role = false;
      while (y <= hi && y < m.last + 5 && tk[y]!.word && !tk[y]!.cap) {
        if (PERSON_NOUNS.has(tk[y]!.lower) || isTitleWord(tk[y]!.lower)) role = true;
        y++;
      }
      const named = role ? personAfterComma(doc, y, hi) : undefined;
      if (named) return mentionNPFrom(doc, named, from);
      // `said Ohio's early voting period …`: what follows is the said thing, not the speaker.
      return null;
    }
    return mentionNP(doc, m);
  }
  if (/^\d+$/.test(t.text)) {
    const person = personAfterTitle(doc, from, hi, false);
    if (person) return mentionNPFrom(doc, person, from);
  }
  // A description up to a comma or the end of the clause.
  let y = from;
  let inner: NameMention | undefined;
  let head = '';
  while (y <= hi && y < from + 12) {
    const u = tk[y]!;
    if (!u.word) break;
    if (y > from && (SPEECH_VERBS.has(u.lower) && !u.cap || /^(?:who|which|that|in|on|at|as|after|before|when|while|during|to)$/.test(u.lower))) break;
    const mm = doc.mentionByFirst.get(y);
    if (mm) {
      // `said farmer Tomas Eriksen`: a role word and the person's name.
      if (mm.kind !== 'organization' && mm.kind !== 'location' && !mm.possessive && (!tk[mm.last + 1]?.word || /^(?:of|from)$/.test(tk[mm.last + 1]!.lower))) return mentionNPFrom(doc, mm, from);
      inner = mm; y = mm.last + 1; head = mm.words[mm.words.length - 1]!.toLowerCase(); continue;
    }
    if (PERSON_NOUNS.has(u.lower) || ORG_NOUNS.has(u.lower)) head = u.lower;
    y++;
  }
  const last = y - 1;
  if (last < from || !head) return null;
  // `said the company's chairman, John Smith`: the name after the comma.
  const named = personAfterComma(doc, y, hi);
  if (named) return mentionNPFrom(doc, named, from);
  return nounPhrase('description', from, last, undefined, undefined, inner, doc.body.slice(t.start, tk[last]!.end), head);
}

/** `…'s chairman, John Smith`: the person named right after the comma at `comma`, within the clause. */
function personAfterComma(doc: Doc, comma: number, hi: number): NameMention | undefined {
  if (doc.tokens[comma]?.text !== ',') return undefined;
  const named = doc.mentionByFirst.get(comma + 1);
  return named && named.kind !== 'organization' && named.kind !== 'location' && !named.possessive && named.last <= hi ? named : undefined;
}

/**
 * A person's name right after role words (`Secretary-Treasurer Gary Casteel`, `ranking Democrat
 * Elijah Cummings`, `1st Lt. Tyler Livingston`): what comes before it is the title. After a
 * capitalised name that is no organisation or place, a lower-case word must stand between.
 */
function personAfterTitle(doc: Doc, from: number, hi: number, afterOrg: boolean, afterPossessive = false): NameMention | null {
  const tk = doc.tokens;
  let lower = afterOrg;
  for (let y = from; y <= hi && y < from + 6; y++) {
    const mm = doc.mentionByFirst.get(y);
    // (`noted NBC's Dante Chinni`: a full name right after an organisation's possessive is its person.)
    if (mm && mm.last >= y && (y > from || mm.title || (afterPossessive && afterOrg && mm.words.length >= 2 && (mm.kind === 'person' || mm.referent?.kind === 'person')))) {
      if (mm.kind === 'organization' || mm.kind === 'location' || mm.possessive || mm.inQuote || (mm.kind === 'unknown' && mm.words.length < 2)) return null;
      return lower || mm.title ? mm : null;
    }
    const u = tk[y]!;
    // `said 9/11 widow Terry Strada`: a number and a slash inside the role.
    if ((u.text === '/' || /^\d+$/.test(u.text)) && y < from + 4) { lower = true; continue; }
    if (!u.word) return null;
    if (LINKING.test(u.lower)) return null;
    // A noun that may build a role: `said Huckabee campaign spokesman Hogan Gidley` (a role word
    // ahead), `Clinton's top foreign policy aide Jake Sullivan` (after a possessive).
    const plainNoun = !u.cap && !CLAUSE_STOPS.has(u.lower) && !SPEECH_VERBS.has(u.lower) && !DETERMINERS.has(u.lower);
    if (plainNoun && roleAhead(doc, y + 1, Math.min(hi, from + 5))) { lower = true; continue; }
    if (!u.cap) lower = true;
    if (u.cap || isTitleWord(u.lower) || PERSON_NOUNS.has(u.lower) || TITLE_MODIFIERS.has(u.lower) || /^\d+(?:st|nd|rd|th)$|^(?:ranking|political|senior|longtime|top|bureau|undecided|retired)$/.test(u.lower)) continue;
    if (afterPossessive && plainNoun) continue;
    return null;
  }
  return null;
}

/** Words that link a name to something else (`of`, `for`, `the`): a role never runs across them. */
const LINKING = /^(?:of|for|and|the|at|from|in)$/;

/** A role word (`spokesman`, `director`) among the lower-case words from `from` up to the next name. */
function roleAhead(doc: Doc, from: number, to: number): boolean {
  for (let y = from; y <= to; y++) {
    const u = doc.tokens[y]!;
    if (!u.word || u.cap) return false;
    if (isTitleWord(u.lower) || PERSON_NOUNS.has(u.lower)) return true;
  }
  return false;
}

/** The outlet named in a stretch of tokens: `reported Tass`, `Tass reported`, `told AFP`, `carried by Xinhua`. */
export function viaIn(doc: Doc, from: number, to: number): string | null {
  const tk = doc.tokens;
  for (let i = from; i <= to && i < tk.length; i++) {
    const t = tk[i]!;
    if (!t.word || doc.quoted[i]) continue;
    const verbish = CARRIER_VERBS.has(t.lower);
    const viaPrep = (t.lower === 'interview' || t.lower === 'according') && /^(?:with|to)$/.test(tk[i + 1]?.lower ?? '');
    if (verbish || viaPrep) {
      let j = i + 1;
      if (viaPrep || tk[j]?.lower === 'by') j++;
      if (tk[j]?.lower === 'the') j++;
      // `carried by state news agency KCNA`: lower-case words that say what kind of outlet the name is.
      let k = j;
      let described = false;
      while (k < j + 4 && tk[k]?.word && !tk[k]!.cap) {
        if (MEDIA_WORDS.has(tk[k]!.lower) || /^(?:media|outlet|state-run|state-owned)$/.test(tk[k]!.lower)) described = true;
        k++;
      }
      if (described) j = k;
      // (`mentionByFirst` also holds each mention by the token its name starts at, after a title.)
      const m = doc.mentionByFirst.get(j);
      if (m && (isOutlet(m) || described)) return m.referent?.name ?? m.text;
      // `Tass reported` / `Xinhua quoted him as saying`.
      const before = doc.mentionByLast.get(i - 1);
      if (before && REPORT_VERBS.has(t.lower) && isOutlet(before)) return before.referent?.name ?? before.text;
    }
  }
  return null;
}

export function isOutlet(m: NameMention): boolean {
  const words = mapArray(m.words, (w) => w.toLowerCase());
  const joined = words.join(' ');
  if (MEDIA.has(joined) || MEDIA.has(words.join('-')) || words.some((w) => MEDIA.has(w))) return true;
  return words.length > 1 && MEDIA_WORDS.has(words[words.length - 1]!);
}

const typeOf = (r: Referent): 'person' | 'organization' => (r.kind === 'organization' || r.kind === 'location' ? 'organization' : 'person');

export function speakerOfReferent(r: Referent, m?: NameMention): Resolved {
  return resolved(r.name, r.title ?? m?.title ?? null, typeOf(r), r, undefined);
}

const near0 = (doc: Doc, at: number) => windowStart(doc, at, 1);

/** Paragraph number of a token index, and the token index where a paragraph window starts. */
/** How far back (in tokens) a window may reach, whatever the paragraphs: keeps work linear on huge unbroken text. */
const MAX_WINDOW_TOKENS = 600;

function windowStart(doc: Doc, at: number, paragraphsBack: number): number {
  const p = doc.paragraph[at] ?? 0;
  let i = at;
  while (i > 0 && at - i < MAX_WINDOW_TOKENS && (doc.paragraph[i - 1] ?? 0) >= p - paragraphsBack) i--;
  return i;
}

/**
 * The latest speech event before token `before` that passes `test`, looking back at most `limit`
 * events without copying the list (a story of thousands of cues must stay linear).
 */
export function lastEventBefore(doc: Doc, before: number, test: (e: SpeechEvent) => boolean, limit = 200): SpeechEvent | undefined {
  const ev = doc.events;
  for (let i = eventIndexAt(ev, before) - 1, n = 0; i >= 0 && n < limit; i--, n++) if (test(ev[i]!)) return ev[i];
  return undefined;
}

/** The speech events whose verb lies in [from, to]: a binary search, as events are in token order. */
export function eventsIn(doc: Doc, from: number, to: number): SpeechEvent[] {
  const ev = doc.events;
  const out: SpeechEvent[] = [];
  for (let i = eventIndexAt(ev, from); i < ev.length && ev[i]!.verb <= to; i++) out.push(ev[i]!);
  return out;
}

const sentenceOpeners = new WeakMap<Referent, boolean>();
/**
 * A one-word name with no title, first name or gender that the story only ever writes at a
 * sentence's start: as likely a capitalised common word (`Bombs may not be falling.`) as a
 * person. Asked once per referent.
 */
export function onlyOpensSentences(doc: Doc, r: Referent): boolean {
  if (r.words.length !== 1 || r.title || r.gender) return false;
  let o = sentenceOpeners.get(r);
  if (o === undefined) sentenceOpeners.set(r, (o = r.mentions.every((m) => opensSentence(doc, m.first))));
  return o;
}

/** Whether token `i` opens its sentence (after any opening mark). */
const opensSentence = (doc: Doc, i: number): boolean =>
  i === 0 || doc.sentence[i - 1] !== doc.sentence[i] || (/^["“‘'(]$/.test(doc.tokens[i - 1]!.text) && (i === 1 || doc.sentence[i - 2] !== doc.sentence[i]));

/** The first event whose verb is at or after token `verb` (lowerBound by `verb`, for events only). */
function eventIndexAt(ev: readonly SpeechEvent[], verb: number): number {
  let lo = 0;
  let hi = ev.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ev[mid]!.verb < verb) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `he`/`she`/`they`/`it` at token index `at`: the most recent speaker or subject before it whose
 * kind and gender fit (gender from titles, honorifics, first names, earlier pronouns), looking back
 * three paragraphs. `added` and `continued` keep the last speaker. Mentions inside quotes and
 * possessives (`Putin's spokesman`) do not count. No candidate → null.
 */
export function resolvePronoun(doc: Doc, pronoun: string, at: number, verb: string | null): Resolved | null {
  const g = PRONOUN_GENDER[pronoun];
  if (g === 'i' && pronoun !== 'it') return null;
  if (pronoun === 'we') return null;
  const lo = windowStart(doc, at, 3);
  type Cand = { pos: number; r: Resolved; speaker: boolean; subject: boolean };
  const cands: Cand[] = [];
  for (const e of eventsIn(doc, lo, at - 1)) {
    if (!e.speaker || e.report) continue;
    cands.push({ pos: e.verb, r: e.speaker, speaker: true, subject: true });
  }
  // Mentions end in story order: only those ending in [lo, at) can pass.
  const ms = doc.mentions;
  for (let k = lowerBound(ms, lo, (x) => x.last); k < ms.length && ms[k]!.last < at; k++) {
    const m = ms[k]!;
    if (m.last >= at || m.first < lo || m.inQuote || m.possessive || !m.referent) continue;
    // `South Carolina, he said, was …`: a name set before the pronoun is its topic, not its antecedent.
    if (m.last === at - 2 && doc.tokens[at - 1]?.text === ',') continue;
    cands.push({ pos: m.last, r: speakerOfReferent(m.referent, m), speaker: false, subject: m.subject });
  }
  cands.sort((a, b) => b.pos - a.pos);
  const couldBePerson = (c: Cand) => {
    const r = c.r.referent;
    if (c.r.type !== 'person') return false;
    // Never a place, nor what the tagger calls something other than a person.
    if (r && (r.kind === 'location' || (r.entity && r.entity.type !== 'person'))) return false;
    // A name whose only sign of being a person is a pronoun near it (`World trade conditions …, he
    // said`, `if Latin countries …. He told`, `Midway Atoll`) is not one unless it has spoken.
    if (r && !c.speaker && r.kind !== 'person' && r.genderFromPronouns) return false;
    // A one-word name never written but at a sentence's start, with no title, first name or
    // gender, is as likely a capitalised common word (`Bombs may not be falling.`): no antecedent
    // unless it has spoken.
    if (r && !c.speaker && onlyOpensSentences(doc, r)) return false;
    return !r || r.kind === 'person' || c.speaker || r.gender !== null;
  };
  const fits = (c: Cand) => {
    const r = c.r.referent;
    if (g === 'm' || g === 'f') {
      if (!couldBePerson(c)) return false;
      const rg = r?.gender ?? null;
      return rg === null || rg === g;
    }
    if (pronoun === 'it') return c.r.type === 'organization' && r?.kind !== 'location';
    return true;
  };
  if (pronoun === 'they') {
    const top = cands.find((c) => c.subject || c.speaker);
    return top && top.r.type === 'organization' && top.r.referent?.kind !== 'location' ? top.r : null;
  }
  // `A military spokesman said …. He added, "…"`: when the last speaker before the pronoun is a
  // person described but not named, with no person named since, the pronoun is that person (the
  // organisation the description names, or no one we can name).
  if (g === 'm' || g === 'f') {
    const from = near0(doc, at);
    // (A weak verb inside someone's clause, `the examples critics point to`, is no speaker of its own.)
    const lastEv = lastEventBefore(doc, at, (e) => e.verb >= from && !e.report && !WEAK_SPEECH_VERBS.has(e.verbText));
    // (Not `he` after `aides argue`: one person is not several. Not `He replied` after `A
    // reporter asked Sanders …`: who replies is who was asked.)
    const plural = /[^s]s$/.test(lastEv?.np.head ?? '');
    const answers = !!verb && REPLY_VERBS.has(verb) && !!lastEv && QUESTION_VERBS.has(lastEv.verbText);
    if (lastEv && lastEv.np.kind === 'description' && (PERSON_NOUNS.has(lastEv.np.head) || isTitleWord(lastEv.np.head))
      && !plural && !answers && !otherGender(lastEv.np.head, g)
      && (!lastEv.speaker || lastEv.speaker.type === 'organization')
      && !cands.some((c) => c.pos > lastEv.np.last && !c.speaker && c.subject && couldBePerson(c) && c.r.referent?.kind === 'person')) {
      return lastEv.speaker ? { ...lastEv.speaker, via: `pronoun ${pronoun} → ${lastEv.np.text || 'the unnamed speaker'}` } : null;
    }
  }
  const keeps = verb !== null && CONTINUING_VERBS.has(verb);
  // A candidate whose gender is known to match beats a more recent one of unknown gender,
  // within the last two paragraphs.
  const near = windowStart(doc, at, 1);
  const sure = (c: Cand) => fits(c) && c.pos >= near && (c.r.referent?.gender ?? null) === g;
  // A pronoun that is the paragraph's first reference to anyone: the last speaker who fits, when
  // the story has shown that speaker's gender.
  const para = doc.paragraph[at];
  const opensParagraph = !cands.some((c) => doc.paragraph[c.pos] === para);
  const lastSpeaker = opensParagraph ? cands.find((c) => c.speaker && sure(c)) : undefined;
  const pick = (keeps ? cands.find((c) => c.speaker && fits(c)) : undefined)
    ?? lastSpeaker
    ?? cands.find((c) => (c.speaker || c.subject) && sure(c))
    ?? cands.find((c) => (c.speaker || c.subject) && fits(c))
    ?? cands.find((c) => fits(c));
  return pick ? { ...pick.r, via: `pronoun ${pronoun}` } : null;
}

/**
 * A description as a speaker: an organisation it names (`a spokesman for the Foreign Ministry`),
 * or the organisation it points back to (`the ministry` → the ministry named earlier, `the
 * company` → the company, `the newspaper` → the outlet). A person described but not named
 * (`a senior official`) gives null: no evidence of who.
 */
export function resolveDescription(doc: Doc, np: NounPhrase): Resolved | null {
  const isRole = PERSON_NOUNS.has(np.head) || isTitleWord(np.head);
  const text = np.text || doc.body.slice(doc.tokens[np.first]!.start, doc.tokens[np.last]!.end);
  // `the K Mart chairman said`: the person the story gave that title.
  if (np.inner?.referent && np.inner.referent.kind !== 'person' && doc.tokens[np.first]?.lower === 'the' && (isTitleWord(np.head) || PERSON_NOUNS.has(np.head)) && !/s$/.test(np.head)) {
    const r = recentTitled(doc, np.first, np.head);
    const innerWord = np.inner.words[0]!.toLowerCase();
    const titles = r ? [r.title, ...mapArray(r.mentions, (x) => x.title)].filter(Boolean).join(' ').toLowerCase() : '';
    if (r && titles.includes(innerWord)) return resolvedVia(speakerOfReferent(r), `“${text}” → ${r.name}`);
    // `the Chrysler executive`: a person in one of the role's titles the story put beside Chrysler.
    const inRole = recentInRole(doc, np.first, np.head, np.inner.referent);
    if (inRole) return resolvedVia(speakerOfReferent(inRole), `“${text}” → ${inRole.name}`);
  }
  if (np.inner?.referent) {
    const r = np.inner.referent;
    // `the IMF report stated`, `Ivana Trump's brief said`: the author of the document.
    if (DOCUMENT_NOUNS.has(np.head) && r.kind !== 'location') return resolvedVia(speakerOfReferent(r), `“${text}” → ${r.name}`);
    // `the Clinton campaign`, `Ryan's office`: a body a person leads speaks as that body.
    // (The name opens the phrase: not `the success of Alan Garcia's government`.)
    if (r.kind === 'person' && PERSON_LED_BODIES.has(np.head) && np.inner.words.length && np.inner.first <= np.first + 1) {
      return resolved(`${np.inner.words.join(' ')} ${np.head}`, null, 'organization', null, `“${text}”`);
    }
    if (r.kind === 'person') return null; // `Putin's spokesman`: not Putin
    // `U.S. defense officials`: a country before a role is a nationality, never the speaker.
    if (isRole && r.kind === 'location') return null;
    return resolved(r.name, isRole ? text : null, typeOf(r), r, 'description naming an organisation');
  }
  // `the statement said`: whoever the story said issued it (`the firm said in a prepared statement`).
  if (DOCUMENT_NOUNS.has(np.head) && doc.tokens[np.first]?.lower === 'the') {
    // (The noun in the issuer's own sentence: not `… told Reuters. A study by …`.)
    const issuer = lastEventBefore(doc, np.first, (e) => !!e.speaker && !e.report
      && doc.tokens.slice(e.verb + 1, e.verb + 6).some((t, k) => t.lower === np.head && doc.sentence[e.verb + 1 + k] === doc.sentence[e.verb]));
    if (issuer?.speaker) return resolvedVia(issuer.speaker, `“${text}” → ${issuer.speaker.name}`);
    // `the report said …. "…," the report said`: whom the same description was before.
    const again = lastEventBefore(doc, np.first, (e) => !!e.speaker && !e.report && e.np.kind === 'description' && e.np.head === np.head && e.np.first !== np.first);
    if (again?.speaker) return resolvedVia(again.speaker, `“${text}” → ${again.speaker.name}`);
    const author = documentAuthor(doc, np);
    if (author) return resolved(author.name, null, typeOf(author), author, `“${text}” → ${author.name}`);
  }
  // `the ministry`, `the Post`, `the company` → the organisation named earlier.
  const orgHead = np.head;
  if (!ORG_NOUNS.has(orgHead) && !isRole) return null;
  const det = doc.tokens[np.first]?.lower;
  // `a bank spokesman said …. "…," the spokesman said`: the speaker the earlier description named.
  if (det === 'the' && np.last === np.first + 1 && PERSON_NOUNS.has(orgHead)) {
    const earlier = lastEventBefore(doc, np.first, (e) => e.np.kind === 'description' && e.np.head === orgHead && e.np.first !== np.first);
    if (earlier?.speaker) return resolvedVia(earlier.speaker, `“${text}” → ${earlier.speaker.name}`);
  }
  // `the judge`, `the premier`, `the minister`: the person the story gave that title.
  // (`the prime minister`, `the Canadian prime minister`: modifiers of the title may come between.)
  // (`the two-term president`, `the 70-year-old senator`: a hyphenated compound is an adjective.)
  const modifiersOnly = doc.tokens.slice(np.first + 1, np.last).every((t) => t.word && (TITLE_MODIFIERS.has(t.lower) || isTitleWord(t.lower) || t.cap || /^[\p{L}\d]+(?:-[\p{L}\d]+)+$/u.test(t.lower)));
  if (det === 'the' && np.last > np.first && np.last <= np.first + 3 && modifiersOnly && (isTitleWord(orgHead) || PERSON_NOUNS.has(orgHead)) && !/s$/.test(orgHead)) {
    // (`the trade minister`: the minister whose title says trade, before any later minister.)
    const mods = mapArray(doc.tokens.slice(np.first + 1, np.last).filter((t) => t.word && !t.cap), (t) => t.lower);
    const r = (mods.length ? recentTitledWith(doc, np.first, orgHead, mods) : null)
      ?? recentTitled(doc, np.first, orgHead) ?? recentInRole(doc, np.first, orgHead, null);
    if (r) return resolvedVia(speakerOfReferent(r), `“${text}” → ${r.name}`);
  }
  if (isRole) {
    // `a ministry spokesman`, `a company official`: the organisation noun inside.
    // (`the company's spokesman`: the noun before a possessive too, for one who speaks for the
    // organisation; `the group's president` is a person of its own.)
    const speaksFor = /^(?:spokesman|spokeswoman|spokesperson|official|officials|source|sources|representative)$/.test(np.head);
    const words = mapArray(text.toLowerCase().split(/\s+/), (w) => (speaksFor ? w.replace(/['’]s$/, '') : w));
    const orgWord = words.find((w) => ORG_NOUNS.has(w));
    if (!orgWord) return null;
    const r = recentOrg(doc, np.first, orgWord);
    return r ? resolved(r.name, text, typeOf(r), r, `description → ${r.name}`) : null;
  }
  if (det !== 'the' && det !== 'its') return null;
  const r = recentOrg(doc, np.first, orgHead);
  return r ? resolved(r.name, null, typeOf(r), r, `“${text}” → ${r.name}`) : null;
}

/**
 * The author of a document the story named earlier, when it said whose: `the article in
 * Progressive magazine` / `the Progressive article` → Progressive; `Guinness … is the latest to
 * file suit` → Guinness (the organisation that is the subject of the sentence that brought the
 * document in). Looks back at most DOCUMENT_LOOKBACK tokens, to the latest earlier mention of
 * the noun (or its kin) that says whose it is.
 */
function documentAuthor(doc: Doc, np: NounPhrase): Referent | null {
  const tk = doc.tokens;
  const kin = DOCUMENT_KIN.get(np.head) ?? [np.head];
  for (let i = np.first - 1; i >= 0 && i >= np.first - DOCUMENT_LOOKBACK; i--) {
    if (doc.quoted[i] || !kin.includes(tk[i]!.lower)) continue;
    const usable = (m: NameMention | undefined) => m && m.referent && !m.inQuote && m.referent.kind !== 'location' && m.kind !== 'location' ? m.referent : null;
    // `the Progressive article`, `Guinness's suit`
    const before = usable(doc.mentionByLast.get(i - 1));
    if (before) return before;
    // `the article in Progressive magazine`, `a report by the IMF`
    if (/^(?:in|by|from|of)$/.test(tk[i + 1]?.lower ?? '')) {
      const after = usable(doc.mentionByFirst.get(i + 2) ?? (tk[i + 2]?.lower === 'the' ? doc.mentionByFirst.get(i + 3) : undefined));
      if (after) return after;
    }
    // `Guinness … is the latest to file suit`: who brought the document in.
    // (The walk to the sentence's start is bounded, so a long unbroken text costs no square.)
    let s0 = i;
    while (s0 > 0 && i - s0 < 60 && doc.sentence[s0 - 1] === doc.sentence[i]) s0--;
    const subj = sentenceSubject(doc, s0, i);
    // (Only an organisation: a person who filed or wrote it is often not who the document quotes.)
    const r = subj?.kind === 'name' ? usable(subj.mention) : null;
    if (r?.kind === 'organization') return r;
    // (An earlier mention of the document may still say whose it is: `The suit also alleged …`.)
  }
  return null;
}

const DOCUMENT_LOOKBACK = 400;

/**
 * The referent of the latest mention ending before token `before` that is a person the story
 * titled with `word`. Mentions are in token order (their last tokens strictly increase), so the
 * mentions of such referents, listed once per word, are searched from the right place instead of
 * rescanning the story for every description.
 */
function recentTitled(doc: Doc, before: number, word: string): Referent | null {
  return recentTitledMention(doc, before, word)?.referent ?? null;
}

/** The latest person before token `before` whose title holds the title word and every one of `mods`. */
function recentTitledWith(doc: Doc, before: number, word: string, mods: string[]): Referent | null {
  return recentTitledMention(doc, before, word, (r) => { const words = titleWords(r); return mods.every((w) => words.includes(w)); })?.referent ?? null;
}

/** The latest mention before token `before` of a person the story gave the title word (and who passes `fits`). */
function recentTitledMention(doc: Doc, before: number, word: string, fits: (r: Referent) => boolean = () => true): NameMention | null {
  const list = recentIndex(doc).titled(word);
  for (let k = lowerBound(list, before, (i) => doc.mentions[i]!.last) - 1; k >= 0; k--) {
    const m = doc.mentions[list[k]!]!;
    if (m.referent!.kind === 'person' && fits(m.referent!)) return m;
  }
  return null;
}

/**
 * `the executive`, `the Chrysler executive`: the person most recently named with one of the
 * titles the role noun covers (ROLE_CLASSES), within ROLE_LOOKBACK paragraphs; with an
 * organisation in the description, only a person the story put beside it (in one sentence).
 */
function recentInRole(doc: Doc, before: number, noun: string, org: Referent | null): Referent | null {
  const titles = ROLE_CLASSES.get(noun);
  if (!titles) return null;
  let best: NameMention | null = null;
  for (const w of titles) {
    const m = recentTitledMention(doc, before, w);
    if (m && (!best || m.last > best.last)) best = m;
  }
  if (!best || doc.paragraph[before]! - doc.paragraph[best.first]! > ROLE_LOOKBACK) return null;
  const r = best.referent!;
  if (org && !r.mentions.some((m) => m.first < before && namedInSentence(doc, org, doc.sentence[m.first]!))) return null;
  return r;
}

/** Whether the organisation (or a longer name that opens with its first word: `Chrysler Corp`) is named in a sentence. */
function namedInSentence(doc: Doc, org: Referent, sentence: number): boolean {
  const first = org.words[0]!.toLowerCase();
  for (let k = lowerBound(doc.mentions, sentence, (m) => doc.sentence[m.first]!); k < doc.mentions.length; k++) {
    const o = doc.mentions[k]!;
    if (doc.sentence[o.first] !== sentence) break;
    if (o.referent === org || o.words[0]?.toLowerCase() === first) return true;
  }
  return false;
}

const ROLE_LOOKBACK = 4;

/** A referent's title words, as recentTitled reads them. */
const titleWords = (r: Referent) => [r.title, ...mapArray(r.mentions, (x) => x.title)].filter(Boolean).join(' ').toLowerCase().split(/[^a-z-]+/);

/**
 * Per story, lists of mention indexes (in story order) that recentTitled and recentOrg look
 * through, built on first use, after the referents are final. A referent's kind can still turn
 * from unknown to person while speech events are found, and recentOrg's tests then fail for
 * good: such entries are skipped, and links past them are shortened so they are passed once.
 */
interface RecentIndex {
  titled(word: string): number[];
  fitting(noun: string): SkipList;
  beside(noun: string): SkipList;
  position: Map<NameMention, number>;
}

interface SkipList {
  items: number[];
  /** For each entry, the entry to look at before it (-1: none); shortened past dead entries. */
  prev: Int32Array;
}

// Keyed by the story's tokens: findSpeechEvents reads the story through a copy of the Doc.
const recentIndexes = new WeakMap<Token[], RecentIndex>();

function recentIndex(doc: Doc): RecentIndex {
  let index = recentIndexes.get(doc.tokens);
  if (index) return index;
  const byWord = new Map<string, number[]>();
  const words = new Map<Referent, Set<string>>();
  doc.mentions.forEach((m, i) => {
    const r = m.referent;
    if (!r) return;
    let ws = words.get(r);
    if (!ws) words.set(r, (ws = new Set(titleWords(r))));
    for (const w of ws) {
      const list = byWord.get(w);
      if (list) list.push(i);
      else byWord.set(w, [i]);
    }
  });
  const skipList = (keep: (m: NameMention) => boolean): SkipList => {
    const items: number[] = [];
    doc.mentions.forEach((m, i) => { if (keep(m)) items.push(i); });
    return { items, prev: Int32Array.from(items, (_, k) => k - 1) };
  };
  const fitting = new Map<string, SkipList>();
  const beside = new Map<string, SkipList>();
  const tk = doc.tokens;
  index = {
    titled: (word) => byWord.get(word) ?? [],
    fitting: (noun) => {
      let list = fitting.get(noun);
      if (!list) fitting.set(noun, (list = skipList((m) => orgCandidate(m) && fitsOrgNoun(doc, m.referent!, noun))));
      return list;
    },
    beside: (noun) => {
      let list = beside.get(noun);
      if (!list) beside.set(noun, (list = skipList((m) => tk[m.last + 1]?.lower === noun || (tk[m.first - 1]?.text === ',' && tk[m.first - 2]?.lower === noun))));
      return list;
    },
    position: new Map(doc.mentions.map((m, i) => [m, i])),
  };
  recentIndexes.set(doc.tokens, index);
  return index;
}

/** The latest entry of the list whose mention ends before token `before` and passes `alive`; entries that fail are dead for good. */
function latestAlive(doc: Doc, list: SkipList, before: number, alive: (m: NameMention) => boolean): NameMention | null {
  const { items, prev } = list;
  const dead: number[] = [];
  let k = lowerBound(items, before, (i) => doc.mentions[i]!.last) - 1;
  while (k >= 0 && !alive(doc.mentions[items[k]!]!)) {
    dead.push(k);
    k = prev[k]!;
  }
  for (const d of dead) prev[d] = k;
  return k >= 0 ? doc.mentions[items[k]!]! : null;
}

const orgCandidate = (m: NameMention) => !!m.referent && (m.referent.kind === 'organization' || m.referent.kind === 'unknown');

function fitsOrgNoun(doc: Doc, r: Referent, noun: string): boolean {
  const words = r.name.toLowerCase().split(/\s+/);
  if (words.includes(noun)) return true;
  // (A name that says it is some other kind of body, `Harvard University`, `the Labour Party`, is no company.)
  if (COMPANY_NOUNS.test(noun) || BUSINESS_NOUNS.has(noun)) return COMPANY.test(r.name) || (r.kind === 'organization' && !broadcastOutlet(r, words) && words.length <= 4 && !NOT_A_COMPANY.test(r.name.toLowerCase()));
  // (An outlet the story only told something to, `told Reuters`, is who carried the words, not who is described.)
  if (/^(?:newspaper|paper|magazine|daily|broadcaster|network|channel|station|outlet)$/.test(noun)) return broadcastOutlet(r, words) && !onlyListened(doc, r);
  if (/^(?:agency|body|organisation|organization|authority|service|institution|office)$/.test(noun)) return r.kind === 'organization' && !isOutletRef(r);
  // (`the government`, `the administration` and any other noun: no organisation fits.)
  return false;
}

/**
 * An outlet for a description (`the broadcaster` → `Nippon Broadcasting System`): `isOutlet`, or
 * a broadcasting word anywhere in the name. Not in `isOutlet` itself, which decides `via`: there
 * `told the National Newspaper Association` must stay a listener, not a carrier (tried: it took
 * that for a `via` in two Reuters stories).
 */
const broadcastOutlet = (r: Referent, words: string[]) => isOutletRef(r) || words.some((w) => BROADCAST_WORDS.has(w));

const listenedOnly = new WeakMap<Referent, boolean>();
/** Whether every mention of a referent is the listener of `told`/`tells` or of `an interview with`: a carrier, not a subject of the story. */
function onlyListened(doc: Doc, r: Referent): boolean {
  let only = listenedOnly.get(r);
  if (only === undefined) {
    const tk = doc.tokens;
    const listens = (m: NameMention) => {
      const at = tk[m.first - 1]?.lower === 'the' ? m.first - 2 : m.first - 1;
      return LISTENER_VERBS.has(tk[at]?.lower ?? '') || (tk[at]?.lower === 'with' && tk[at - 1]?.lower === 'interview');
    };
    listenedOnly.set(r, (only = r.mentions.length > 0 && r.mentions.every(listens)));
  }
  return only;
}

const DEPT_TITLE = /^(?:u\.s\.|state|defense|defence|foreign|treasury|commerce|justice|health|energy|interior|agriculture|labor|labour|trade|finance|budget|deputy|assistant|vice|chief|prime|executive|general|attorney)$/;

const NOT_A_COMPANY = /ministry|department|party|government|university|college|school|white house|congress|senate|parliament|court|commission|committee|council|police|army|navy|embassy|kremlin|pentagon|united nations/;

/** Nouns that describe a company whatever its business. */
const COMPANY_NOUNS = /^(?:company|firm|corporation|group|carrier|airline)$/;

const COMPANY = /\b(?:inc|corp|co|ltd|plc|llc|group|company|holdings|bank|airlines|motors|industries)\.?$/i;

/**
 * The organisation a description (`the company`, `the union`) points back to: among the mentions
 * ending before token `before`, latest first, one that has spoken and fits the noun, else one that
 * fits it, else one written beside the noun.
 */
function recentOrg(doc: Doc, before: number, noun: string): Referent | null {
  const index = recentIndex(doc);
  const fit = (m: NameMention) => orgCandidate(m) && fitsOrgNoun(doc, m.referent!, noun);
  // An organisation that has spoken already is the one the story goes on about (`American Motors
  // Corp said … ¶ "…," the company said`), before any organisation merely named since.
  const spoke = new Set<Referent>();
  const ev = doc.events;
  for (let i = eventIndexAt(ev, before) - 1, n = 0; i >= 0 && n < 200; i--, n++) {
    const r = ev[i]!.speaker?.referent;
    if (r && !ev[i]!.report) spoke.add(r);
  }
  // The latest mention before `before` of each referent that spoke: a referent's mentions are in story order.
  let spoken: NameMention | null = null;
  for (const r of spoke) {
    const k = lowerBound(r.mentions, before, (x) => x.last) - 1;
    const m = r.mentions[k];
    if (m && m.referent === r && index.position.has(m) && fit(m) && (!spoken || m.last > spoken.last)) spoken = m;
  }
  if (spoken) return spoken.referent!;
  const fitting = latestAlive(doc, index.fitting(noun), before, fit);
  if (fitting) return fitting.referent!;
  // `the port union, FNV`, `the FNV union`, `The United Auto Workers union`: an organisation the
  // story wrote beside that noun.
  const beside = latestAlive(doc, index.beside(noun), before, (m) => orgCandidate(m)
    && (m.referent!.kind === 'organization' || (m.referent!.kind === 'unknown' && m.words.length === 1 && /^\p{Lu}{2,6}$/u.test(m.words[0]!))));
  return beside?.referent ?? null;
}

const outletRefs = new WeakMap<Referent, boolean>();

/** Whether a referent is a news outlet (asked once per referent: its mentions are final by then). */
function isOutletRef(r: Referent): boolean {
  let outlet = outletRefs.get(r);
  if (outlet === undefined) outletRefs.set(r, (outlet = r.mentions.some(isOutlet)));
  return outlet;
}

/**
 * Where token i's sentence starts, read back from `lo` (the start of its unquoted stretch) past
 * any quotes in it, 60 tokens at most.
 */
function sentenceStartBefore(doc: Doc, i: number, lo: number): number {
  let s = lo;
  while (s > 0 && i - s < 60 && doc.sentence[s - 1] === doc.sentence[i]) s--;
  return s;
}

/** The `quoted` of `quoted X as saying` (or `X was quoted by Y as saying`) whose `as` is token `as`, a few words before it, or -1. */
function quoterBefore(doc: Doc, as: number, lo: number): number {
  for (let k = as - 2; k >= Math.max(lo, as - 10); k--) {
    const w = doc.tokens[k]!.lower;
    if (w === 'quoted' || w === 'quotes' || w === 'quote') return k;
    if (!doc.tokens[k]!.word && doc.tokens[k]!.text !== '.' && doc.tokens[k]!.text !== '-') return -1;
  }
  return -1;
}

/** Speech events: every verb of saying outside quotes, with its subject resolved. */
export function findSpeechEvents(story: Doc): SpeechEvent[] {
  const tk = story.tokens;
  const events: SpeechEvent[] = [];
  // The events found so far are what later cues read (`and added`, `saying`): a copy of the Doc
  // that holds them, so the caller's Doc is never written.
  const doc: Doc = { ...story, events };
  // How far each token's stretch of unquoted words in its sentence reaches left and right,
  // found once: walking out from every verb would make a long sentence cost its square.
  // (A quoted term of three words at most inside a clause, `a group of basically "monetarist"
  // private economists, said`, does not cut the clause: the reach runs on through it.)
  const term = quotedTerms(doc);
  const reachLeft = new Int32Array(tk.length);
  for (let j = 0; j < tk.length; j++) reachLeft[j] = j > 0 && doc.sentence[j - 1] === doc.sentence[j] && (!doc.quoted[j - 1] || term[j - 1]) ? reachLeft[j - 1]! : j;
  const reachRight = new Int32Array(tk.length);
  for (let j = tk.length - 1; j >= 0; j--) reachRight[j] = j + 1 < tk.length && doc.sentence[j + 1] === doc.sentence[j] && !doc.quoted[j + 1] ? reachRight[j + 1]! : j;
  for (let i = 0; i < tk.length; i++) {
    if (!isSpeechVerb(doc, i)) continue;
    const t = tk[i]!;
    const lo = reachLeft[i]!;
    const hi = reachRight[i]!;
    // `according to X`
    if (t.lower === 'according') continue;
    let np: NounPhrase | null = null;
    // `The Renault statement quoted Chrysler Chairman Lee Iacocca as saying, "…"`: who was quoted
    // is the speaker; whoever quoted carried the words.
    const quotedAs = /ing$/.test(t.lower) && tk[i - 1]?.lower === 'as' ? quoterBefore(doc, i - 1, lo) : -1;
    // (The passive, `X was quoted by al-Qabas as saying`: X, the subject, is the speaker.)
    const passive = quotedAs > 0 && /^(?:was|were|is|are|been|be|being)$/.test(tk[quotedAs - 1]!.lower);
    if (passive) {
      const subj = npBefore(doc, quotedAs - 1, lo);
      if (subj) {
        events.push(speechEvent(i, t.lower, subj, false, resolveNP(doc, subj, i, t.lower), false, i + 1, null));
        continue;
      }
    } else if (quotedAs >= 0) {
      const obj = npAfter(doc, quotedAs + 1, i - 2);
      if (obj && obj.last === i - 2) {
        events.push(speechEvent(i, t.lower, obj, false, resolveNP(doc, obj, i, t.lower), false, i + 1, null));
        continue;
      }
    }
    if (/ing$/.test(t.lower)) {
      // `…, saying: "…"`, `telling them, "…"`: the participle's subject is the clause's.
      const earlier = lastEventBefore(doc, i, (e) => doc.sentence[e.verb] === doc.sentence[i] && !!e.speaker, 20);
      // `footage of Trump saying, "…"`, `with Trump reportedly yelling: "…"`: the name right before the participle.
      const right = doc.mentionByLast.get(skipAdverbialsLeft(doc, i - 1, lo));
      const rightNP = right && right.first >= lo && !right.possessive && !right.inQuote && right.kind !== 'location' && right.referent?.kind !== 'location' ? mentionNP(doc, right) : null;
      // (A participle's subject may stand before a quote in its sentence: `Trump has delivered a
      // defense of "New York values," saying …`.)
      const sLo = sentenceStartBefore(doc, i, lo);
      // After a comma the participle hangs on the main clause, whose subject opens the sentence
      // (`Christie repeated accusations that Rubio recites …, calling him "…"`).
      const main = sLo < lo || tk[i - 1]?.text === ',' ? sentenceSubject(doc, sLo, i) : null;
      np = earlier ? earlier.np : rightNP ?? main ?? lastSubjectBefore(doc, lo, i) ?? sentenceSubject(doc, lo, i);
      if (!np) continue;
    } else np = npBefore(doc, i, lo);
    let inverted = false;
    // `and added`: the subject of the sentence's earlier verb.
    const prevWord = tk[skipAdverbialsLeft(doc, i - 1, lo)];
    if (!np && prevWord && /^(?:and|but)$/.test(prevWord.lower)) {
      const earlier = lastEventBefore(doc, i, (e) => doc.sentence[e.verb] === doc.sentence[i], 20);
      if (earlier) {
        events.push(speechEvent(i, t.lower, earlier.np, earlier.inverted, earlier.speaker, REPORT_VERBS.has(t.lower) && earlier.report, i + 1, null));
        continue;
      }
    }
    let after = i + 1;
    if (!np && /^(?:and|but)$/.test(prevWord?.lower ?? '')) {
      // `X welcomed the plan but said …`: the sentence's subject, which may stand before a quoted
      // title in the sentence (`Abshire, on the show "Face the Nation," did not comment, but said`).
      np = sentenceSubject(doc, lo, i);
      if (!np) {
        const sLo = sentenceStartBefore(doc, i, lo);
        if (sLo < lo) np = sentenceSubject(doc, sLo, i);
        // `The Republican nominee also outlined his plan and vowed …`: a role opening the sentence.
        np ??= roleOpening(doc, sLo, i);
      }
    }
    // Right after a quote's closing mark any verb of saying in `-s`/`-ed` form may put its speaker
    // after it (`"…," agrees Michelle Stevens`), weak or not: the quote beside it is its object.
    const closesQuote = /^["“”]$/.test(tk[i - 1]?.text ?? '') || (tk[i - 1]?.text === ',' && /^["“”]$/.test(tk[i - 2]?.text ?? ''));
    const invertible = INVERTED_VERBS.has(t.lower) || (closesQuote && /(?:ed|s)$/.test(t.lower) && !LISTENER_VERBS.has(t.lower));
    if (!np && invertible && (/^[,"“”—–]$/.test(tk[i - 1]?.text ?? '') || doc.quoted[i - 1])) {
      // `"…," said Putin`: the subject after the verb.
      np = npAfter(doc, i + 1, hi);
      inverted = !!np;
      if (np) after = np.last + 1;
    }
    if (!np) continue;
    if (LISTENER_VERBS.has(t.lower)) {
      // `told Reuters`, `told reporters`: the object.
      const obj = doc.mentionByFirst.get(after) ?? (tk[after]?.lower === 'the' ? doc.mentionByFirst.get(after + 1) : undefined);
      if (obj) after = obj.last + 1;
      else if (tk[after]?.word && !tk[after]!.cap) after++;
    }
    const report = REPORT_VERBS.has(t.lower) && np.kind === 'name' && !!np.mention && isOutlet(np.mention);
    const speaker = resolveNP(doc, np, i, t.lower);
    events.push(speechEvent(i, t.lower, np, inverted, speaker, report, after, null));
  }
  return events;
}

/**
 * Names the story has speak (short, with no organisation word, of no kind the tagger knew) are
 * people: the referents findSpeechEvents' events show to be such.
 */
export function speakingPeople(events: SpeechEvent[]): Set<Referent> {
  const out = new Set<Referent>();
  for (const e of events) {
    const ref = e.np.kind === 'name' ? e.np.mention?.referent : undefined;
    if (ref && ref.kind === 'unknown' && !e.report && ref.words.length <= 3) out.add(ref);
  }
  return out;
}

export function resolveNP(doc: Doc, np: NounPhrase, at: number, verb: string | null): Resolved | null {
  if (np.kind === 'pronoun') return resolvePronoun(doc, np.head, at, verb);
  if (np.kind === 'name') {
    const m = np.mention!;
    if (!m.referent) return null;
    // `the Treasury Secretary said`: a title standing alone is the person the story gave it to.
    const lw = mapArray(m.words, (w) => w.toLowerCase());
    if (!m.title && isTitleWord(lw[lw.length - 1]!) && lw.every((w) => isTitleWord(w) || TITLE_MODIFIERS.has(w) || DEPT_TITLE.test(w))
      && m.referent.kind !== 'organization') {
      const r = recentTitled(doc, m.first, lw[lw.length - 1]!);
      if (r) return resolvedVia(speakerOfReferent(r), `“${m.text}” → ${r.name}`);
    }
    // A country speaks through its government (`Russia insisted`, `Japan branded North Korea an
    // "outlaw nation"`); any other place, or a country that is one of several (`the Group of Five
    // and Canada agreed`), not through a verb of comment.
    if (m.referent.kind === 'location' && (!verb || /ing$/.test(verb) || (WEAK_SPEECH_VERBS.has(verb)
      && (!isCountryName(m.referent.words) || /^(?:and|or|,)$/.test(doc.tokens[m.first - 1]?.lower ?? ''))))) return null;
    // `the Illinois Democrat said`: a party member described, not named: the person who spoke last.
    if (/^(?:Democrat|Republican|Conservative|Liberal|Socialist|Independent|Democrats|Republicans)$/.test(m.words[m.words.length - 1]!) && doc.tokens[m.first - 1]?.lower === 'the' && m.words.length <= 3) {
      const last = lastEventBefore(doc, m.first, (e) => e.speaker?.type === 'person' && e.speaker.referent !== m.referent && !e.report);
      return last?.speaker ? resolvedVia(last.speaker, `“the ${m.text}” → ${last.speaker.name}`) : null;
    }
    if (np.partner?.referent) {
      const a = np.partner.referent;
      return resolved(`${a.name} and ${m.referent.name}`, null, 'person', null, 'joint speakers');
    }
    return speakerOfReferent(m.referent, m);
  }
  return resolveDescription(doc, np);
}

export { WEAK_SPEECH_VERBS, PUNCT_LEAD };
