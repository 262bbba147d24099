import { describe, expect, it } from 'vitest';
import { canonicalAgency } from '../../../src/normalize/agencies.ts';
import { countryOf, findPlace, resolveCity } from '../../../src/normalize/places.ts';

describe('findPlace', () => {
  it('finds countries by ISO name, short name and our aliases', () => {
    expect(findPlace('Afghanistan')).toMatchObject({ country: 'AF', kind: 'country' });
    expect(findPlace('U.S.')).toMatchObject({ country: 'US', kind: 'country' });
    expect(findPlace('Britain')).toMatchObject({ country: 'GB', kind: 'country' });
    expect(findPlace('Burma')).toMatchObject({ country: 'MM', kind: 'country' });
    expect(findPlace('Soviet Union')).toMatchObject({ kind: 'country' });
  });
  it('finds cities, with their position', () => {
    const kabul = findPlace('Kabul');
    expect(kabul).toMatchObject({ name: 'Kabul', country: 'AF', kind: 'city' });
    expect(kabul?.location?.lat).toBeCloseTo(34.5, 0);
  });
  it('maps exonyms and former names to the city', () => {
    expect(findPlace('Bombay')).toMatchObject({ name: 'Mumbai', country: 'IN' });
    expect(findPlace('Londres')).toMatchObject({ name: 'London', country: 'GB' });
  });
  it('finds states and provinces', () => {
    expect(findPlace('Panjshir')).toMatchObject({ country: 'AF' });
    expect(findPlace('Uttar Pradesh')).toMatchObject({ country: 'IN', kind: 'region' });
  });
  it('breaks ties with the country hint', () => {
    expect(findPlace('Hyderabad')?.country).toBe('IN');
    expect(findPlace('Hyderabad', { countryHint: 'PK' })?.country).toBe('PK');
  });
  it('returns null for what it does not know', () => {
    expect(findPlace('Qwertyland')).toBeNull();
    expect(findPlace('')).toBeNull();
  });
});

describe('resolveCity and countryOf', () => {
  it('narrows by a state abbreviation', () => {
    expect(resolveCity('Portland', 'Maine')?.location?.lon).toBeCloseTo(-70.3, 0);
    expect(resolveCity('Portland', 'Ore.')?.location?.lon).toBeCloseTo(-122.7, 0);
  });
  it('reads a country as a region', () => {
    expect(countryOf('the Netherlands')?.country).toBe('NL');
    expect(countryOf('Ivory Coast')?.country).toBe('CI');
    expect(countryOf('Ohio')).toBeNull();
  });
});

describe('canonicalAgency', () => {
  it.each([
    ['Itar-Tass', 'TASS'], ['Reuter', 'Reuters'], ['Xinhuanet', 'Xinhua'], ['Associated Press', 'AP'],
    ['Agence France-Presse', 'AFP'], ['AFP/Getty', 'AFP'], ['Jiji Press', 'Jiji'], ['Press Trust of India', 'PTI'],
  ])('%s → %s', (credit, want) => expect(canonicalAgency(credit)).toBe(want));
  it('returns null for an unknown credit', () => expect(canonicalAgency('Gazette of Nowhere')).toBeNull());
});
