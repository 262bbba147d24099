import { francAll } from 'franc-min';

/**
 * The language of a story's text, as an ISO 639-1 code (`en`), by trigram statistics
 * (franc-min). `und` when the text is too short, mostly figures, or two languages score too close
 * to call.
 */

// ISO 639-3 (what franc answers) → ISO 639-1, for the languages franc-min knows that have one.
const TO_639_1: Record<string, string> = {
  eng: 'en', spa: 'es', por: 'pt', fra: 'fr', deu: 'de', ita: 'it', nld: 'nl', rus: 'ru', ukr: 'uk', pol: 'pl',
  ces: 'cs', slk: 'sk', hun: 'hu', ron: 'ro', bul: 'bg', hrv: 'hr', srp: 'sr', bos: 'bs', slv: 'sl', ell: 'el',
  tur: 'tr', arb: 'ar', ara: 'ar', pes: 'fa', fas: 'fa', urd: 'ur', hin: 'hi', ben: 'bn', pan: 'pa', guj: 'gu',
  mar: 'mr', tam: 'ta', tel: 'te', kan: 'kn', mal: 'ml', npi: 'ne', sin: 'si', cmn: 'zh', zho: 'zh', jpn: 'ja',
  kor: 'ko', vie: 'vi', tha: 'th', ind: 'id', zlm: 'ms', msa: 'ms', tgl: 'tl', swh: 'sw', swa: 'sw', hau: 'ha',
  yor: 'yo', ibo: 'ig', amh: 'am', som: 'so', uzn: 'uz', uzb: 'uz', kaz: 'kk', aze: 'az', azj: 'az', kat: 'ka',
  hye: 'hy', heb: 'he', swe: 'sv', dan: 'da', nob: 'nb', nor: 'no', fin: 'fi', est: 'et', lit: 'lt', lvs: 'lv',
  lav: 'lv', cat: 'ca', glg: 'gl', eus: 'eu', afr: 'af', zul: 'zu', xho: 'xh', bel: 'be', tuk: 'tk', kir: 'ky',
  tgk: 'tg', mya: 'my', khm: 'km', lao: 'lo', mon: 'mn', pus: 'ps', snd: 'sd', ckb: 'ku', kmr: 'ku',
};

const MIN_LENGTH = 60;
const SAMPLE = 1000;
/**
 * Digits per letter from which a text is a table of figures (results, prices, crop figures):
 * too little prose to call a language. franc answered `und` for every such Reuters story (862 of
 * 9,140 at this ratio), at ~0.3 ms each; this answers it without the trigram model.
 */
const TABLE_DIGITS_PER_LETTER = 0.3;

// Most wire copy is English: a text this dense in English function words needs no trigram model.
const ENGLISH = new Set(['the', 'of', 'and', 'to', 'in', 'a', 'said', 'on', 'for', 'that', 'is', 'was', 'with', 'by', 'it', 'he', 'at', 'from', 'as', 'has', 'have', 'will', 'would', 'its', 'were', 'be', 'an', 'this', 'which', 'are']);

function clearlyEnglish(sample: string): boolean {
  const words = sample.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < 25) return false;
  let hits = 0;
  for (const w of words) if (ENGLISH.has(w)) hits++;
  return hits / words.length >= 0.2;
}

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

export function detectLanguage(text: string): string {
  const sample = text.slice(0, SAMPLE);
  if (clearlyEnglish(sample)) return 'en';
  const letters = sample.replace(/[^\p{L}]/gu, '').length;
  if (letters < MIN_LENGTH) return 'und';
  if (digitCount(sample) >= TABLE_DIGITS_PER_LETTER * letters) return 'und';
  const [best, second] = francAll(sample, { minLength: MIN_LENGTH });
  if (!best || best[0] === 'und') return 'und';
  // Too close to call (Spanish and Portuguese, Dutch and Afrikaans on a short text).
  if (second && second[1] > 0.9) return 'und';
  return TO_639_1[best[0]] ?? best[0];
}
