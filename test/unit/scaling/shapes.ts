/**
 * Pathological and bulky story bodies for the scaling tests: each generator takes a size n and
 * returns text that grows linearly with n. Names and paragraphs are made up for these tests.
 */

const FIRST = ['Arlen', 'Brisa', 'Cato', 'Delphine', 'Emrys', 'Fenna', 'Goran', 'Halina', 'Ivo', 'Jorun', 'Kestrel', 'Lusine', 'Marek', 'Nadira', 'Osric', 'Petra', 'Quill', 'Rosalind', 'Soren', 'Tamsin', 'Ulric', 'Vesna', 'Wendel', 'Ysolde', 'Zoran'];
const LAST = ['Abernathy', 'Bramwell', 'Castellane', 'Dunmore', 'Elstrom', 'Farrowby', 'Gillander', 'Hartigan', 'Isberg', 'Jessop', 'Kowalczyk', 'Lindqvarn', 'Morrowind', 'Nethercott', 'Oyelaran', 'Pellington', 'Quarrie', 'Ravensloe', 'Stavrakis', 'Thornquist', 'Uddenberg', 'Valcourt', 'Whitlock', 'Yardley', 'Zellweger'];

const SYLLABLES = ['', 'ra', 'vo', 'ten', 'mil', 'do', 'sk', 'ber', 'lin', 'ow'];

/** The i-th made-up name, a different one for every i (a surname gets syllables as i grows). */
export const nameAt = (i: number) => {
  let rest = Math.floor(i / (FIRST.length * LAST.length));
  let tail = '';
  while (rest > 0) { tail += SYLLABLES[rest % SYLLABLES.length]; rest = Math.floor(rest / SYLLABLES.length); }
  return `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}${tail}`;
};

const names = (n: number) => Array.from({ length: n }, (_, i) => nameAt(i));

/** n comma-separated names, then `said "x".` */
export const commaNames = (n: number) => `${names(n).join(', ')} said "x".`;

/** n double quote characters, back to back. */
export const quoteMarks = (n: number) => '"'.repeat(n);

/** n double quote characters, each followed by a space. */
export const spacedQuoteMarks = (n: number) => '" '.repeat(n);

/** n names with nothing between them but spaces. */
export const bareNames = (n: number) => names(n).join(' ');

/** n names with nothing between them but spaces, then `said "x".` */
export const bareNamesSaid = (n: number) => `${names(n).join(' ')} said "x".`;

const PARAGRAPHS = [
  'LAKESIDE, March 3 (Wire) - The regional water authority said on Tuesday it would raise tariffs by 4 percent from next month, blaming higher energy costs and a dry winter that left reservoirs at their lowest level in a decade.',
  '"We have held prices for three years, but we cannot keep doing that while our own bills keep climbing," authority chairman Tobias Greer told reporters after a board meeting.',
  'Greer said the increase would add about 2 dollars a month to a typical household bill. He added, "Nobody likes to pay more, and we know this comes at a hard time for many families."',
  'Consumer group Fair Taps called the decision "a lazy answer to a problem the authority saw coming for years." Its director, Mira Castell, said the authority should first cut leaks, which she estimated waste a fifth of supply.',
  '"Fix the pipes before you reach into people\'s pockets," Castell said in a statement.',
  'The company that runs the pumping stations, Northshore Utilities Inc, declined to comment. A spokeswoman for the state environment ministry said the ministry would review the plan. "The minister has asked for the figures," the spokeswoman said.',
  'Last year the authority spent 120 million dollars on repairs, according to its annual report. Analysts at Harbour Capital said the rise was modest. "It is in line with what other utilities have done," said analyst Priya Nandakumar.',
];

/** n wire-copy paragraphs with quotes and speakers, cycling through a short made-up story. */
export const paragraphs = (n: number) => Array.from({ length: n }, (_, i) => PARAGRAPHS[i % PARAGRAPHS.length]).join('\n\n');

/** The same paragraphs hard-wrapped at 68 columns, Reuters 1980s style, with indented paragraph starts. */
export const wrappedParagraphs = (n: number) => Array.from({ length: n }, (_, i) => {
  const words = PARAGRAPHS[i % PARAGRAPHS.length]!.split(' ');
  const lines: string[] = [];
  let line = '    ';
  for (const w of words) {
    if (line.length + w.length > 68) { lines.push(line.trimEnd()); line = ''; }
    line += `${w} `;
  }
  lines.push(line.trimEnd());
  return lines.join('\n');
}).join('\n');

const LOWER = ['the', 'river', 'ran', 'past', 'quiet', 'fields', 'and', 'over', 'stones', 'while', 'people', 'watched', 'from', 'a', 'bridge', 'near', 'town'];

/** One sentence of n lower-case words with no punctuation at all. */
export const longSentence = (n: number) => `The ${Array.from({ length: n }, (_, i) => LOWER[i % LOWER.length]).join(' ')} said "x".`;

/** n opening quotes that never close, each before a few words. */
export const unclosedQuotes = (n: number) => Array.from({ length: n }, (_, i) => `"we will ${LOWER[i % LOWER.length]} the plan`).join(' ');

/** n curly quotes alternating open and close with no words inside, and stray closers. */
export const curlyQuotes = (n: number) => Array.from({ length: n }, (_, i) => (i % 3 === 2 ? '”' : i % 2 ? '”“' : '“ ')).join('');

/** n one-line paragraphs, each a short quote with a speaker. */
export const manyParagraphs = (n: number) => Array.from({ length: n }, (_, i) => `"It went well," ${nameAt(i)} said.`).join('\n');

/** n capitalised words on one line (a headline-like shout). */
export const capsLine = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? 'STORM' : 'WARNING')).join(' ');

/** n lines that each look like a dateline. */
export const datelineLines = (n: number) => Array.from({ length: n }, (_, i) => `${LAST[i % LAST.length]!.toUpperCase()}, March ${(i % 28) + 1} (Reuters) - Officials said rain fell.`).join('\n');

/** One token of n letters. */
export const hugeToken = (n: number) => `Start ${'a'.repeat(n)} end.`;

/** n opening brackets, a few words between them. */
export const openBrackets = (n: number) => Array.from({ length: n }, (_, i) => `(${LOWER[i % LOWER.length]}`).join(' ');

/** n sentences `He said "…".` after one named speaker: many pronoun speakers. */
export const pronounSpeakers = (n: number) => `Mayor Tobias Greer spoke on Monday. ${Array.from({ length: n }, (_, i) => (i % 2 ? `"We will ${LOWER[i % LOWER.length]} it," he said.` : `He added, "The ${LOWER[i % LOWER.length]} matters to us."`)).join(' ')} said "x".`;

/** n sentences `the company said` with organisations named before: description speakers. */
export const descriptionSpeakers = (n: number) => Array.from({ length: n }, (_, i) => (i % 3 === 0 ? `${LAST[i % LAST.length]} Holdings Inc said profits rose.` : i % 3 === 1 ? `"Sales were strong," the company said.` : `"It was a good year," the chairman told reporters.`)).join(' ');

/** n comma-separated names with titles and appositives: `Gen. X, a spokesman for the army,`. */
export const appositives = (n: number) => `${Array.from({ length: n }, (_, i) => `Gen. ${nameAt(i)}, a spokesman for the ${LAST[i % LAST.length]} army`).join(', ')}, said "we are ready".`;

/** n abbreviations and initials in a row (`U.S. Corp. J. Gen.`): sentence splitting on periods. */
export const abbreviations = (n: number) => Array.from({ length: n }, (_, i) => ['U.S.', 'Corp.', 'J.', 'Gen.', 'Inc.', '."', '.)'][i % 7]).join(' ');

/** n names joined by `and`, `of` and hyphens (long runs of connectors). */
export const connectedNames = (n: number) => Array.from({ length: n }, (_, i) => `${nameAt(i)}${['of the', 'and', '-', 'de'][i % 4]}`).join(' ') + ' said "x".';

/** n possessive names in a row (`Abernathy's Bramwell's …`): each ends its own name run. */
export const possessives = (n: number) => `${Array.from({ length: n }, (_, i) => `${nameAt(i).split(' ')[1]}'s`).join(' ')} plan.`;

/** n organisations, each with its acronym in brackets, and then the acronym speaking. */
export const acronyms = (n: number) => Array.from({ length: n }, (_, i) => {
  const words = [LAST[i % LAST.length]!, FIRST[Math.floor(i / LAST.length) % FIRST.length]!, 'Trade', 'Union'];
  const acr = words.map((w) => w[0]).join('');
  return `The ${words.join(' ')} (${acr}) met. "We agree," ${acr} said.`;
}).join(' ');

/** n distinct full names, each followed by its surname alone as a speaker. */
export const surnames = (n: number) => Array.from({ length: n }, (_, i) => {
  const name = nameAt(i);
  return `${name} arrived. "It is done," ${name.split(' ')[1]} said.`;
}).join('\n\n');

/** n distinct names that all end in one surname, each followed by that surname alone as a speaker. */
export const sharedSurname = (n: number) => Array.from({ length: n }, (_, i) => `${nameAt(i)} Castellane arrived. "It is done," Castellane said.`).join('\n\n');

/** n quotes each carried by a verb (`told reporters`) that names no outlet after it. */
export const toldReporters = (n: number) => Array.from({ length: n }, (_, i) => `"We will ${LOWER[i % LOWER.length]} it," ${nameAt(i)} told reporters.`).join('\n\n');

/** n paragraphs that are each a quote with no speaker named. */
export const loneQuotes = (n: number) => Array.from({ length: n }, (_, i) => `"We will ${LOWER[i % LOWER.length]} the new bridge soon."`).join('\n\n');

/** One unpunctuated sentence of n clauses, each with a verb of saying. */
export const saidChain = (n: number) => `The ${Array.from({ length: n }, (_, i) => `${LOWER[i % LOWER.length]} said ${i % 2 ? 'he' : 'they'} saw`).join(' ')} said "x".`;

/** An ANPA-1312 message with n heading lines (`^…<`) and a line of n quad-left marks in its body. */
export const anpaHeadings = (n: number) =>
  `\u0016\u0016\u0001a0001\u001fSEL\r\nr a BC-Slug,0100\r\n\u0002${Array.from({ length: n }, (_, i) => `^Heading ${LOWER[i % LOWER.length]}<\r\n`).join('')}\tLAKESIDE (Wire) _ Rain fell.${'<'.repeat(n)}x\r\n\u0003AP-NY-03-03-24 1200EST\u0004`;

/** An IPTC 7901 message with n keyword lines and a body line of n spaces before its end. */
export const iptcKeywords = (n: number) =>
  `\u0001ABC0001 3 POL 0100\r\n${Array.from({ length: n }, (_, i) => `${LOWER[i % LOWER.length]}/\r\n`).join('')}\u0002Headline\r\nLAKESIDE, March 3 - Rain fell.${' '.repeat(n)}x\r\n\u0003031200 MAR 24\u0004`;

/** A plain-text kill advisory whose lines name n slugs. */
export const killLines = (n: number) => `MANDATORY KILL\n\n${Array.from({ length: n }, (_, i) => `The story slugged BC-${LAST[i % LAST.length]}-${i} is killed.`).join('\n')}`;

export interface Shape {
  name: string;
  make: (n: number) => string;
  /** The raw article's format; `text` when not given. */
  format?: 'auto';
}

export const SHAPES: Shape[] = [
  { name: 'commaNames', make: commaNames },
  { name: 'quoteMarks', make: quoteMarks },
  { name: 'spacedQuoteMarks', make: spacedQuoteMarks },
  { name: 'bareNames', make: bareNames },
  { name: 'bareNamesSaid', make: bareNamesSaid },
  { name: 'paragraphs', make: paragraphs },
  { name: 'wrappedParagraphs', make: wrappedParagraphs },
  { name: 'longSentence', make: longSentence },
  { name: 'unclosedQuotes', make: unclosedQuotes },
  { name: 'curlyQuotes', make: curlyQuotes },
  { name: 'manyParagraphs', make: manyParagraphs },
  { name: 'capsLine', make: capsLine },
  { name: 'datelineLines', make: datelineLines },
  { name: 'hugeToken', make: hugeToken },
  { name: 'openBrackets', make: openBrackets },
  { name: 'pronounSpeakers', make: pronounSpeakers },
  { name: 'descriptionSpeakers', make: descriptionSpeakers },
  { name: 'appositives', make: appositives },
  { name: 'abbreviations', make: abbreviations },
  { name: 'connectedNames', make: connectedNames },
  { name: 'possessives', make: possessives },
  { name: 'acronyms', make: acronyms },
  { name: 'surnames', make: surnames },
  { name: 'sharedSurname', make: sharedSurname },
  { name: 'toldReporters', make: toldReporters },
  { name: 'loneQuotes', make: loneQuotes },
  { name: 'saidChain', make: saidChain },
  { name: 'anpaHeadings', make: anpaHeadings, format: 'auto' },
  { name: 'iptcKeywords', make: iptcKeywords, format: 'auto' },
  { name: 'killLines', make: killLines },
];
