/**
 * A tokenizer for English wire copy. Tokens carry UTF-16 offsets into the text (end
 * exclusive), so anything found on tokens maps straight back to the source.
 *
 * The token boundaries follow the conventions of newswire treebanks (and of the CoNLL-2003
 * data the entity tagger learns from): clitics split off (`Afghanistan's` → `Afghanistan`
 * `'s`, `don't` → `do` `n't`), hyphenated compounds and dates kept whole (`war-torn`,
 * `1996-08-22`), abbreviations keep their period (`U.S.`, `Gen.`, `Ore.`), numbers keep
 * their separators (`1,250.5`), quotes, brackets and dashes stand alone.
 */

export interface Token {
  text: string;
  start: number;
  end: number;
}

/**
 * Words that keep their period: titles, US state and month abbreviations, company suffixes.
 * Lower case, without the final period.
 */
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof gen lt col maj capt cmdr adm sgt cpl pvt sen rep gov pres supt insp ' +
    'rev fr msgr sr jr st mt ft no nos vol vols pp op art sec dept univ assn bros ' +
    'co corp inc ltd plc cos llc bhd pty ag nv sa spa ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun ' +
    'ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo ' +
    'mont neb nebr nev okla ore pa penn tenn tex va vt wash wis wisc wyo ' +
    'vs etc approx est fig cf al e.g i.e a.m p.m'
  ).split(' '),
);

/** Title abbreviations: never the end of a sentence (`Gen. Smith`). */
export const TITLE_ABBREVIATIONS = new Set(
  'mr mrs ms dr prof gen lt col maj capt cmdr adm sgt cpl pvt sen rep gov pres supt insp rev fr msgr st mt'.split(' '),
);

const CLITIC = /^(.+?)((?:['’](?:s|re|ve|ll|d|m))|(?:n['’]t))$/i;

// Order matters: the first alternative that matches at a position wins.
const TOKEN_RE = new RegExp(
  [
    // URLs and e-mail addresses
    String.raw`https?://[^\s"'<>()]+[^\s"'<>().,;:!?]`,
    String.raw`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`,
    // Initialisms with periods: U.S., U.N., a.m.
    String.raw`(?:\p{L}\.){2,}`,
    // Numbers with separators: 1,250.5  1/2  10:30 (a number glued to letters or hyphens,
    // as in 1990s or 22-year-old, falls through to the word rule)
    String.raw`\d+(?:[.,:/]\d+)*(?![\p{L}\p{M}\p{N}_-])`,
    // Words: letters and digits, inner hyphens, apostrophes, ampersands, periods (S.Africa)
    String.raw`[\p{L}\p{M}\p{N}_]+(?:(?:[-'’&]|\.(?=\p{L}))[\p{L}\p{M}\p{N}_]+)*`,
    // A clitic standing alone, as in text tokenized before (`Lord 's`, `do n't`)
    String.raw`(?:['’](?:s|S|re|RE|ve|VE|ll|LL|d|D|m|M)|n['’]t|N['’]T)(?![\p{L}\p{N}])`,
    // Dashes and dots
    String.raw`-{2,}|\.{2,}|…|—|–|\p{Pd}`,
    // Anything else that is not space: one character (quotes, brackets, symbols)
    String.raw`[^\s]`,
  ].join('|'),
  'gu',
);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text))) {
    let word = m[0];
    let start = m.index;
    // Every rule below but the abbreviation's needs an apostrophe: most words skip them all.
    const apostrophe = word.includes("'") || word.includes('’');
    // A leading apostrophe that opens a quote: 'Hello → ' Hello (but keep '90s)
    if (apostrophe && word.length > 1 && (word[0] === "'" || word[0] === '’') && !/^['’](?:\d|(?:s|re|ve|ll|d|m)$)/i.test(word)) {
      tokens.push({ text: word[0]!, start, end: start + 1 });
      word = word.slice(1);
      start += 1;
    }
    const end = start + word.length;
    // A word followed by a period that belongs to it: abbreviations and single initials.
    if (text.charCodeAt(end) === 46 && /^\p{L}[\p{L}.]*$/u.test(word)) {
      const lower = word.toLowerCase();
      const initial = word.length === 1 && /\p{Lu}/u.test(word);
      if (ABBREVIATIONS.has(lower) || initial) {
        tokens.push({ text: text.slice(start, end + 1), start, end: end + 1 });
        TOKEN_RE.lastIndex = end + 1;
        continue;
      }
    }
    if (!apostrophe) {
      tokens.push({ text: word, start, end });
      continue;
    }
    const clitic = CLITIC.exec(word);
    if (clitic && /\p{L}/u.test(clitic[1]!)) {
      const cut = start + clitic[1]!.length;
      tokens.push({ text: clitic[1]!, start, end: cut });
      tokens.push({ text: clitic[2]!, start: cut, end });
      continue;
    }
    // A trailing apostrophe after s (plural possessive): states' → states '
    if (word.length > 2 && /s['’]$/i.test(word)) {
      tokens.push({ text: word.slice(0, -1), start, end: end - 1 });
      tokens.push({ text: word.slice(-1), start: end - 1, end });
      continue;
    }
    tokens.push({ text: word, start, end });
  }
  return tokens;
}
