import { describe, expect, it } from 'vitest';
import { consistentSpans, type Span } from '../../../src/extract/entities/consistency.ts';

const words = (s: string) => s.split(' ');
const shown = (sents: string[][], spans: Span[][]) =>
  spans.map((ss, i) => ss.map((x) => `${x.type}:${sents[i]!.slice(x.start, x.end).join(' ')}`));

describe('consistentSpans', () => {
  it('gives a name the type most of its mentions have', () => {
    const sents = ['The Taliban took over .', 'Taliban fighters swept in .', 'He fought the Taliban .', 'against the Taliban'].map(words);
    const spans = [[{ type: 'MISC', start: 1, end: 2 }], [{ type: 'ORG', start: 0, end: 1 }], [{ type: 'ORG', start: 3, end: 4 }], [{ type: 'ORG', start: 2, end: 3 }]];
    expect(shown(sents, consistentSpans(sents, spans))).toEqual([['ORG:Taliban'], ['ORG:Taliban'], ['ORG:Taliban'], ['ORG:Taliban']]);
  });
  it('keeps both types when the mentions are split evenly (a city and its team)', () => {
    const sents = ['Leeds beat Chelsea .', 'In Leeds , it rained .'].map(words);
    const spans = [[{ type: 'ORG', start: 0, end: 1 }, { type: 'ORG', start: 2, end: 3 }], [{ type: 'LOC', start: 1, end: 2 }]];
    expect(shown(sents, consistentSpans(sents, spans))).toEqual([['ORG:Leeds', 'ORG:Chelsea'], ['LOC:Leeds']]);
  });
  it('tags an untagged occurrence of a name tagged elsewhere, the longest first', () => {
    const sents = ['Ashraf Ghani fled .', 'after the Ashraf Ghani government fell , Ghani spoke'].map(words);
    const spans = [[{ type: 'PER', start: 0, end: 2 }], []];
    expect(shown(sents, consistentSpans(sents, spans))).toEqual([['PER:Ashraf Ghani'], ['PER:Ashraf Ghani']]);
  });
  it('leaves lower-case words and headlines in capitals alone', () => {
    const sents = ['Apple sold apples .', 'APPLE SHARES FALL', 'he ate an apple'].map(words);
    const spans = [[{ type: 'ORG', start: 0, end: 1 }], [], []];
    expect(shown(sents, consistentSpans(sents, spans))).toEqual([['ORG:Apple'], [], []]);
  });
  it('a one-word name that opens a company the story names with a legal suffix is that company, not a person', () => {
    const sents = ['Shares of Acme Widget Corp fell .', 'Acme said sales slowed .'].map(words);
    const spans = [[{ type: 'ORG', start: 2, end: 5 }], [{ type: 'PER', start: 0, end: 1 }]];
    expect(shown(sents, consistentSpans(sents, spans))).toEqual([['ORG:Acme Widget Corp'], ['ORG:Acme']]);
  });
  it('unless the story names a person with that surname (`Trump` beside `Donald Trump`)', () => {
    const sents = ['Donald Trump spoke .', 'Trump Hotels Inc lost money .', 'Trump said so .'].map(words);
    const spans = [[{ type: 'PER', start: 0, end: 2 }], [{ type: 'ORG', start: 0, end: 3 }], [{ type: 'PER', start: 0, end: 1 }]];
    expect(shown(sents, consistentSpans(sents, spans))[2]).toEqual(['PER:Trump']);
  });
  it('splits `Takeshi Minami of Norinchukin Research Institute` read as one organisation into a person and the organisation', () => {
    const sents = [words('said Takeshi Minami of Norinchukin Research Institute .')];
    const spans = [[{ type: 'ORG', start: 1, end: 7 }]];
    const unusual = (w: string) => ['Takeshi', 'Minami', 'Norinchukin'].includes(w);
    expect(shown(sents, consistentSpans(sents, spans, unusual))).toEqual([['PER:Takeshi Minami', 'ORG:Norinchukin Research Institute']]);
    // (Common words before `of`, or no organisation after it, keep the span whole.)
    const tigers = [words('the Liberation Tigers of Tamil Eelam said')];
    expect(shown(tigers, consistentSpans(tigers, [[{ type: 'ORG', start: 1, end: 6 }]], () => true))).toEqual([['ORG:Liberation Tigers of Tamil Eelam']]);
    const textron = [words('Bell Textron of Canada said')];
    expect(shown(textron, consistentSpans(textron, [[{ type: 'ORG', start: 0, end: 4 }]], () => true))).toEqual([['ORG:Bell Textron of Canada']]);
  });
  it('drops a pronoun read as a name and a sentence-opening adverb before its comma, and keeps US and Italy', () => {
    const sents = ['" He is in no doubt .', 'Hopefully , this will help .', 'Italy , Spain and the US agreed .'].map(words);
    const spans = [[{ type: 'PER', start: 1, end: 2 }], [{ type: 'PER', start: 0, end: 1 }], [{ type: 'LOC', start: 0, end: 1 }, { type: 'LOC', start: 2, end: 3 }, { type: 'LOC', start: 5, end: 6 }]];
    const unusual = (w: string) => w === 'Italy' || w === 'Spain';
    expect(shown(sents, consistentSpans(sents, spans, unusual))).toEqual([[], [], ['LOC:Italy', 'LOC:Spain', 'LOC:US']]);
  });
});

