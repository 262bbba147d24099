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
});
