import { describe, expect, it } from 'vitest';
import { canonicalAgency } from '../../../src/normalize/agencies.ts';
import { countryOf, findPlace, resolveCity } from '../../../src/normalize/places.ts';

describe('findPlace', () => {
  it('finds countries by ISO name, short name and our aliases', () => {
    expect(findPlace('Afghanistan')).toMatchObject({ country: 'AF', kind: 'country' });
    expect(findPlace('U.S.')).toMatchObject({ country: 'US', kind: 'country' });
    expect(findPlace('Britain')).toMatchObject({ country: 'GB', kind: 'country' });
    expect(findPlace('Burma')).toMatchObject({ country: 'MM', kind: 'country' });
  });
  it('puts a country at its geographic centre, not at its capital', () => {
    const russia = findPlace('Russia')!.location!;
    expect(russia.lon).toBeGreaterThan(80); // Moscow is at 37.6 E
    const us = findPlace('United States')!.location!;
    expect(us.lon).toBeCloseTo(-97, 0); // Washington is at -77
    expect(findPlace('Afghanistan')!.location!.lat).toBeCloseTo(33, 0); // Kabul is at 34.5 N
  });
  it('resolves a state that no longer exists to itself: no country, no position', () => {
    for (const [written, name] of [
      ['Soviet Union', 'Soviet Union'], ['USSR', 'Soviet Union'], ['Yugoslavia', 'Yugoslavia'],
      ['Czechoslovakia', 'Czechoslovakia'], ['East Germany', 'East Germany'], ['the Soviet Union', 'Soviet Union'],
    ]) expect(findPlace(written!)).toEqual({ name, country: null, location: null, kind: 'historical' });
    expect(findPlace('Germany')).toMatchObject({ country: 'DE', kind: 'country' });
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
    expect(countryOf('USSR')).toBeNull();
  });
  it('narrows a dateline city by a former state to the successor it lies in', () => {
    expect(resolveCity('Moscow', 'USSR')).toMatchObject({ country: 'RU' });
    expect(resolveCity('Zagreb', 'Yugoslavia')).toMatchObject({ country: 'HR' });
    expect(resolveCity('Bratislava', 'Czechoslovakia')).toMatchObject({ country: 'SK' });
    expect(resolveCity('Nowheresk', 'USSR')).toBeNull();
  });
});

describe('canonicalAgency', () => {
  it.each([
    ['Itar-Tass', 'TASS'], ['Reuter', 'Reuters'], ['Xinhuanet', 'Xinhua'], ['Associated Press', 'AP'],
    ['Agence France-Presse', 'AFP'], ['AFP/Getty', 'AFP'], ['Jiji Press', 'Jiji'], ['Press Trust of India', 'PTI'],
  ])('%s → %s', (credit, want) => expect(canonicalAgency(credit)).toBe(want));
  it('returns null for an unknown credit', () => expect(canonicalAgency('Gazette of Nowhere')).toBeNull());
});
