import { describe, expect, it } from 'vitest';
import { BANDS, decodeSignature, HASHES, minHashOf, shingleHashes, similarityOf, wordHashes } from '../../../src/cluster/minhash.ts';
import { nearDuplicatesOf, planBatch, SIMILARITY_THRESHOLD, type ClusterMember } from '../../../src/cluster/plan.ts';
import { enrich } from '../../../src/pipeline.ts';
import * as forms from '../../fixtures/clusters/stories.ts';

const sig = (text: string) => decodeSignature(minHashOf(text)!.signature);
const docOf = (content: string) => enrich({ content, source: 'test' }, { now: () => new Date('2025-05-07T00:00:00Z') });
const similarity = (a: string, b: string) => similarityOf(decodeSignature(docOf(a).minhash!.signature), decodeSignature(docOf(b).minhash!.signature));

describe('MinHash over word 5-grams', () => {
  it('is the same for the same words, whatever the case, punctuation or line breaks', () => {
    const a = minHashOf('The harbour ferry will run again from Monday, the operator said.');
    const b = minHashOf('THE HARBOUR FERRY\nwill run again -- from Monday; the operator said');
    expect(a).toEqual(b);
    expect(a!.bands).toHaveLength(BANDS);
    expect(decodeSignature(a!.signature)).toHaveLength(HASHES);
  });

  it('is a fixed function of the text (a seeded family, not per process)', () => {
    // Pinned: a change of hash family would split every stored cluster from new copies.
    expect(minHashOf('one two three four five six')!.bands.slice(0, 2)).toMatchInlineSnapshot(`
      [
        "00:413ee793",
        "01:20ce7734",
      ]
    `);
  });

  it('hashes the words of an all-ASCII text as the general (Unicode) path does', () => {
    // A trailing ellipsis (no letter) sends the same words through the general path.
    const ascii = 'Shr 1.20 dlrs vs 98 cts -- NEW YORK, March 3 (Reuter) said it\'s O.K.';
    expect(wordHashes(ascii)).toEqual(wordHashes(`${ascii} …`));
    expect(wordHashes(ascii)).toHaveLength(17);
    expect(wordHashes('Zürich café Straße')).toHaveLength(3);
  });

  it('has no signature for a text shorter than one shingle', () => {
    expect(minHashOf('Too short to tell')).toBeNull();
    expect(shingleHashes('one two three four five')).toHaveLength(1);
  });

  it('estimates Jaccard similarity: near 1 for one changed word in a long text, 0 for unrelated texts', () => {
    const words = Array.from({ length: 400 }, (_, i) => `w${i}`);
    const edited = [...words];
    edited[200] = 'changed';
    expect(similarityOf(sig(words.join(' ')), sig(edited.join(' ')))).toBeGreaterThan(0.9);
    const other = Array.from({ length: 400 }, (_, i) => `x${i}`);
    expect(similarityOf(sig(words.join(' ')), sig(other.join(' ')))).toBe(0);
    // Half the shingles shared: a third (|A∩B| / |A∪B| = 196 / 596), within the estimate's spread (±0.04).
    const half = [...words.slice(0, 200), ...other.slice(0, 200)];
    const estimate = similarityOf(sig(words.join(' ')), sig(half.join(' ')));
    expect(estimate).toBeGreaterThan(0.22);
    expect(estimate).toBeLessThan(0.45);
  });
});

describe('the near-duplicate threshold on written wire stories', () => {
  it('joins a partner re-send, an update and an earlier short version to the agency copy', () => {
    expect(similarity(forms.original, forms.partnerResend)).toBeGreaterThan(0.85);
    expect(similarity(forms.original, forms.update)).toBeGreaterThanOrEqual(SIMILARITY_THRESHOLD);
    expect(similarity(forms.original, forms.firstVersion)).toBeGreaterThanOrEqual(SIMILARITY_THRESHOLD);
  });

  it('keeps a different story on the same subject, the same day, apart', () => {
    expect(similarity(forms.original, forms.otherStory)).toBeLessThan(0.05);
  });

  it('the pipeline stores the band keys and starts every story as its own original', () => {
    const doc = docOf(forms.original);
    expect(doc.cluster).toEqual({ id: doc.id, role: 'original' });
    expect(doc.minhash!.bands).toHaveLength(BANDS);
  });
});

describe('cluster labels', () => {
  /** Members of one text (one signature), each with the cluster it names. */
  const signature = docOf(forms.original).minhash!.signature;
  const member = (id: string, publishedAt: string | null, clusterId = id): ClusterMember => ({ id, publishedAt, cluster: { id: clusterId, role: clusterId === id ? 'original' : 'copy' }, signature });
  /** The plan for a group read whole: every member a batch story, every member each one's candidate. */
  const planOf = (group: ClusterMember[]) => planBatch({ stories: group, candidates: new Map(group.map((m) => [m.id, group])), originals: [] });

  it('name the earliest-published member the original, whoever arrived first', () => {
    const group = [member('wd-b', '2025-05-06T09:45:00Z'), member('wd-c', '2025-05-06T13:30:00Z', 'wd-b'), member('wd-a', '2025-05-06T08:50:00Z', 'wd-b')];
    expect(planOf(group)).toMatchObject({ relabels: [], moves: [{ from: 'wd-b', to: 'wd-a' }] });
  });

  it('break publication ties by id and put undated stories last', () => {
    expect(planOf([member('wd-2', '2025-05-06T09:00:00Z'), member('wd-1', '2025-05-06T09:00:00Z'), member('wd-0', null)])).toMatchObject({
      relabels: [],
      moves: [
        { from: 'wd-0', to: 'wd-1' },
        { from: 'wd-2', to: 'wd-1' },
      ],
    });
  });

  it('change nothing for a settled group, in any order', () => {
    const group = [member('wd-a', '2025-05-06T08:50:00Z'), member('wd-b', '2025-05-06T09:45:00Z', 'wd-a')];
    expect(planOf(group)).toMatchObject({ relabels: [], moves: [] });
    expect(planOf([...group].reverse())).toMatchObject({ relabels: [], moves: [] });
  });

  it('come only from candidates at or above the threshold', () => {
    const a = docOf(forms.original);
    const asMember = (d: typeof a): ClusterMember => ({ id: d.id, publishedAt: d.publishedAt, cluster: d.cluster, signature: d.minhash!.signature });
    const near = nearDuplicatesOf(asMember(a), [a, docOf(forms.partnerResend), docOf(forms.otherStory)].map(asMember));
    expect(near.map((m) => m.id)).toEqual([docOf(forms.partnerResend).id]);
  });
});
