import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../../src/extract/quotes/index.ts';

const quotesOf = (body: string) => extractQuotes(body, []).quotes;
const names = (body: string) => quotesOf(body).map((q) => q.speaker?.name ?? null);

describe('pronouns', () => {
  it('he → the most recent male speaker', () => {
    expect(names('Foreign Minister Sergio Valdés arrived on Monday.\n\n"The door is open," he said.')).toEqual(['Sergio Valdés']);
  });

  it('she skips a more recent man', () => {
    const body = 'Senator Maria Olsen questioned Attorney General Peter Crane for three hours.\n\n"These answers are not good enough," she said.';
    expect(names(body)).toEqual(['Maria Olsen']);
  });

  it('learns gender from titles and from pronouns used earlier', () => {
    const body = 'Dr. Kemi Adeyemi leads the study. She said the trial would last a year. Health official Tom Reyes praised the work.\n\n"We have waited a long time for this," she said.';
    expect(names(body)).toEqual(['Kemi Adeyemi']);
  });

  it('`"…," he added` after a named quote keeps the name', () => {
    const body = '"We will not retreat," said General Ivo Marek. "Our lines are holding," he added.';
    expect(names(body)).toEqual(['Ivo Marek', 'Ivo Marek']);
  });

  it('they → an organisation, it → an organisation', () => {
    const body = 'The Central Bank of Norland raised rates again.\n\n"Inflation remains far too high," it said in a statement.';
    const q = quotesOf(body)[0]!;
    expect(q.speaker).toMatchObject({ name: 'Central Bank of Norland', type: 'organization' });
  });

  it('a pronoun with no one to point to stays null', () => {
    expect(names('"We are ready for anything that comes," he said.')).toEqual([null]);
  });

  it('he after several unnamed sources is not one of them: the man named before them', () => {
    const body = 'Finance Minister Ivo Marek defended the budget on Tuesday. Tax cuts were smaller than expected, analysts said.\n\n'
      + 'The decision "was the right balance, economically and politically," he said.';
    expect(names(body)).toEqual(['Ivo Marek']);
  });

  it('he replied after someone unnamed asked a person: the person asked', () => {
    const body = 'Senator Lena Ortiz toured the plant on Friday.\n\nA reporter asked Senator Tom Baird how he was feeling. He replied: "Better than I have in years, thank you."';
    expect(names(body)).toEqual(['Tom Baird']);
  });

  it('she after an unnamed man who spoke is not that man: the woman named before him', () => {
    const body = 'Retired teacher Ruth Calloway, 71, has known the governor for decades.\n\n'
      + 'What upset her most, she said, was a town hall last week, when a young man asked the governor why voters distrusted her. "I was furious about that," she said.';
    expect(names(body)).toEqual(['Ruth Calloway']);
  });

  it('verbs of condemning are verbs of saying (denounced, decried, assailed, lambasted)', () => {
    expect(names('Governor Alma Reyes angrily denounced the reports as "a despicable fiction."')).toEqual(['Alma Reyes']);
    expect(names('Mayor Joel Hart decried the cuts as "a betrayal of every family in this city."')).toEqual(['Joel Hart']);
  });

  it('a quote continuing in the next paragraph keeps its speaker', () => {
    const body = '"Prices will keep rising through the winter," said economist Rosa Lindqvist.\n\n"Households should prepare for that."';
    expect(names(body)).toEqual(['Rosa Lindqvist', 'Rosa Lindqvist']);
  });

  it('a person called by a first name alone has that name\'s gender: `he` is not Melanie', async () => {
    const { enrich } = await import('../../../src/pipeline.ts');
    const body = 'DENVER (Wire) - Senator Tom Hale drew a crowd of 3,000 to the fairground on Saturday.\n\n'
      + '"We will win this state," Hale told the crowd.\n\n'
      + 'Melanie, a nurse, stood near the stage with her husband as the crowd cheered.\n\n'
      + '"I never thought I would see this," Melanie said.\n\n'
      + '"This is the best crowd of the whole tour," he said as the music began.';
    const d = enrich({ content: body }, { now: () => new Date('2026-03-09T12:00:00Z') });
    expect(d.quotes.map((q) => q.speaker?.name ?? null)).toEqual(['Tom Hale', 'Melanie', 'Tom Hale']);
  });
});

describe('X quoted Y as saying', () => {
  it('Y is the speaker, not whoever quoted', () => {
    const body = 'Harbour Motors said it would sell its stake in Norvik.\n\nThe Harbour statement quoted Norvik chairman Lars Dahl as saying, "We welcome the new owners."';
    expect(names(body)).toEqual(['Lars Dahl']);
  });

  it('in the passive, the subject is the speaker and the quoter carried the words', () => {
    const body = 'Oil Minister Ali Khalifa spoke on Sunday.\n\nAli Khalifa was quoted by the daily Al Qabas as saying: "None of the members has asked for a meeting."';
    expect(names(body)).toEqual(['Ali Khalifa']);
  });
});

describe('via: the outlet that carried the words', () => {
  it('reported Tass', () => {
    const q = quotesOf('"The talks were useful," said Foreign Minister Pavel Orlov, reported Tass.')[0]!;
    expect(q).toMatchObject({ speaker: { name: 'Pavel Orlov' }, via: 'Tass' });
  });

  it('told AFP', () => {
    const q = quotesOf('"We need more water and more doctors," aid worker Lina Saad told AFP.')[0]!;
    expect(q).toMatchObject({ speaker: { name: 'Lina Saad' }, via: 'AFP' });
  });

  it('according to a statement carried by Xinhua', () => {
    const body = 'Premier Li Wen spoke at the forum. "Openness is our choice," he said, according to a statement carried by Xinhua.';
    const q = quotesOf(body)[0]!;
    expect(q).toMatchObject({ speaker: { name: 'Li Wen' }, via: 'Xinhua' });
  });

  it('carried by state news agency KCNA: words that say the name is an outlet, and agencies the lists know', () => {
    const described = quotesOf('Defence Minister Ri Chol spoke on Monday. "The tests were a success," he said in a statement carried by state news agency KCNA.')[0]!;
    expect(described).toMatchObject({ speaker: { name: 'Ri Chol' }, via: 'KCNA' });
    const known = quotesOf('Defence Minister Ri Chol spoke on Monday. "The tests were a success," he said in a statement carried by KCNA.')[0]!;
    expect(known).toMatchObject({ speaker: { name: 'Ri Chol' }, via: 'KCNA' });
  });
});

describe('a person named after a possessive and a role', () => {
  it('said Doe\'s spokesperson, John Roe: the spokesperson, not no one', () => {
    expect(names('Senator Jane Doe opposed the bill. "It is a giveaway," said Doe\'s spokesperson, John Roe.')).toEqual(['John Roe']);
  });
});

describe('organisations speak', () => {
  it('the ministry said → the ministry named earlier', () => {
    const body = 'The Ministry of Health of Valdoria confirmed two new cases.\n\n"There is no reason for alarm," the ministry said.';
    expect(quotesOf(body)[0]!.speaker).toMatchObject({ name: 'Ministry of Health of Valdoria', type: 'organization' });
  });

  it('The Post wrote → The Daily Post', () => {
    const body = 'The Daily Post published the letters on Sunday.\n\n"The minister knew in March," The Post wrote.';
    expect(quotesOf(body)[0]!.speaker).toMatchObject({ name: 'Daily Post', type: 'organization' });
  });

  it('a spokesman for an organisation speaks for it, with the description as title', () => {
    const body = '"We are reviewing the ruling," a spokesman for Harbor Shipping Corp said.';
    expect(quotesOf(body)[0]!.speaker).toEqual({ name: 'Harbor Shipping Corp', title: 'a spokesman for Harbor Shipping Corp', type: 'organization' });
  });

  it('the company said → the company', () => {
    const body = 'Brightline Foods Inc cut its forecast on Tuesday.\n\n"Demand weakened in the fourth quarter," the company said.';
    expect(quotesOf(body)[0]!.speaker).toMatchObject({ name: 'Brightline Foods Inc', type: 'organization' });
  });
});

describe('a pronoun that opens its paragraph', () => {
  it('is the last speaker of that gender, not a person named in passing since', () => {
    const body = 'Mayor Tom Kerr said: "The budget is balanced." Joe Park, his rival, was not there.\n\n"We will not raise taxes," he said.';
    expect(extractQuotes(body, []).quotes[1]!.speaker?.name).toBe('Tom Kerr');
  });
});

describe('a weak verb inside a reported clause', () => {
  it('is no unnamed speaker that takes the next pronoun', () => {
    const body = 'Anna Berg, a developer, said the examples that critics point to were wrong.\n\n"It is hard to convince them what it looked like before," she said.';
    expect(extractQuotes(body, []).quotes[0]!.speaker?.name).toBe('Anna Berg');
  });
});
