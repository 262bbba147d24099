import { containsWords, MIN_PARTIAL_WORDS, outranks } from './normalise.ts';
import { occurrenceIdOf, selfQuotation, type Form, type Occurrence, type QuotationRef } from './occurrence.ts';

/** An occurrence as read from the index, with what optimistic concurrency control needs. */
export interface Stored {
  id: string;
  seqNo: number;
  primaryTerm: number;
  doc: Occurrence;
}

/** What the index showed before a story's occurrences are written. */
export interface View {
  /** The story's own occurrences as indexed now. */
  own: Stored[];
  /** Other stories' occurrences sharing a key or a six-word window with the story's forms. */
  related: Stored[];
}

export interface Write {
  id: string;
  doc: Occurrence;
  /** Absent: the document must not exist yet (`create`). */
  ifSeqNo?: number;
  ifPrimaryTerm?: number;
}

export interface Delete {
  id: string;
  ifSeqNo: number;
  ifPrimaryTerm: number;
}

export interface Plan {
  writes: Write[];
  deletes: Delete[];
  /** Quotations absorbed by a longer one (from id → the quotation they now belong to): their other members must follow. */
  merges: Map<string, QuotationRef>;
  /** A newer version of the story is indexed: nothing to do. */
  stale: boolean;
}

const wordsOf = (norm: string) => (norm ? norm.split(' ') : []);

/** Whether the form `outer` holds `inner` under the quotation rule (equal, or inner of six words or more inside). */
function holds(outer: { norm: string; words: number }, inner: { norm: string; words: number }): boolean {
  if (outer.norm === inner.norm) return true;
  if (inner.words < MIN_PARTIAL_WORDS || inner.words > outer.words) return false;
  return containsWords(wordsOf(outer.norm), wordsOf(inner.norm));
}

/** Normalised equality is on the text without spaces: "co operation" is "cooperation". */
const sameText = (a: string, b: string) => a === b || a.replaceAll(' ', '') === b.replaceAll(' ', '');

const rankOf = (q: QuotationRef) => ({ words: q.words, key: q.id });
/**
 * Whether `a` is the better home than `b`. One quotation id can arrive with different texts (same
 * words, other spacing or punctuation: `grew,\nbut` and `grew, but`): the smaller text wins, so
 * every story picks the same one whatever it saw first. Without a total order, two stories
 * planned at once each adopted the other's text and rewrote it on every pass.
 */
const better = (a: QuotationRef, b: QuotationRef | null) =>
  b === null || outranks(rankOf(a), rankOf(b)) || (!outranks(rankOf(b), rankOf(a)) && a.text < b.text);

/** The stored document, unchanged by a write with `doc`? (Writes that change nothing are skipped.) */
const unchanged = (stored: Stored | undefined, doc: Occurrence) => stored !== undefined && JSON.stringify(stored.doc) === JSON.stringify(doc);

/**
 * Where a story's quote forms belong, given what the index shows: pure and linear in the forms
 * and the documents seen (candidate pairs come from shared six-word windows, each checked by a
 * linear containment test).
 *
 * Forms are taken longest first. A form held by a seen occurrence (or by one of the story's
 * longer forms) joins that occurrence's quotation, the best-ranked one when several hold it;
 * otherwise it starts a quotation of its own. A quotation whose canonical text the form holds
 * is absorbed into the form's quotation (a longer form arrived later). Occurrences of the story
 * that it no longer carries are deleted.
 */
export function planStory(storyVersion: number, forms: Form[], view: View): Plan {
  const plan: Plan = { writes: [], deletes: [], merges: new Map(), stale: false };
  if (view.own.some((s) => s.doc.storyVersion > storyVersion)) return { ...plan, stale: true };
  const storyId = forms[0]?.storyId ?? view.own[0]?.doc.storyId;
  const related = view.related.filter((s) => s.doc.storyId !== storyId);

  // Candidate pairs through shared windows: a seen occurrence whose windows include a form's head
  // may hold the form; one whose head is among a form's windows may be held by it.
  const byHead = new Map<string, Stored[]>();
  const byShingle = new Map<string, Stored[]>();
  const byNorm = new Map<string, Stored[]>();
  const push = (m: Map<string, Stored[]>, k: string, s: Stored) => (m.get(k) ?? m.set(k, []).get(k)!).push(s);
  for (const s of related) {
    if (s.doc.head) push(byHead, s.doc.head, s);
    for (const h of s.doc.shingles) push(byShingle, h, s);
    push(byNorm, s.doc.key, s);
  }

  const sorted = [...forms].sort((a, b) => (outranks(a, b) ? -1 : outranks(b, a) ? 1 : 0));
  const placed: { form: Form; quotation: QuotationRef }[] = [];
  const ownById = new Map(view.own.map((s) => [s.id, s]));
  const written = new Set<string>();

  for (const form of sorted) {
    let home: QuotationRef | null = null;
    for (const s of [...(byNorm.get(form.key) ?? []), ...(form.head ? (byShingle.get(form.head) ?? []) : [])]) {
      if (holds(s.doc, form) && better(s.doc.quotation, home)) home = s.doc.quotation;
    }
    for (const p of placed) if (holds(p.form, form) && better(p.quotation, home)) home = p.quotation;
    const self = selfQuotation(form);
    // The form's own text competes with a home of the same id (see `better`).
    const quotation = home === null || (home.id === self.id && better(self, home)) ? self : home;

    // Quotations this form holds the canonical text of join it (found through their members' windows).
    const seenHere = new Set<Stored>();
    for (const h of form.shingles) for (const s of byHead.get(h) ?? []) seenHere.add(s);
    for (const s of byNorm.get(form.key) ?? []) seenHere.add(s);
    for (const s of seenHere) {
      const q = s.doc.quotation;
      if (q.id === quotation.id || plan.merges.has(q.id)) continue;
      if (holds(form, q) || sameText(form.norm, q.norm)) plan.merges.set(q.id, quotation);
    }

    placed.push({ form, quotation });
    const id = occurrenceIdOf(form.storyId, form.key);
    const doc: Occurrence = { ...form, quotation };
    const stored = ownById.get(id);
    written.add(id);
    if (!unchanged(stored, doc)) plan.writes.push({ id, doc, ...(stored ? { ifSeqNo: stored.seqNo, ifPrimaryTerm: stored.primaryTerm } : {}) });
  }

  for (const s of view.own) if (!written.has(s.id)) plan.deletes.push({ id: s.id, ifSeqNo: s.seqNo, ifPrimaryTerm: s.primaryTerm });
  plan.writes.push(...rekey(related, plan.merges, written));
  return plan;
}

/**
 * Re-keys occurrences of absorbed quotations onto the quotation that absorbed them (following
 * chains), skipping those already written and those it would not change.
 */
export function rekey(docs: Stored[], merges: Map<string, QuotationRef>, skip: Set<string> = new Set()): Write[] {
  const writes: Write[] = [];
  const target = (id: string) => {
    let q = merges.get(id);
    for (let hops = 0; q && merges.has(q.id) && merges.get(q.id)!.id !== q.id && hops < 100; hops++) q = merges.get(q.id);
    return q;
  };
  for (const s of docs) {
    if (skip.has(s.id)) continue;
    const q = target(s.doc.quotation.id);
    if (!q) continue;
    const doc = { ...s.doc, quotation: q };
    if (unchanged(s, doc)) continue;
    skip.add(s.id);
    writes.push({ id: s.id, doc, ifSeqNo: s.seqNo, ifPrimaryTerm: s.primaryTerm });
  }
  return writes;
}
