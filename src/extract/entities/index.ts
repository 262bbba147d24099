import type { Dateline, Entity, EntityType } from '../../article/story.ts';
import { findPlace } from '../../normalize/places.ts';
import { mapArray } from '../../arrays.ts';
import { OPENING_ADVERBS } from '../quotes/lexicon.ts';
import { sentenceTokenRanges, tokenize } from '../text/index.ts';
import { defaultModel, type Model } from './model.ts';
import { groupMentions, type RawMention } from './resolve.ts';
import { tagDocument } from './tagger.ts';

export interface EntityContext {
  dateline: Dateline | null;
}

const TYPE: Record<string, EntityType | undefined> = { PER: 'person', ORG: 'organization', LOC: 'location' };

/**
 * The longest run the tagger may call one name. Real names stay far below it (`International
 * Federation of Red Cross and Red Crescent Societies` is 10 words); a pathological story (a page
 * of capitalised words) can make the tagger label thousands in one span, whose name would then
 * be longer than Elasticsearch takes for a keyword and cost the whole story its document.
 */
const MAX_NAME_WORDS = 16;
const MAX_NAME_CHARS = 256;

/** Entity mentions in the body as the tagger sees them (MISC left out), in text order. */
export function tagMentions(body: string, model: Model = defaultModel()): RawMention[] {
  const tokens = tokenize(body);
  const ranges = sentenceTokenRanges(body, tokens);
  const sentences = mapArray(ranges, ([a, b]) => mapArray(tokens.slice(a, b), (t) => t.text));
  const tagged = tagDocument(model, sentences);
  const out: RawMention[] = [];
  ranges.forEach(([a], i) => {
    for (const span of tagged[i]!) {
      const words = sentences[i]!;
      const type = isLeaderBeforeAdministration(words, span, model) ? 'person' : TYPE[span.type];
      if (!type) continue;
      // Whatever the tagger ran on into, a name is what lies inside the wire's brackets for an
      // unlisted company (`<Siemens AG>`) and stops before a ticker (`Merrill Lynch and Co
      // <MER>`); a person's name stops before a parenthesis (`Loretta Brinkley-Moss
      // (D-Portsmouth)`: a party tag, an age).
      let start = span.start;
      while (start < span.end - 1 && (sentences[i]![start] === '<' || sentences[i]![start] === '>')) start++;
      // An adverb opening the sentence, capitalised there, is no part of the name after it
      // (`However Baker`, `Previously the Fed`).
      if (start === 0 && span.end - start >= 2 && OPENING_ADVERBS.has(words[0]!.toLowerCase())) {
        start++;
        if (words[start]!.toLowerCase() === 'the' && start < span.end - 1) start++;
      }
      let end = span.end;
      for (let w = start + 1; w < end; w++) {
        const word = sentences[i]![w];
        if (word === '<' || word === '>' || (word === '(' && type === 'person')) end = w;
      }
      const first = tokens[a + start]!;
      const last = tokens[a + end - 1]!;
      if (end - start > MAX_NAME_WORDS || last.end - first.start > MAX_NAME_CHARS) continue;
      out.push({
        type,
        start: first.start,
        end: last.end,
        text: body.slice(first.start, last.end),
        words: sentences[i]!.slice(start, end),
      });
    }
  });
  return out;
}

/**
 * `the Biden administration`: a single capitalised name the tagger calls MISC or LOC, right
 * before `administration` or `presidency`, names the leader (the training data tags `Clinton`
 * there as a person, but a name it never saw looks like an adjective or a place to it).
 * Nationalities and adjectival forms (`Afghan`, `Republican`, `Soviet`) and places the
 * gazetteers know (`the Kabul administration`) keep their type.
 */
const PLACE_KINDS = new Set(['demonym', 'country', 'city', 'region']);
function isLeaderBeforeAdministration(words: string[], span: { type: string; start: number; end: number }, model: Model): boolean {
  if ((span.type !== 'MISC' && span.type !== 'LOC') || span.end - span.start !== 1) return false;
  const next = words[span.end]?.toLowerCase();
  if (next !== 'administration' && next !== 'presidency') return false;
  const w = words[span.start]!;
  if (!/^\p{Lu}\p{Ll}+$/u.test(w) || /(?:an|ese|ish|ic|i)$/.test(w)) return false;
  const known = model.resources.phrases.get(w.toLowerCase()) ?? [];
  return !known.some((p) => PLACE_KINDS.has(p.kind) && p.words.length === 1 && p.words[0] === w);
}

/** People, organisations and places named in the body, one entry per real-world thing. */
export function extractEntities(body: string, ctx: EntityContext, model: Model = defaultModel()): Entity[] {
  const groups = groupMentions(tagMentions(body, model), body);
  const countryHint = ctx.dateline?.country ?? null;
  return mapArray(groups, (g) => {
    const entity: Entity = {
      name: g.name,
      type: g.type,
      count: g.mentions.length,
      mentions: mapArray(g.mentions, (m) => ({ text: m.text, start: m.start, end: m.end })),
    };
    // One word is all the story gives of the person (`the Biden administration`, `Mr. Smith`).
    if (g.type === 'person') entity.surnameOnly = !/\s/.test(g.name);
    if (g.type === 'location') {
      const place = findPlace(g.name, { countryHint }) ?? firstFound(g.mentions.map((m) => m.text), countryHint);
      entity.country = place?.country ?? null;
      entity.location = place?.location ?? null;
    }
    return entity;
  });
}

function firstFound(names: string[], countryHint: string | null) {
  for (const n of names) {
    const p = findPlace(n, { countryHint });
    if (p) return p;
  }
  return null;
}
