import { describe, expect, it } from 'vitest';
import { parseDatelineText, splitDateline } from '../../../src/normalize/dateline.ts';

const REF = '2021-08-27';

/** Splits a story opening; returns the dateline fields and where the body starts. */
function split(text: string, referenceDate: string | null = REF) {
  const { dateline, bodyStart } = splitDateline(text, { referenceDate });
  return { ...dateline, body: text.slice(bodyStart) };
}

describe('splitDateline: house styles', () => {
  it.each([
    ['AP, em dash', 'WASHINGTON (AP) — Senators agreed on a plan.', { city: 'Washington', country: 'US', agency: 'AP', date: null }, 'Senators'],
    ['AP, underscore and a state abbreviation', 'PORTLAND, Ore. (AP) _ Firefighters held the line.', { city: 'Portland', region: 'Ore.', country: 'US', agency: 'AP' }, 'Firefighters'],
    ['AP, double hyphen', 'NEW YORK (AP) -- Shares edged higher.', { city: 'New York', country: 'US', agency: 'AP' }, 'Shares'],
    ['AP, two-part state abbreviation', 'CHARLESTON, W.Va. (AP) — A bridge reopened.', { city: 'Charleston', region: 'W.Va.', country: 'US' }, 'A bridge'],
    ['Reuters', 'LONDON, Aug 26 (Reuters) - Sterling slipped.', { city: 'London', country: 'GB', date: '2021-08-26', agency: 'Reuters' }, 'Sterling'],
    ['Reuters, bare 1980s style', 'PORTLAND, Ore., Feb 26 - Timber prices fell.', { city: 'Portland', region: 'Ore.', country: 'US', date: '2021-02-26', agency: null }, 'Timber'],
    ['Reuters, weekday instead of a date', 'MOSCOW, Monday (Reuters) - Talks resumed.', { city: 'Moscow', date: '2021-08-23', agency: 'Reuters' }, 'Talks'],
    ['AFP, date with a year', 'PARIS, Aug 26, 2021 (AFP) - Museums reopened.', { city: 'Paris', country: 'FR', date: '2021-08-26', agency: 'AFP' }, 'Museums'],
    ['ANI, region in brackets', 'Moscow [Russia], August 26 (ANI): The Kremlin said.', { city: 'Moscow', region: 'Russia', country: 'RU', date: '2021-08-26', agency: 'ANI' }, 'The Kremlin'],
    ['ANI, state and country', 'Lucknow (Uttar Pradesh) [India], August 26 (ANI): Rain fell.', { city: 'Lucknow', region: 'Uttar Pradesh', country: 'IN', agency: 'ANI' }, 'Rain'],
    ['PTI, no separator', 'NEW DELHI, Aug 26 (PTI) The ministry said.', { city: 'New Delhi', country: 'IN', agency: 'PTI' }, 'The ministry'],
    ['IANS, no separator', 'Chennai, Aug 26 (IANS) Schools shut.', { city: 'Chennai', country: 'IN', agency: 'IANS' }, 'Schools'],
    ['Xinhua', 'BEIJING, Aug. 26 (Xinhua) -- Exports grew.', { city: 'Beijing', country: 'CN', date: '2021-08-26', agency: 'Xinhua' }, 'Exports'],
    ['TASS', 'MOSCOW, August 26. /TASS/. The ministry said.', { city: 'Moscow', date: '2021-08-26', agency: 'TASS' }, 'The ministry'],
    ['UPI, a date with no city', 'June 3 (UPI) -- A storm formed.', { city: null, date: '2021-06-03', agency: 'UPI' }, 'A storm'],
    ['dpa', 'Berlin (dpa) - Trains ran late.', { city: 'Berlin', country: 'DE', agency: 'dpa' }, 'Trains'],
    ['Kyodo', 'TOKYO (Kyodo) -- Prices rose.', { city: 'Tokyo', country: 'JP', agency: 'Kyodo' }, 'Prices'],
    ['Yonhap', 'SEOUL, Aug. 26 (Yonhap) -- Exports rose.', { city: 'Seoul', country: 'KR', agency: 'Yonhap' }, 'Exports'],
    ['Bernama', 'KUALA LUMPUR, Aug 26 (Bernama) -- Palm oil fell.', { city: 'Kuala Lumpur', country: 'MY', agency: 'Bernama' }, 'Palm oil'],
    ['EFE, day first in Spanish', 'Madrid, 26 ago (EFE).- El Gobierno aprobó.', { city: 'Madrid', country: 'ES', date: '2021-08-26', agency: 'EFE' }, 'El Gobierno'],
    ['ANSA, agency first', '(ANSA) - Rome, October 11 - Parliament met.', { city: 'Rome', country: 'IT', date: '2021-10-11', agency: 'ANSA' }, 'Parliament'],
    ['Bloomberg, agency only', '(Bloomberg) -- Oil climbed on Monday - a third day.', { city: null, date: null, agency: 'Bloomberg' }, 'Oil climbed'],
    ['AAP style, bare credit', 'SEOUL, Nov 26 AFP - Talks stalled.', { city: 'Seoul', date: '2021-11-26', agency: 'AFP' }, 'Talks'],
    ['WAM, ordinal day first', 'ABU DHABI, 26th August, 2021 (WAM) -- A forum opened.', { city: 'Abu Dhabi', country: 'AE', date: '2021-08-26', agency: 'WAM' }, 'A forum'],
    ['SPA, bare credit after a comma', 'Riyadh, Aug 26, 2021, SPA -- The council met.', { city: 'Riyadh', country: 'SA', agency: 'SPA' }, 'The council'],
    ['German, day with a full stop', 'Athen, 26. August (dpa) - Die Regierung.', { city: 'Athen', country: 'GR', date: '2021-08-26', agency: 'dpa' }, 'Die'],
    ['Portuguese, de … de', 'Lisboa, 26 de agosto de 2021 (Lusa) - O Governo.', { city: 'Lisboa', country: 'PT', date: '2021-08-26', agency: 'Lusa' }, 'O Governo'],
    ['no credit, capitals and an em dash', 'TORONTO — The bank held rates.', { city: 'Toronto', country: 'CA', agency: null }, 'The bank'],
  ])('%s', (_name, text, want, bodyStart) => {
    const got = split(text);
    expect(got).toMatchObject(want);
    expect(got.body.startsWith(bodyStart)).toBe(true);
  });
});

describe('splitDateline: places', () => {
  it('keeps twin cities whole and resolves them by the first', () => {
    expect(split('DALLAS/FORT WORTH, Texas, March 3 - Fares rose.')).toMatchObject({ city: 'Dallas/Fort Worth', region: 'Texas', country: 'US' });
  });
  it('takes a country given as the region', () => {
    expect(split('BEIRUT, Lebanon (AP) — Power returned.')).toMatchObject({ city: 'Beirut', region: 'Lebanon', country: 'LB' });
  });
  it('lets the region choose between cities of one name', () => {
    expect(split('ALEXANDRIA, Egypt, March 5 - Ships docked.').country).toBe('EG');
    expect(split('ALEXANDRIA, Va., March 5 - Ships docked.').country).toBe('US');
  });
  it('takes the most populous city when no region is given', () => {
    expect(split('PORTLAND (AP) — Rain.').location?.lat).toBeGreaterThan(45);
  });
  it('proper-cases a city in capitals and keeps the region as written', () => {
    expect(split('WINSTON-SALEM, N.C., March 6 - Sales rose.')).toMatchObject({ city: 'Winston-Salem', region: 'N.C.', country: 'US' });
    expect(split("COEUR D'ALENE, Idaho, March 24 - Mines.").city).toBe("Coeur d'Alene");
    expect(split('DAR ES SALAAM, Aug 26 (Xinhua) -- Rain.').city).toBe('Dar es Salaam');
  });
  it('gives a city the gazetteer lacks the country of its region', () => {
    expect(split('ZYXVILLE, Ohio, March 2 - Quiet.')).toMatchObject({ city: 'Zyxville', country: 'US', location: null });
  });
});

describe('splitDateline: case, spacing and glued text', () => {
  it('reads lower case', () => {
    expect(split('moscow, aug 26 (reuters) - talks.')).toMatchObject({ city: 'Moscow', agency: 'Reuters', date: '2021-08-26' });
  });
  it('reads missing spaces', () => {
    const got = split('LONDON,Aug 26(Reuters)-Sterling slipped.');
    expect(got).toMatchObject({ city: 'London', date: '2021-08-26', agency: 'Reuters' });
    expect(got.body).toBe('Sterling slipped.');
  });
  it('reads stray spaces', () => {
    expect(split('LONDON , Aug  26 ( Reuters )  -  Sterling.')).toMatchObject({ city: 'London', agency: 'Reuters' });
  });
  it('cuts a headline glued before a city in capitals', () => {
    const got = split('Senate passes the bill WASHINGTON (AP) — Senators agreed.');
    expect(got).toMatchObject({ city: 'Washington', raw: 'WASHINGTON (AP) —' });
    expect(got.body).toBe('Senators agreed.');
  });
  it('cuts a byline glued before the city', () => {
    expect(split('By Jane Roe WASHINGTON (AP) — Senators agreed.').city).toBe('Washington');
  });
  it('cuts a title-case headline before a known city', () => {
    expect(split('Kremlin Rules Out Talks Moscow, Aug 26 (Reuters) - No.').city).toBe('Moscow');
  });
  it('finds a dateline after a headline line', () => {
    const got = split('Rain closes schools\nCHENNAI, Aug 26 (PTI) Schools shut.');
    expect(got).toMatchObject({ city: 'Chennai', agency: 'PTI' });
    expect(got.body).toBe('Schools shut.');
  });
});

describe('splitDateline: dates and years', () => {
  it('puts Dec. 31 in the previous year for a story of 2 January', () => {
    expect(split('KABUL, Dec. 31 (AP) - Snow.', '2022-01-02').date).toBe('2021-12-31');
  });
  it('puts Jan. 1 in the next year for a story of 31 December', () => {
    expect(split('KABUL, Jan. 1 (AP) - Snow.', '2021-12-31').date).toBe('2022-01-01');
  });
  it('puts March 3 in the past March for a story received in December, never three months ahead', () => {
    expect(split('LONDON, March 3 (Reuters) - Archive.', '2026-12-01').date).toBe('2026-03-03');
  });
  it('crosses into the next year only for a date up to a month after the story', () => {
    expect(split('LONDON, Jan 20 (Reuters) - Advance.', '2026-12-28').date).toBe('2027-01-20');
    expect(split('LONDON, Feb 15 (Reuters) - Archive.', '2026-12-28').date).toBe('2026-02-15');
  });
  it('uses the year the dateline gives', () => {
    expect(split('PARIS, Aug 26, 2019 (AFP) - Old.', '2021-01-01').date).toBe('2019-08-26');
  });
  it('reads day-first dates and ordinal days', () => {
    expect(split('AMSTERDAM, 2 March - Tulips.').date).toBe('2021-03-02');
    expect(split('NEW YORK, March 3rd (Reuters) - Up.').date).toBe('2021-03-03');
  });
  it('leaves the date null without a reference date, and without a date', () => {
    expect(split('LONDON, Aug 26 (Reuters) - Up.', null).date).toBeNull();
    expect(split('LONDON (Reuters) - Up.').date).toBeNull();
  });
});

describe('splitDateline: stories without a dateline', () => {
  it.each([
    'A story with no dateline at all. It just starts.',
    'The president said on Monday - in a speech - that taxes would rise.',
    'Officials met in London on Monday - in private - to talk.',
    'Shares rose (Reuters reported) on Monday.',
    '',
  ])('%j has none and its body is untouched', (text) => {
    expect(splitDateline(text, { referenceDate: REF })).toEqual({ dateline: null, bodyStart: 0 });
  });

  it('parses a 1 MB story in well under a second', () => {
    const big = 'WASHINGTON (AP) — ' + 'word, (and) - more [text] / here: '.repeat(32_000);
    splitDateline('PARIS (AFP) - Warm-up: the gazetteer loads once.', { referenceDate: REF });
    const t = performance.now();
    expect(splitDateline(big, { referenceDate: REF }).dateline?.city).toBe('Washington');
    const junk = '(((((((([[[[[[ , , , - - - '.repeat(40_000);
    splitDateline(junk, { referenceDate: REF });
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

describe('parseDatelineText (a dateline given as metadata)', () => {
  it('reads a place and date with no separator', () => {
    expect(parseDatelineText('WASHINGTON, Aug. 26', { referenceDate: REF })).toMatchObject({ city: 'Washington', date: '2021-08-26', country: 'US' });
    expect(parseDatelineText('Moscow [Russia]', { referenceDate: REF })).toMatchObject({ city: 'Moscow', region: 'Russia' });
  });
  it('returns null for nothing', () => {
    expect(parseDatelineText('  ', { referenceDate: REF })).toBeNull();
  });
});

describe('splitDateline: text that only looks like a dateline', () => {
  it.each([
    'NOTE: Prior year net includes a gain.',
    'For the March 1-20 period, sales fell.',
    '(GCC) officials met in Riyadh.',
    'June 15-July 15 shipments were offered.',
    'Caterpillar Inc <CAT> - Shelf offering of debt.',
    'said the Press\nTrust of India (PTI) news agency said.',
    'pct bonds due July 1, 1990,\n- 8 pct bonds',
  ])('%j has no dateline', (text) => {
    expect(splitDateline(text, { referenceDate: REF }).dateline).toBeNull();
  });
  it('reads a known city in capitals alone on the first line', () => {
    expect(split('ANKARA\n\nTurkey said on Monday.')).toMatchObject({ city: 'Ankara', country: 'TR', body: 'Turkey said on Monday.' });
    expect(splitDateline('BREAKING NEWS\nMarkets fell.', { referenceDate: REF }).dateline).toBeNull();
  });
});

describe('splitDateline: credits in other places', () => {
  it('takes a credit right after the separator into the dateline (ANSA)', () => {
    expect(split('ROME, AUG 26 - (ANSA) - Parliament met.')).toMatchObject({ city: 'Rome', agency: 'ANSA', body: 'Parliament met.' });
  });
  it('reads a bare credit closed by a full stop after a date (AZERTAC)', () => {
    expect(split('Baku, August 26, AZERTAC. The ministry said.')).toMatchObject({ city: 'Baku', country: 'AZ', agency: 'Azertac', body: 'The ministry said.' });
  });
  it('does not read a credit at the start of a hard-wrapped line as a dateline', () => {
    expect(splitDateline('"We will wait," he told\nReuters. He added more.', { referenceDate: REF }).dateline).toBeNull();
  });
  it('gives a global agency’s dateline the biggest city of the name', () => {
    expect(split('WASHINGTON, Aug 26 (Reuters) - Talks.').country).toBe('US');
  });
});

describe('splitDateline: colon datelines (South Asian web copy)', () => {
  it('reads a city in capitals before a colon, and a big city in title case opening the text', () => {
    expect(split('ISLAMABAD: Talks resumed.')).toMatchObject({ city: 'Islamabad', country: 'PK', body: 'Talks resumed.' });
    expect(split('New Delhi: The ministry said.')).toMatchObject({ city: 'New Delhi', body: 'The ministry said.' });
  });
  it('leaves other words before a colon alone', () => {
    expect(splitDateline('Note: prices are provisional.', { referenceDate: REF }).dateline).toBeNull();
  });
});
