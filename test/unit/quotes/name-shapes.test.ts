import { describe, expect, it } from 'vitest';
import { tagMentions } from '../../../src/extract/entities/index.ts';
import { analyseQuotes, extractQuotes } from '../../../src/extract/quotes/index.ts';
import { findQuotedSpans } from '../../../src/extract/quotes/marks.ts';
import { findNameMentions } from '../../../src/extract/quotes/names.ts';
import { endsSentence, tokenize } from '../../../src/extract/quotes/tokens.ts';
import { enrich } from '../../../src/pipeline.ts';

const quotesOf = (body: string) => extractQuotes(body, []).quotes;
const names = (body: string) => quotesOf(body).map((q) => q.speaker?.name ?? null);

describe('how names and pronouns are written', () => {
  it('a nickname in marks inside a name is part of the name, not a quote', () => {
    const body = 'Mayor Joan "Jo" Pellegrino toured the harbour.';
    expect(findQuotedSpans(body)).toEqual([]);
    // (One definition of the shape for the marks and the name: two words in marks as well.)
    expect(names('"We will win this seat," said Mayor Joan "Big Jo" Pellegrino.')).toEqual(['Joan "Big Jo" Pellegrino']);
  });

  it('a speaker named with a nickname and a party tag after a quote that ends on `!`', () => {
    const body = 'The crowd grew all afternoon.\n\n"This is our year!" his niece, state Sen. Joan "Jo" Pellegrino (D-Bayside), shouted to the crowd.';
    expect(names(body)[0]).toMatch(/^Joan (?:"Jo" )?Pellegrino$/);
  });

  it('a name never runs over a paragraph break', () => {
    const body = '"We will rebuild every house on this street." — Tomas Ferreira\n\nVolunteers began work on Monday.';
    expect(names(body)).toEqual(['Tomas Ferreira']);
  });

  it('a pronoun with its auxiliary written on is the subject (`He’s claiming`)', () => {
    const body = 'Governor Alan Pruett spoke in Dayton on Friday.\n\nHe’s insisting that the budget is "balanced for the first time in a decade."';
    expect(names(body)).toEqual(['Alan Pruett']);
  });

  it('a role word that marks a woman outweighs a first name usually given to men', () => {
    const body = '"The settlement came too late for us," said flood widow Terry Calloway.\n\nShe added, "Nobody from the council ever called."';
    expect(names(body)).toEqual(['Terry Calloway', 'Terry Calloway']);
  });

  it('a surname the story already uses alone stays with that person when a relative is named in full', () => {
    // (`Scott` is also a man's first name: joined to the wife, the bare surname made her a man.)
    const body = "CHARLOTTE (AP) — Police released video of the shooting of Daniel Okonkwo Scott on Saturday. Daniel Okonkwo Scott, 43, was shot in a parking lot.\n\nScott was sitting in his truck. Scott had a book, his family says.\n\nThe video shows an officer aiming at an unseen Scott. Zuleyka Scott can be heard yelling to the officers that her husband had no gun.\n\n\"Please do not shoot him,\" she says.\n\nScott is one of hundreds of people shot by police this year. Scott was a father of seven, and he coached football.\n\nOfficers said Scott had a gun. Scott did not raise it, he said, according to a witness.";
    expect(names(body)).toEqual(['Zuleyka Scott']);
  });

  it('a colon after the verb points it at the next quote, not the one before', () => {
    const body = 'Senator Ruth Adler spoke first. "We have done our part." The committee chairman replied: "The money is not there."';
    expect(names(body)[0]).toBe('Ruth Adler');
  });

  it('a person the tagger runs on into a parenthesis stops before it', () => {
    const body = '"This is the year we finish the bridge!" Brinkley\'s sister, state Sen. Loretta "Etta" Brinkley-Moss (D-Portsmouth), shouted to the crowd.';
    const people = tagMentions(body).filter((m) => m.type === 'person').map((m) => m.text);
    for (const p of people) expect(p).not.toContain('(');
  });
});

describe('dotted abbreviations in old wire copy', () => {
  it('U.S. before a capitalised word does not end the sentence: the title runs on to the name', () => {
    const body = '"We must open the markets or the walls will only climb higher," U.S. Department of Agriculture Deputy Administrator Carl Brandt said.';
    expect(names(body)).toEqual(['Carl Brandt']);
  });

  it('U.S. before a word that opens sentences ends one', () => {
    const toks = tokenize('The grain went to the U.S. The board met. Ships of the U.S. Navy sailed.');
    const ends = toks.filter((t, i) => endsSentence(toks, i)).map((t) => t.text);
    expect(ends).toEqual(['U.S.', '.', '.']);
  });

  it('a U.S. Official is a description, and U.S. is a place, not an organisation that speaks', () => {
    expect(names('"It would only take five minutes to list the gains," a senior U.S. Official replied.')).toEqual([null]);
    expect(names('U.S. defense officials said the ship was "damaged but still under way."')).toEqual([null]);
  });

  it('an acronym in brackets that adds a country\'s letters still names the body before it', () => {
    const body = 'Prices will rise, the Institute of Marine Studies (NZIMS) said.\n\n"Catches are falling faster than anyone expected," the NZIMS said.';
    expect(names(body)).toEqual(['Institute of Marine Studies']);
  });

  it('but said: the subject may stand before a quoted programme title in the sentence', () => {
    const body = 'Harlan Voss, on the radio show "Morning Line," did not comment on the report, but said: "The board acted within its rules."';
    expect(names(body)).toEqual(['Harlan Voss']);
  });

  it('a verb form or adverb opening a sentence is no name, and no antecedent for he', () => {
    const body = 'Trade Minister Otto Brandl said the mills could not go on.\n\n'
      + 'Continued state aid would only delay the cuts, he said. "We have paid for this for ten years," he said.';
    expect(names(body)).toEqual(['Otto Brandl']);
    // (`Kelly said` at a sentence's start stays a name.)
    expect(names('Kelly said the plan "would not survive the winter."')).toEqual(['Kelly']);
  });
});

describe('a person and where that person works', () => {
  it('Surname of Firm is the person named in full earlier, not one name', () => {
    const body = '"The deal is off, plainly," said Carl Vossberg, a steel analyst with K.R. Lindqvist.\n\n'
      + '"Nobody walks away from a contract that size for nothing," said Vossberg of K.R. Lindqvist.';
    expect(names(body)).toEqual(['Carl Vossberg', 'Carl Vossberg']);
  });

  it('the employer after a name and `of` is no subject; the person before it is', () => {
    const { doc } = analyseQuotes('Thomas Haskins, an analyst, spoke first.\n\nBut Haskins of Brill and Marsh thinks the shares are dear.', []);
    const subjects = Object.fromEntries(doc.mentions.map((m) => [m.text, m.subject]));
    expect(subjects).toMatchObject({ Haskins: true, Marsh: false });
  });

  it('an analyst named before `of` speaks, not the firm', () => {
    const body = 'But pharmaceutical analyst Mark Clark of Barclays de Zoete Wedd said the drug had severe side effects.\n\n'
      + '"It is not a cure and the side effects are so bad," he said.';
    expect(names(body)).toEqual(['Mark Clark']);
  });

  it('a Western diplomat is a description: the compass adjective is no name', () => {
    expect(names('"It should act as a brake on the bidding," a Western diplomat commented.')).toEqual([null]);
    // (At a sentence's start, `A Western` is no capitalised pair that makes `Western` a surname.)
    expect(names('Trade was flat.\n\nA Western diplomat said: "Devaluation of itself will not change anything."')).toEqual([null]);
  });

  it('a tagger entity `Surname of Firm` does not rename the person named in full', () => {
    const body = 'Lloyds chief economist Roger Bootle said rates would fall. Bootle of Lloyds expects a cut.\n\n"This is a budget built to bring rates down," he said.';
    const at = body.indexOf('Bootle of Lloyds');
    const entities = [{ name: 'Bootle of Lloyds', type: 'person' as const, count: 1, mentions: [{ text: 'Bootle of Lloyds', start: at, end: at + 16 }] }];
    expect(extractQuotes(body, entities).quotes.map((q) => q.speaker?.name)).toEqual(['Roger Bootle']);
  });
});

describe('gender from the story, not only from a first name', () => {
  it('two or more of the story\'s own pronouns overrule a first name\'s usual gender', () => {
    const body = 'Beryl Sprinkel, chairman of the council of advisers, said growth abroad must pick up.\n\n'
      + '"Stronger demand in Japan and Europe is needed now," he told the meeting.\n\n'
      + 'Sprinkel said the dollar had done its work. "I suspect there will be further moves," he said.';
    expect(names(body)).toEqual(['Beryl Sprinkel', 'Beryl Sprinkel']);
  });
});

describe('appositives and possessives as 1980s wire copy writes them', () => {
  it('a bare noun and an employer between commas is a role (no article)', () => {
    const body = 'Prices fell on Monday.\n\nGlenn Rhodes, agronomist at the University of Kansas, said, "I would not look for stocks to be heavier than a year ago."';
    expect(names(body)).toEqual(['Glenn Rhodes']);
  });

  it('said Firm\'s Surname: the person the story named, not nobody', () => {
    const body = '"Starts have probably declined a little," said Peter Greer of Hollis, Dane and Co Inc.\n\nComparisons may prove difficult.\n\n'
      + '"Caution should be used when reading the January rise," cautioned Hollis\'s Greer.';
    expect(names(body)).toEqual(['Peter Greer', 'Peter Greer']);
  });

  it('the closing comma left out after a role of a body with `on` or `and` in its name', () => {
    expect(names('Rosa Dimas, Chairman of the Commission on Good Government (CGG) told Reuters: "They still hide a great deal of money."')).toEqual(['Rosa Dimas']);
    expect(names('"Greed has made easy prey of big firms," Rep. Ed Marley, D-Mass, the chairman of the Telecommunications and Finance said.')).toEqual(['Ed Marley']);
  });

  it('a description opening the sentence is the subject of a verb of saying joined by `and`', () => {
    const body = 'Donald Trump, the Republican nominee, spoke in Ohio on Monday.\n\n'
      + 'The Republican nominee also outlined his plan and vowed to punish "those who break the rules on secrets."';
    expect(names(body)).toEqual(['Donald Trump']);
  });

  it('an agency after `contacted by` is no speaker; a statement issued by a company is the company\'s', () => {
    expect(names('Fenwick shares rose.\n\nA Fenwick spokesman contacted by Reuters said only that the report was "one of the usual rumours on the bourse."'))
      .toEqual(['Fenwick']);
    expect(names('"This will give the refinery a stable, long-term supply," a statement issued by Harlan Pacific said.')).toEqual(['Harlan Pacific']);
  });

  it('a place after `in` is where the speaker is, not the speaker', () => {
    expect(names('Iran fired the missile at a hulk, a British naval source in the Gulf said. "These missiles pack a fairly big punch," he told reporters.'))
      .toEqual([null]);
    expect(names('"One million tonnes is an awful lot," the intervention board spokesman in Frankfurt said.')).toEqual([null]);
  });
});

describe('an office written out before a one-word name', () => {
  const story = 'JAKARTA, March 3 - Indonesian Minister of Mines and Energy Sutanto said prices would hold, '
    + 'speaking at a regional energy meeting.\n    Sutanto, attending the meeting, blamed speculators for the swings. '
    + '"If producers keep to their limits, the market will settle by autumn."\n'
    + '    "Everyone is keeping to the official prices," he said.\n';

  it('speaks as the person, not as a department that swallowed the name', () => {
    const doc = enrich({ content: story }, { now: () => new Date('1987-03-03T12:00:00Z') });
    expect(doc.quotes.map((q) => q.speaker?.name ?? null)).toEqual(['Sutanto', 'Sutanto']);
    expect(doc.quotes.every((q) => q.speaker?.type === 'person')).toBe(true);
  });

  it('stops the department words at the name the story also writes alone', () => {
    const qs = extractQuotes('"Prices will hold," Minister of Mines and Energy Sutanto said. Sutanto left early.', []).quotes;
    expect(qs[0]!.speaker?.name).toBe('Sutanto');
  });
});

describe('months that are first names, and subjects set off by commas', () => {
  const mentions = (body: string) => findNameMentions(body, tokenize(body), () => false).map((m) => ({ text: m.text, title: m.title, subject: m.subject }));

  it('a month that is also a first name opens a name (`Jan Brewer`), not the title before it', () => {
    const body = 'Former Arizona governor Jan Brewer called security "a priority" for women.';
    expect(mentions(body)).toContainEqual({ text: 'Jan Brewer', title: 'Former Arizona governor', subject: true });
    expect(quotesOf(body)[0]!.speaker).toMatchObject({ name: 'Jan Brewer', title: 'Former Arizona governor' });
  });

  it('a month before a date or a number word stays a month', () => {
    expect(mentions('Dividends are payable on April One.').map((m) => m.text)).not.toContain('April One');
    expect(mentions('Since June Trump has gained.').map((m) => m.text)).toEqual(['Trump']);
  });

  it('a name set off by commas after the role it names is the subject (`his wife, Jane, offered`)', () => {
    expect(mentions('But his wife, Jane, offered a preview.')).toContainEqual({ text: 'Jane', title: null, subject: true });
    expect(mentions("On Monday, the nominee's wife, Laura, is scheduled to speak.")).toContainEqual({ text: 'Laura', title: null, subject: true });
  });

  it('an age after a name does not hide its verb (`Karl Dunne, 35, showed up`)', () => {
    expect(mentions('One farmer, Karl Dunne, 35, showed up in work boots.')).toContainEqual({ text: 'Karl Dunne', title: null, subject: true });
  });

  it('a role after a preposition is no subject (`the campaign of his wife, Hillary Clinton, as she`)', () => {
    expect(mentions('He ran the campaign of his wife, Hillary Clinton, as she pursues the nomination.')).toContainEqual({ text: 'Hillary Clinton', title: null, subject: false });
  });
});

it('a company speaks under its full name when the story shortens it to its first word (`Rockwell` of `Rockwell International Corp`)', () => {
  expect(names('Rockwell International Corp said profits rose. Rockwell said the program was "on schedule and under budget."')).toEqual(['Rockwell International Corp']);
  // (One company per short name: two Jaguars leave `Jaguar` alone; a common word opens no short name.)
  expect(names('Jaguar Cars Inc, a unit of Jaguar PLC, grew. Jaguar said it had "a substantial waiting list."')).toEqual(['Jaguar']);
});
