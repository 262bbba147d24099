/**
 * Agency credits as they appear in copy, mapped to one canonical name. Keys are lower case
 * with dots, spaces, dashes and slashes removed, so `Itar-Tass`, `ITAR TASS` and `itar-tass`
 * are one key.
 */
const CANONICAL: Record<string, string[]> = {
  AP: ['AP', 'Associated Press', 'The Associated Press'],
  Reuters: ['Reuters', 'Reuter', 'Thomson Reuters'],
  AFP: ['AFP', 'Agence France-Presse', 'Agence France Presse', 'France Presse'],
  ANI: ['ANI', 'Asian News International'],
  PTI: ['PTI', 'Press Trust of India'],
  IANS: ['IANS', 'Indo-Asian News Service', 'Indo Asian News Service'],
  UNI: ['UNI', 'United News of India'],
  Xinhua: ['Xinhua', 'Xinhuanet', 'Xinhua News Agency'],
  TASS: ['TASS', 'Itar-Tass', 'ITAR-TASS'],
  'RIA Novosti': ['RIA Novosti', 'RIA'],
  Interfax: ['Interfax'],
  Sputnik: ['Sputnik'],
  UPI: ['UPI', 'United Press International'],
  dpa: ['dpa', 'Deutsche Presse-Agentur'],
  Kyodo: ['Kyodo', 'Kyodo News'],
  Jiji: ['Jiji', 'Jiji Press'],
  Yonhap: ['Yonhap', 'Yonhap News Agency'],
  KCNA: ['KCNA'],
  Bernama: ['Bernama'],
  EFE: ['EFE'],
  'Europa Press': ['Europa Press'],
  ANSA: ['ANSA'],
  Bloomberg: ['Bloomberg', 'Bloomberg News'],
  PA: ['PA', 'PA Media', 'Press Association'],
  'PR Newswire': ['PR Newswire', 'PRNewswire', 'PRNewswire-FirstCall', 'PRNewswire-USNewswire'],
  'Business Wire': ['Business Wire'],
  GlobeNewswire: ['GlobeNewswire', 'Globe Newswire'],
  Accesswire: ['Accesswire'],
  LETA: ['LETA'],
  STA: ['STA', 'Slovenian Press Agency'],
  AGI: ['AGI'],
  Adnkronos: ['Adnkronos'],
  Pajhwok: ['Pajhwok', 'Pajhwok Afghan News'],
  AAP: ['AAP', 'Australian Associated Press'],
  CP: ['CP', 'Canadian Press', 'The Canadian Press'],
  Anadolu: ['AA', 'Anadolu', 'Anadolu Agency'],
  CNA: ['CNA', 'Central News Agency'],
  Lusa: ['Lusa'],
  'Agencia Brasil': ['Agencia Brasil', 'Agência Brasil'],
  'Prensa Latina': ['Prensa Latina', 'PL'],
  Notimex: ['Notimex'],
  Telam: ['Telam', 'Télam'],
  Andina: ['Andina'],
  Antara: ['Antara'],
  PNA: ['PNA', 'Philippine News Agency'],
  VNA: ['VNA', 'Vietnam News Agency'],
  KPL: ['KPL'],
  TNA: ['TNA'],
  BSS: ['BSS'],
  UNB: ['UNB'],
  APP: ['APP', 'Associated Press of Pakistan'],
  IRNA: ['IRNA'],
  ISNA: ['ISNA'],
  Tasnim: ['Tasnim'],
  Mehr: ['Mehr', 'MNA'],
  Fars: ['Fars'],
  KUNA: ['KUNA'],
  WAM: ['WAM'],
  SPA: ['SPA', 'Saudi Press Agency'],
  QNA: ['QNA'],
  BNA: ['BNA'],
  ONA: ['ONA'],
  MENA: ['MENA'],
  Petra: ['Petra'],
  SANA: ['SANA'],
  NNA: ['NNA'],
  WAFA: ['WAFA'],
  TAP: ['TAP'],
  MAP: ['MAP'],
  APS: ['APS'],
  Azertac: ['Azertac', 'AZERTAC'],
  Trend: ['Trend'],
  APA: ['APA'],
  Armenpress: ['Armenpress'],
  Kazinform: ['Kazinform'],
  Ukrinform: ['Ukrinform'],
  UNIAN: ['UNIAN'],
  BelTA: ['BelTA'],
  PAP: ['PAP'],
  CTK: ['CTK', 'ČTK'],
  MTI: ['MTI'],
  BTA: ['BTA'],
  Agerpres: ['Agerpres'],
  Hina: ['Hina'],
  Tanjug: ['Tanjug'],
  MIA: ['MIA'],
  ANA: ['ANA', 'ANA-MPA', 'AMNA'],
  Belga: ['Belga'],
  ANP: ['ANP'],
  'Keystone-SDA': ['Keystone-SDA', 'SDA', 'ATS'],
  TT: ['TT'],
  NTB: ['NTB'],
  Ritzau: ['Ritzau'],
  STT: ['STT'],
  KNA: ['KNA'],
  NZPA: ['NZPA'],
  GNA: ['GNA', 'Ghana News Agency'],
  NAN: ['NAN', 'News Agency of Nigeria'],
  SAPA: ['SAPA', 'Sapa'],
  ENA: ['ENA'],
  CGTN: ['CGTN'],
  'China News Service': ['China News Service', 'CNS'],
  NHK: ['NHK'],
  AKIpress: ['AKIpress'],
  'Dow Jones': ['Dow Jones', 'Dow Jones Newswires'],
  CNN: ['CNN'],
  BBC: ['BBC'],
};

const keyOf = (credit: string) => credit.toLowerCase().replace(/[\s.\-_/'’]+/g, '').normalize('NFD').replace(/\p{M}/gu, '');

const AGENCIES = new Map<string, string>();
for (const [name, forms] of Object.entries(CANONICAL)) for (const f of forms) AGENCIES.set(keyOf(f), name);

/** The canonical name of an agency credit, or null when the credit is not a known agency. */
export function canonicalAgency(credit: string | null | undefined): string | null {
  if (!credit) return null;
  const trimmed = credit.trim().replace(/^(?:by|via|from|source:?)\s+/i, '').replace(/\s+(?:news\s+agency|agency)$/i, '');
  const whole = AGENCIES.get(keyOf(trimmed)) ?? AGENCIES.get(keyOf(credit));
  if (whole) return whole;
  // `AFP/Getty`, `IANS/WAM`, `Reuters; Editing by …`: the first known part.
  for (const part of trimmed.split(/\s*(?:\/|;|\||&|,|\band\b)\s*/)) {
    const hit = part && AGENCIES.get(keyOf(part));
    if (hit) return hit;
  }
  // `AAP-Reuters`, `dpa-AFX`: two agencies joined by a hyphen, the first known.
  const hyphened = /^([\p{L}]{2,12})-[\p{L}]{2,}/u.exec(trimmed);
  const first1 = hyphened && AGENCIES.get(keyOf(hyphened[1]!));
  if (first1) return first1;
  // `Reuters Breakingviews`, `AFP Photo`: a known agency as the first word.
  const first = /^[\p{L}-]+/u.exec(trimmed)?.[0];
  return first && first.length >= 2 && first !== trimmed ? (AGENCIES.get(keyOf(first)) ?? null) : null;
}

/** Credits that are also region codes (`Harrisburg, PA -`): known in brackets only. */
const BRACKETED_ONLY = new Set(['PA']);

/**
 * The known credits as they may stand bare (no brackets) in a dateline: `SEOUL, Nov 26 AFP -`,
 * and long names also in capitals (`ASTANA. KAZINFORM -`).
 */
export const BARE_CREDITS: readonly string[] = [...new Set(Object.values(CANONICAL).flat().flatMap((f) => (f.length >= 6 && !f.includes(' ') ? [f, f.toUpperCase()] : [f])))]
  .filter((f) => f.length >= 2 && !BRACKETED_ONLY.has(f))
  .sort((a, b) => b.length - a.length);

/**
 * Whether a bracketed word looks like an agency credit we do not know: an acronym, or a name
 * ending in News, Press, Agency and the like.
 */
export function looksLikeCredit(text: string): boolean {
  const t = text.trim();
  if (/^[A-Z][A-Z&-]{1,7}$/.test(t)) return true;
  if (/^[A-Z][\p{L}&.-]*(?:\s+[A-Z][\p{L}&.-]*){0,3}\s+(?:News|Press|Agency|Newswire|Wire|Service|Online|Today|Times|Daily)$/u.test(t)) return true;
  // Any other name of one to four capitalised words (a paper, a site, a wire not listed), with
  // `of`, `the`, `&` between them, that is not a word bracketed for another reason (a label, a
  // party tag such as `D-Tex`: a name starts with two letters).
  // A news site's domain (`bdnews24.com`).
  if (/^[a-z0-9][a-z0-9-]{1,30}(?:\.[a-z0-9-]{2,20})?\.(?:com|net|org|info|news|[a-z]{2})$/i.test(t)) return true;
  return NAME_CREDIT.test(t) && !NOT_CREDITS.test(t);
}

const NAME_CREDIT = /^(?:The\s+)?\p{Lu}\p{L}[\p{L}'’.&-]{0,23}(?:\s+(?:of\s+|the\s+|de\s+|&\s+|and\s+)?\p{Lu}[\p{L}'’.&-]{0,24}){0,3}$/u;
const NOT_CREDITS = /^(?:File|Photos?|Video|Audio|Graphic|Updated?|Corrected|Correction|Refiled?|Repeat|Analysis|Opinion|Live|Watch|Archive|Reuters Photo|Pictures?|Factbox|Explainer|Exclusive|Breaking|Urgent|Flash|Advisory|Embargoed|Sponsored|Advertisement|Editorial|Local|National|World|Sports?|Business|Politics|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)\b/i;

/** The home country of national agencies: a tie-breaker for a dateline city without a region. */
export const AGENCY_HOME: Readonly<Record<string, string>> = {
  ANI: 'IN', PTI: 'IN', IANS: 'IN', UNI: 'IN', Xinhua: 'CN', 'China News Service': 'CN', CGTN: 'CN', TASS: 'RU',
  'RIA Novosti': 'RU', Interfax: 'RU', Sputnik: 'RU', Kyodo: 'JP', Jiji: 'JP', NHK: 'JP', Yonhap: 'KR', KCNA: 'KP',
  Bernama: 'MY', EFE: 'ES', 'Europa Press': 'ES', ANSA: 'IT', AAP: 'AU', CP: 'CA', Anadolu: 'TR', CNA: 'TW', Lusa: 'PT',
  'Agencia Brasil': 'BR', 'Prensa Latina': 'CU', Notimex: 'MX', Telam: 'AR', Andina: 'PE', Antara: 'ID', PNA: 'PH',
  VNA: 'VN', BSS: 'BD', UNB: 'BD', APP: 'PK', IRNA: 'IR', ISNA: 'IR', Tasnim: 'IR', Mehr: 'IR', Fars: 'IR', KUNA: 'KW',
  WAM: 'AE', SPA: 'SA', QNA: 'QA', BNA: 'BH', ONA: 'OM', MENA: 'EG', Petra: 'JO', SANA: 'SY', NNA: 'LB', WAFA: 'PS',
  TAP: 'TN', MAP: 'MA', APS: 'DZ', Azertac: 'AZ', Armenpress: 'AM', Kazinform: 'KZ', Ukrinform: 'UA', UNIAN: 'UA',
  BelTA: 'BY', PAP: 'PL', CTK: 'CZ', MTI: 'HU', BTA: 'BG', Agerpres: 'RO', Hina: 'HR', Tanjug: 'RS', MIA: 'MK',
  ANA: 'GR', Belga: 'BE', ANP: 'NL', 'Keystone-SDA': 'CH', TT: 'SE', NTB: 'NO', Ritzau: 'DK', STT: 'FI', dpa: 'DE',
  KNA: 'KE', NZPA: 'NZ', GNA: 'GH', NAN: 'NG', ENA: 'ET', SAPA: 'ZA',
};
// AP, Reuters, AFP, UPI and Bloomberg file from everywhere: their home is no hint.
