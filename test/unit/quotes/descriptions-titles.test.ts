import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../../src/extract/quotes/index.ts';
import { enrich } from '../../../src/pipeline.ts';
import { blendOf } from '../../../src/extract/quotes/names.ts';
import { isNationalityWord } from '../../../src/extract/quotes/lexicon.ts';

const first = (body: string) => extractQuotes(body, []).quotes[0]!;
/** The first quote of a 1987-style wire story read whole (entities and all), as the pipeline reads it. */
const firstInStory = (body: string) => enrich({ content: body }, { now: () => new Date('1987-03-09T12:00:00Z') }).quotes[0]!;

describe('long titles before names give the person, with the title', () => {
  it.each([
    ['"Talks will resume in June," deputy U.S. trade representative Jane Roe said.', 'Jane Roe', 'deputy U.S. trade representative'],
    ['"We were never consulted," Former Foreign Minister John Doe told reporters.', 'John Doe', 'Former Foreign Minister'],
    ['"Growth will slow," the bank\'s chief economist Ann Poe said.', 'Ann Poe', 'chief economist'],
    ['"Margins will rise," the lender\'s chief financial officer Ann Poe said.', 'Ann Poe', 'chief financial officer'],
    ['"Bonds look cheap," senior portfolio manager Ann Poe said.', 'Ann Poe', 'senior portfolio manager'],
    ['"We have no plans," White House communications director John Doe said.', 'John Doe', 'White House communications director'],
    ['"It is the right call," Britain\'s business minister John Doe said.', 'John Doe', 'Britain\'s business minister'],
  ])('%s', (body, name, title) => {
    expect(first(body).speaker).toMatchObject({ name, title, type: 'person' });
  });
});

it('a role of an organisation is no title of its name: `director of communications for Rhode Island-based Fleet`', () => {
  const body = 'Robert Lane, director of corporate communications for Rhode Island-based Fleet, said the bank was "exploring every option."';
  expect(extractQuotes(body, []).quotes[0]!.speaker).toMatchObject({ name: 'Robert Lane' });
  expect(extractQuotes(body, []).entities.find((e) => e.name === 'Fleet')).toBeUndefined();
});

describe('a role after a name, its closing comma left out (1980s wire copy)', () => {
  it('Name, Org president said: the person, not the organisation', () => {
    const body = 'CHICAGO, March 4 - The Northern Grain Council expects a record crop.\n    "Exports will rise again this year," Dora Lindell, Northern Grain Council president said.';
    const q = firstInStory(body);
    expect(q.speaker).toMatchObject({ name: 'Dora Lindell', type: 'person' });
  });

  it('Name, role for Firm said: the person, not the firm', () => {
    const body = 'NEW YORK, March 4 - Crop prospects are poor, analysts said.\n    "The crop will be smaller than last year\'s," Ruth Aldane, chief meteorologist\nfor Barlow Securities said.';
    const q = firstInStory(body);
    expect(q.speaker).toMatchObject({ name: 'Ruth Aldane', type: 'person' });
  });

  it('Name, role of Firm (ACRONYM) said, and Name of the brokerage Firm said: the person', () => {
    const a = 'FRANKFURT, March 4 - Rates will hold, economists said.\n    "There is no need for action," Klaus Remmert, chief economist of Rhein- and Mainzer Bank (RMB) said.';
    const b = 'TORONTO, March 4 - Growth slowed, economists said.\n    Economist Nora Pell of the brokerage Halden Pryce Inc said "the economy is not moving along very steadily."';
    const at = (body: string) => firstInStory(body).speaker?.name;
    expect(at(a)).toBe('Klaus Remmert');
    expect(at(b)).toBe('Nora Pell');
  });

  it('a place before a spokesman is no speaker: the description stays a description', () => {
    const q = first('Harbour Air will fly to Oslo, a Harbour Air spokesman said.\n\n"We are pleased with the route," the spokesman said.');
    expect(q.speaker?.name).not.toBe('Oslo');
  });
});

describe('a role noun that covers several titles', () => {
  const story = 'Harrow Motors Corp sold 200 mln dlrs of bonds from its pension fund, vice president and treasurer Lena Okafor said.\n'
    + '    Okafor said Harrow will sell more later this year.\n'
    + '    "The second sale will come in a month or so," the Harrow executive said.\n'
    + '    "Equities will then make up half of the fund," the executive said.';

  it('the executive (and the Harrow executive) is the treasurer the story named beside the company', () => {
    expect(extractQuotes(story, []).quotes.map((q) => q.speaker?.name ?? null)).toEqual(['Lena Okafor', 'Lena Okafor']);
  });

  it('an executive of another company is not her', () => {
    const other = story.replace('the Harrow executive said', 'a Bexley Steel executive said');
    expect(extractQuotes(other, []).quotes[0]!.speaker?.name).not.toBe('Lena Okafor');
  });
});

describe('a title with its modifiers', () => {
  it('the trade minister is the minister whose title says trade, not the minister named since', () => {
    const body = 'Trade minister Ola Brenn defended the tariffs on Monday.\n'
      + '    Deputy prime minister Karl Aasen told businessmen "The currency policy will not change."\n'
      + '    The trade minister warned of "a deficit that would take years to close again."';
    expect(extractQuotes(body, []).quotes.map((q) => q.speaker?.name ?? null)).toEqual(['Karl Aasen', 'Ola Brenn']);
  });
});

describe('a person of a unit of an organisation', () => {
  it('X of the Ministry\'s Y Division told: the person, not the division', () => {
    const body = 'TOKYO, March 9 - "They are linking unrelated issues," Keiko Arai of the Foreign Ministry\'s North American Division told Reuters.';
    const q = firstInStory(body);
    expect(q.speaker?.name).toBe('Keiko Arai');
  });
});

describe('who after an organisation or place that ends a role', () => {
  it('Name, deputy director of Org, who heads …, told: the person', () => {
    const body = 'GENEVA, March 9 - Talks ended without a deal.\n    Tomasz Wilk, deputy director of Comecon, who heads the East bloc delegation, told Reuters: "We have narrowed our differences on most questions."';
    const q = firstInStory(body);
    expect(q.speaker?.name).toBe('Tomasz Wilk');
  });

  it('Name of Country, who spoke for consumers, agreed: the person', () => {
    const body = 'GENEVA, March 9 - Talks ended without a deal.\n    Henri Dufresne of France, who spoke for consumers, agreed that the pact had worked "reasonably well over the years."';
    const q = firstInStory(body);
    expect(q.speaker?.name).toBe('Henri Dufresne');
  });
});

describe('a company by a short name blended from its words', () => {
  it.each([
    ['adsteam', 'The Adelaide Steamship Co Ltd', true],
    ['amex', 'American Express Co', true],
    ['nabisco', 'National Biscuit Co', true],
    ['federated', 'Federated Department Stores Inc', false],
    ['general', 'General Motors Corp', false],
    ['bank', 'Bank of America', false],
    // (Every word a prefix of every other: each state is decided once, so this answers at once.)
    ['aaaaaaaaaaaaaaab', Array(8).fill('Aaaaaaaaaaaaaaaaaaaa').join(' '), false],
  ])('%s from %s: %s', (alias, name, want) => {
    expect(blendOf(alias, name.split(' '))).toBe(want);
  });

  it('speaks under the full name the story gave first', () => {
    const body = 'The Benton Steamship Co Ltd said it would bid for the port contract.\n    Bensteam said it expected to win. "We have the best fleet on the coast," it said.';
    expect(extractQuotes(body, []).quotes[0]!.speaker).toMatchObject({ name: 'Benton Steamship Co Ltd', type: 'organization' });
  });
});

describe('a quoted term inside the subject\'s appositive', () => {
  it('does not cut the clause: the subject before it says the quote', () => {
    const body = 'The Harbour Policy Group said rates would rise.\n    The HPG, a group of basically "hawkish" private economists, said that "growth will pick up in the second half of the year."';
    expect(extractQuotes(body, []).quotes.find((q) => q.text.startsWith('growth'))!.speaker?.name).toBe('Harbour Policy Group');
  });
});

describe('a company by its short name', () => {
  it('Chrysler after Chrysler Corp is the same company', () => {
    const body = 'Garland Corp said it will close two plants.\n    Garland said the closures "reflect a weaker market for our cloth."';
    expect(extractQuotes(body, []).quotes[0]!.speaker).toMatchObject({ name: 'Garland Corp', type: 'organization' });
  });
});

describe('descriptions, agencies, nationalities and acronyms', () => {
  it('an acronym the story spelled out is the organisation', () => {
    const q = first('The International Monetary Fund (IMF) met on Monday. "Risks have risen," the IMF said.');
    expect(q.speaker).toMatchObject({ name: 'International Monetary Fund', type: 'organization' });
  });

  it.each([['Japan'], ['Iran'], ['Pakistan'], ['Taiwan'], ['China']])('%s speaks through its government, though its name ends like a demonym', (country) => {
    const q = firstInStory(`DUBAI, March 9 - "We will not accept new sanctions," ${country} said in a statement.`);
    expect(q.speaker).toMatchObject({ name: country });
  });

  it('a country speaks through a verb of comment too, but not as one of several', () => {
    const body = 'Japan branded North Korea an "outlaw nation in the neighborhood."\n\n'
      + 'The Group of Five and Canada agreed to "see if there can be a period of stability."';
    expect(extractQuotes(body, []).quotes.map((q) => q.speaker?.name ?? null)).toEqual(['Japan', null]);
  });

  it('the agency a quote was told to is via, and a nationality adjective is no speaker', () => {
    const q = first('Officials met in Kabul. "The border is closed," a Russian official told Reuters.');
    expect(q).toMatchObject({ speaker: null, via: 'Reuters' });
    expect(q.candidates.map((c) => c.name)).not.toContain('Russian');
    expect(q.candidates.map((c) => c.name)).not.toContain('Reuters');
  });

  it('a nationality is the adjective, never the country', () => {
    expect(['Russian', 'Japanese', 'Iranian', 'Pakistani', 'Dutch'].filter(isNationalityWord)).toHaveLength(5);
    expect(['Japan', 'Iran', 'Pakistan', 'Jordan', 'Oman'].filter(isNationalityWord)).toEqual([]);
  });

  it('the company said → the company the story introduced', () => {
    const q = first('Harrow Motors Inc cut its forecast on Tuesday.\n\nChief Executive Sandra Kell spoke to analysts.\n\n"We expect a hard year," the company said.');
    expect(q.speaker).toMatchObject({ name: 'Harrow Motors Inc', type: 'organization' });
  });

  it('a body named after the person who leads it speaks as that body; the person\'s spokesman stays unnamed', () => {
    const body = 'Senator Dana Holt toured Ohio on Monday.\n\n"We are fine with that and we move on," the Holt campaign said.\n\n'
      + 'Holt\'s office said, "The senator will vote no on the bill."\n\n"No comment on the poll," Holt\'s spokeswoman said.\n\n'
      + 'The report said the success of Senator Holt\'s office in Ohio "surprised everyone in the party."';
    expect(extractQuotes(body, []).quotes.map((q) => q.speaker && [q.speaker.name, q.speaker.type])).toEqual([
      ['Holt campaign', 'organization'], ['Holt office', 'organization'], null, null,
    ]);
  });

  it('a hyphenated adjective before a title keeps it the person the story gave that title', () => {
    const body = 'President Mara Lind will address the congress on Friday.\n\n'
      + '"Nothing prepares you for this office," the two-term president will say, according to excerpts of the speech.\n\n'
      + '"You learn it on the job," she will say.';
    expect(extractQuotes(body, []).quotes.map((q) => q.speaker?.name ?? null)).toEqual(['Mara Lind', 'Mara Lind']);
  });

  it.each([
    ['world\'s third-largest carmaker'], ['Japanese automaker'], ['lender'], ['retailer'], ['insurer'],
  ])('the %s said → the company the story introduced (a line of business describes it)', (description) => {
    const q = first(`Harrow Motors cut its forecast on Tuesday.\n\n"We expect a hard year," the ${description} said.`);
    expect(q.speaker).toMatchObject({ name: 'Harrow Motors', type: 'organization' });
  });

  it('a government body is no company: `the carmaker` after `the White House` stays null', () => {
    const q = first('Commerce Secretary Gina Raimondo spoke to reporters at the White House.\n\n"We are studying the text," the carmaker said later.');
    expect(q.speaker).toBeNull();
  });

  it('a description it cannot tie to anyone stays null rather than guessing', () => {
    const q = first('Analyst Sam Reed cut his forecast. "We expect a hard year," the world\'s third-largest carmaker said.');
    expect(q.speaker).toBeNull();
  });

  it('the company\'s spokesman speaks for the company; the group\'s president is a person of its own', () => {
    const body = 'Harrow Motors Inc cut its forecast on Tuesday.\n\n"We expect a hard year," the company\'s spokesman said.\n\n'
      + 'The Tanner Group met on Monday.\n\n"Prices will hold," the group\'s president said.';
    expect(extractQuotes(body, []).quotes.map((q) => q.speaker?.name ?? null)).toEqual(['Harrow Motors Inc', null]);
  });

  it('the broadcaster is the outlet the story named by a broadcasting word, never the agency it told', () => {
    const body = '"We are watching the yen," Finance Minister Jane Roe told Reuters.\n\n'
      + 'Nippon Broadcasting System said it would not correct its report.\n\n"We stand by our story," the broadcaster said.';
    expect(extractQuotes(body, []).quotes.map((q) => q.speaker?.name ?? null)).toEqual(['Jane Roe', 'Nippon Broadcasting System']);
  });

  it('the study said: who wrote the study, not a speaker whose sentence ended before it', () => {
    const body = '"We are watching the yen," Finance Minister Jane Roe told Reuters. A study by Harvard University found rising costs.\n\n'
      + '"Prices rose faster than wages," the study said.';
    expect(extractQuotes(body, []).quotes.map((q) => q.speaker?.name ?? null)).toEqual(['Jane Roe', 'Harvard University']);
  });

  it('the report said, again: whom the same description was before', () => {
    const body = 'The report of the Harbour Review Committee was published on Monday.\n\nThe port should be sold, the report said.\n\n'
      + 'Shipping rates rose in the year, according to port figures. Dock workers went on strike twice, it added. '
      + 'Three new cranes were bought in March. Two tugs were sold in May. The harbour master retired in June.\n\n'
      + '"The committee recommends a sale within two years," the report said.';
    expect(extractQuotes(body, []).quotes.map((q) => q.speaker?.name ?? null)).toEqual(['Harbour Review Committee']);
  });
});

describe('a document speaks for the author the story gave it', () => {
  it.each([
    ['An article in Harbour Weekly magazine said the port would close.\n\n"The port will close by June," the article said.', 'Harbour Weekly'],
    ['Kestrel Holdings PLC filed suit against the broker on Monday.\n\nThe suit said the broker "made untrue statements to investors."', 'Kestrel Holdings PLC'],
  ])('%s', (body, name) => {
    expect(first(body).speaker?.name).toBe(name);
  });
});

describe('a run-in head is no speaker', () => {
  it('Veto Power Impedes Peace Efforts: …', () => {
    const q = first('Veto Power Impedes Peace Efforts: Ending "the scourge of war" is one of the oldest goals of the council.');
    expect(q?.speaker ?? null).toBeNull();
  });
});
