/**
 * Our own alias table, on top of the GeoNames and ISO data: the names wire copy uses that the
 * data packages spell differently or not at all. Keys are matched through `placeKey` (case,
 * accents, dots and apostrophes do not matter).
 */

/** Regions as datelines write them → `CC` (a country) or `CC.ADMIN1` (a GeoNames division). */
export const REGION_ALIASES: Record<string, { code: string; name: string }> = {};

const US_STATES: [string, string, string[]][] = [
  ['AL', 'Alabama', ['Ala.']], ['AK', 'Alaska', []], ['AZ', 'Arizona', ['Ariz.']], ['AR', 'Arkansas', ['Ark.']],
  ['CA', 'California', ['Calif.', 'Cal.']], ['CO', 'Colorado', ['Colo.']], ['CT', 'Connecticut', ['Conn.']],
  ['DE', 'Delaware', ['Del.']], ['DC', 'District of Columbia', ['D.C.', 'Washington D.C.']], ['FL', 'Florida', ['Fla.']],
  ['GA', 'Georgia', ['Ga.']], ['HI', 'Hawaii', []], ['ID', 'Idaho', []], ['IL', 'Illinois', ['Ill.']],
  ['IN', 'Indiana', ['Ind.']], ['IA', 'Iowa', []], ['KS', 'Kansas', ['Kan.', 'Kans.']], ['KY', 'Kentucky', ['Ky.']],
  ['LA', 'Louisiana', ['La.']], ['ME', 'Maine', []], ['MD', 'Maryland', ['Md.']], ['MA', 'Massachusetts', ['Mass.']],
  ['MI', 'Michigan', ['Mich.']], ['MN', 'Minnesota', ['Minn.']], ['MS', 'Mississippi', ['Miss.']],
  ['MO', 'Missouri', ['Mo.']], ['MT', 'Montana', ['Mont.']], ['NE', 'Nebraska', ['Neb.', 'Nebr.']],
  ['NV', 'Nevada', ['Nev.']], ['NH', 'New Hampshire', ['N.H.']], ['NJ', 'New Jersey', ['N.J.']],
  ['NM', 'New Mexico', ['N.M.', 'N.Mex.']], ['NY', 'New York', ['N.Y.']], ['NC', 'North Carolina', ['N.C.']],
  ['ND', 'North Dakota', ['N.D.', 'N.Dak.']], ['OH', 'Ohio', []], ['OK', 'Oklahoma', ['Okla.']],
  ['OR', 'Oregon', ['Ore.', 'Oreg.']], ['PA', 'Pennsylvania', ['Pa.', 'Penn.']], ['RI', 'Rhode Island', ['R.I.']],
  ['SC', 'South Carolina', ['S.C.']], ['SD', 'South Dakota', ['S.D.', 'S.Dak.']], ['TN', 'Tennessee', ['Tenn.']],
  ['TX', 'Texas', ['Tex.']], ['UT', 'Utah', []], ['VT', 'Vermont', ['Vt.']], ['VA', 'Virginia', ['Va.']],
  ['WA', 'Washington', ['Wash.', 'Washington State']], ['WV', 'West Virginia', ['W.Va.', 'W.V.']],
  ['WI', 'Wisconsin', ['Wis.', 'Wisc.']], ['WY', 'Wyoming', ['Wyo.']],
];
for (const [code, name, abbrevs] of US_STATES) {
  for (const a of [code, name, ...abbrevs]) REGION_ALIASES[a] = { code: `US.${code}`, name };
}

// Canadian provinces (GeoNames admin1 codes), with the Canadian Press abbreviations.
const CA_PROVINCES: [string, string, string[]][] = [
  ['01', 'Alberta', ['Alta.']], ['02', 'British Columbia', ['B.C.']], ['03', 'Manitoba', ['Man.']],
  ['04', 'New Brunswick', ['N.B.']], ['05', 'Newfoundland and Labrador', ['Newfoundland', 'Nfld.', 'N.L.']],
  ['07', 'Nova Scotia', ['N.S.']], ['08', 'Ontario', ['Ont.']], ['09', 'Prince Edward Island', ['P.E.I.']],
  ['10', 'Quebec', ['Que.', 'Québec']], ['11', 'Saskatchewan', ['Sask.']], ['12', 'Yukon', []],
  ['13', 'Northwest Territories', ['N.W.T.']], ['14', 'Nunavut', []],
];
for (const [code, name, abbrevs] of CA_PROVINCES) {
  for (const a of [name, ...abbrevs]) REGION_ALIASES[a] = { code: `CA.${code}`, name };
}

// Australian states and the usual short forms.
const AU_STATES: [string, string, string[]][] = [
  ['02', 'New South Wales', ['NSW']], ['07', 'Victoria', ['Vic.']], ['04', 'Queensland', ['Qld.']],
  ['08', 'Western Australia', ['W.A.']], ['05', 'South Australia', ['S.A.']], ['06', 'Tasmania', ['Tas.']],
  ['01', 'Australian Capital Territory', ['ACT']], ['03', 'Northern Territory', ['NT']],
];
for (const [code, name, abbrevs] of AU_STATES) {
  for (const a of [name, ...abbrevs]) REGION_ALIASES[a] = { code: `AU.${code}`, name };
}

// Indian states and territories as copy spells them (GeoNames names most already).
Object.assign(REGION_ALIASES, {
  'J&K': { code: 'IN.12', name: 'Jammu and Kashmir' },
  'Jammu & Kashmir': { code: 'IN.12', name: 'Jammu and Kashmir' },
  'Jammu-Kashmir': { code: 'IN.12', name: 'Jammu and Kashmir' },
  UP: { code: 'IN.36', name: 'Uttar Pradesh' },
  Orissa: { code: 'IN.21', name: 'Odisha' },
  Pondicherry: { code: 'IN.22', name: 'Puducherry' },
  Uttaranchal: { code: 'IN.39', name: 'Uttarakhand' },
  'Andaman and Nicobar Islands': { code: 'IN.01', name: 'Andaman and Nicobar' },
  'Andaman & Nicobar Islands': { code: 'IN.01', name: 'Andaman and Nicobar' },
  'National Capital Territory': { code: 'IN.07', name: 'Delhi' },
  NCR: { code: 'IN.07', name: 'Delhi' },
  Scotland: { code: 'GB.SCT', name: 'Scotland' },
  Wales: { code: 'GB.WLS', name: 'Wales' },
  England: { code: 'GB.ENG', name: 'England' },
  'Northern Ireland': { code: 'GB.NIR', name: 'Northern Ireland' },
});

/** Country names the ISO lists lack: short forms and former names of countries that still exist. */
export const COUNTRY_ALIASES: Record<string, string> = {
  'U.S.': 'US', 'U.S.A.': 'US', America: 'US', 'United States': 'US',
  'U.K.': 'GB', Britain: 'GB', 'Great Britain': 'GB',
  Holland: 'NL', Netherlands: 'NL', Burma: 'MM', 'Ivory Coast': 'CI', Zaire: 'CD', 'DR Congo': 'CD', DRC: 'CD',
  'Democratic Republic of Congo': 'CD', 'Republic of Congo': 'CG', Ceylon: 'LK', Siam: 'TH', Persia: 'IR',
  Macedonia: 'MK', Swaziland: 'SZ', 'East Timor': 'TL',
  'Cape Verde': 'CV', Kosovo: 'XK', Palestine: 'PS', 'Palestinian Territories': 'PS', 'West Bank': 'PS',
  'Gaza Strip': 'PS', UAE: 'AE', 'U.A.E.': 'AE', Emirates: 'AE', 'South Korea': 'KR', 'North Korea': 'KP',
  Korea: 'KR', Vatican: 'VA', 'Vatican City': 'VA', Laos: 'LA', Syria: 'SY', Iran: 'IR', Russia: 'RU',
  Taiwan: 'TW', Vietnam: 'VN', Bolivia: 'BO', Venezuela: 'VE', Tanzania: 'TZ', Moldova: 'MD', Brunei: 'BN',
  Turkey: 'TR', Czechia: 'CZ', 'Czech Republic': 'CZ', Philippines: 'PH', 'Hong Kong': 'HK', Macao: 'MO',
  'Bosnia': 'BA', 'Herzegovina': 'BA', 'Trinidad': 'TT', 'St Lucia': 'LC', 'Saudi': 'SA',
};
/**
 * States that no longer exist: they resolve to themselves (no country code, no position), never to
 * one of their successors with its capital. The successors (present ISO codes) only narrow a
 * dateline's city (`MOSCOW, USSR` is the Moscow in Russia).
 */
export const HISTORICAL_STATES: Record<string, { name: string; successors: string[] }> = {};
const FORMER_STATES: [string, string[], string[]][] = [
  ['Soviet Union', ['USSR', 'U.S.S.R.', 'Union of Soviet Socialist Republics', 'Soviet Russia'],
    ['RU', 'UA', 'BY', 'MD', 'LT', 'LV', 'EE', 'GE', 'AM', 'AZ', 'KZ', 'UZ', 'TM', 'KG', 'TJ']],
  ['Yugoslavia', ['Socialist Federal Republic of Yugoslavia', 'Federal Republic of Yugoslavia', 'Serbia and Montenegro'],
    ['RS', 'ME', 'HR', 'SI', 'BA', 'MK', 'XK']],
  ['Czechoslovakia', [], ['CZ', 'SK']],
  ['East Germany', ['German Democratic Republic', 'GDR', 'DDR'], ['DE']],
  ['West Germany', [], ['DE']],
  ['Ottoman Empire', [], ['TR']],
  ['Austria-Hungary', ['Austro-Hungarian Empire'], ['AT', 'HU']],
  ['South Vietnam', [], ['VN']],
  ['North Vietnam', [], ['VN']],
  ['South Yemen', [], ['YE']],
  ['North Yemen', [], ['YE']],
  ['Rhodesia', [], ['ZW']],
  ['Netherlands Antilles', [], ['CW', 'SX', 'BQ']],
];
for (const [name, aliases, successors] of FORMER_STATES) {
  for (const a of [name, ...aliases]) HISTORICAL_STATES[a] = { name, successors };
}

// `Kosovo` has no ISO 3166-1 code; XK is the one the EU and most data sets use.

/** City names in copy → the GeoNames city they mean (exonyms, former names, short forms). */
export const CITY_ALIASES: Record<string, { name: string; country: string }> = {
  'New York': { name: 'New York City', country: 'US' },
  'Nueva York': { name: 'New York City', country: 'US' },
  Washington: { name: 'Washington, D.C.', country: 'US' },
  'Washington D.C.': { name: 'Washington, D.C.', country: 'US' },
  Londres: { name: 'London', country: 'GB' },
  Londra: { name: 'London', country: 'GB' },
  Moskau: { name: 'Moscow', country: 'RU' },
  Moscou: { name: 'Moscow', country: 'RU' },
  'Moscú': { name: 'Moscow', country: 'RU' },
  Moskva: { name: 'Moscow', country: 'RU' },
  Peking: { name: 'Beijing', country: 'CN' },
  'Pékin': { name: 'Beijing', country: 'CN' },
  'Pekín': { name: 'Beijing', country: 'CN' },
  Canton: { name: 'Guangzhou', country: 'CN' },
  Bombay: { name: 'Mumbai', country: 'IN' },
  Calcutta: { name: 'Kolkata', country: 'IN' },
  Madras: { name: 'Chennai', country: 'IN' },
  Bangalore: { name: 'Bengaluru', country: 'IN' },
  Gurugram: { name: 'Gurgaon', country: 'IN' },
  Kochi: { name: 'Cochin', country: 'IN' },
  Trivandrum: { name: 'Thiruvananthapuram', country: 'IN' },
  Pondicherry: { name: 'Puducherry', country: 'IN' },
  Prayagraj: { name: 'Allahabad', country: 'IN' },
  Baroda: { name: 'Vadodara', country: 'IN' },
  Mysuru: { name: 'Mysore', country: 'IN' },
  Calicut: { name: 'Kozhikode', country: 'IN' },
  Mangaluru: { name: 'Mangalore', country: 'IN' },
  Bhubaneswar: { name: 'Bhubaneshwar', country: 'IN' },
  Odesa: { name: 'Odessa', country: 'UA' },
  Ulaanbaatar: { name: 'Ulan Bator', country: 'MN' },
  Venezia: { name: 'Venice', country: 'IT' },
  Astana: { name: 'Astana', country: 'KZ' },
  'Nueva Delhi': { name: 'New Delhi', country: 'IN' },
  'Neu-Delhi': { name: 'New Delhi', country: 'IN' },
  Saigon: { name: 'Ho Chi Minh City', country: 'VN' },
  Rangoon: { name: 'Yangon', country: 'MM' },
  Leningrad: { name: 'Saint Petersburg', country: 'RU' },
  Kiev: { name: 'Kyiv', country: 'UA' },
  Kiew: { name: 'Kyiv', country: 'UA' },
  Geneva: { name: 'Genève', country: 'CH' },
  Genf: { name: 'Genève', country: 'CH' },
  Ginebra: { name: 'Genève', country: 'CH' },
  Cologne: { name: 'Köln', country: 'DE' },
  'München': { name: 'Munich', country: 'DE' },
  Lisboa: { name: 'Lisbon', country: 'PT' },
  Lissabon: { name: 'Lisbon', country: 'PT' },
  Athen: { name: 'Athens', country: 'GR' },
  Atenas: { name: 'Athens', country: 'GR' },
  'El Cairo': { name: 'Cairo', country: 'EG' },
  Kairo: { name: 'Cairo', country: 'EG' },
  'Le Caire': { name: 'Cairo', country: 'EG' },
  Montevideu: { name: 'Montevideo', country: 'UY' },
  Roma: { name: 'Rome', country: 'IT' },
  Rom: { name: 'Rome', country: 'IT' },
  Praha: { name: 'Prague', country: 'CZ' },
  Prag: { name: 'Prague', country: 'CZ' },
  Wien: { name: 'Vienna', country: 'AT' },
  Viena: { name: 'Vienna', country: 'AT' },
  Vienne: { name: 'Vienna', country: 'AT' },
  Varsovia: { name: 'Warsaw', country: 'PL' },
  Warschau: { name: 'Warsaw', country: 'PL' },
  Bruselas: { name: 'Brussels', country: 'BE' },
  'Brüssel': { name: 'Brussels', country: 'BE' },
  Bruxelles: { name: 'Brussels', country: 'BE' },
  Pequim: { name: 'Beijing', country: 'CN' },
  'Tóquio': { name: 'Tokyo', country: 'JP' },
  Tokio: { name: 'Tokyo', country: 'JP' },
  'Nova Iorque': { name: 'New York City', country: 'US' },
  Washingon: { name: 'Washington, D.C.', country: 'US' },
  'Den Haag': { name: 'The Hague', country: 'NL' },
  Hague: { name: 'The Hague', country: 'NL' },
  Kuwait: { name: 'Kuwait City', country: 'KW' },
  Mexico: { name: 'Mexico City', country: 'MX' },
  'Ciudad de Mexico': { name: 'Mexico City', country: 'MX' },
  Panama: { name: 'Panamá', country: 'PA' },
  Guatemala: { name: 'Guatemala City', country: 'GT' },
  Beirut: { name: 'Beirut', country: 'LB' },
  'Gaza City': { name: 'Gaza', country: 'PS' },
  'Al-Quds': { name: 'Jerusalem', country: 'IL' },
  Jakarta: { name: 'Jakarta', country: 'ID' },
  Macau: { name: 'Macau', country: 'MO' },
  'Frankfurt am Main': { name: 'Frankfurt am Main', country: 'DE' },
  Frankfurt: { name: 'Frankfurt am Main', country: 'DE' },
  Mecca: { name: 'Makkah al Mukarramah', country: 'SA' },
  Makkah: { name: 'Makkah al Mukarramah', country: 'SA' },
};
