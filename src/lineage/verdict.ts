/**
 * A quotation's speaker over all its occurrences: the name with the most confidence-weighted
 * votes; `agreement` is the share of occurrences attributing it to that name (unattributed
 * occurrences count against it).
 */

export interface SpeakerVotes {
  name: string;
  /** Occurrences attributing the quotation to this name. */
  count: number;
  /** Sum of their confidences. */
  votes: number;
}

export interface SpeakerVerdict {
  name: string;
  agreement: number;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The winning name (ties: more occurrences, then the name first in order), or null when nobody is named. */
export function speakerVerdict(candidates: SpeakerVotes[], occurrences: number): SpeakerVerdict | null {
  let best: SpeakerVotes | null = null;
  for (const c of candidates) {
    if (c.count <= 0) continue;
    if (!best || c.votes > best.votes + 1e-9 || (Math.abs(c.votes - best.votes) <= 1e-9 && (c.count > best.count || (c.count === best.count && c.name < best.name)))) best = c;
  }
  if (!best || occurrences <= 0) return null;
  return { name: best.name, agreement: round(best.count / occurrences) };
}

/** Votes counted from occurrences in hand (one quotation's page). */
export function votesOf(occurrences: { speaker: { name: string } | null; confidence: number }[]): SpeakerVotes[] {
  const by = new Map<string, SpeakerVotes>();
  for (const o of occurrences) {
    if (!o.speaker) continue;
    const v = by.get(o.speaker.name) ?? { name: o.speaker.name, count: 0, votes: 0 };
    v.count += 1;
    v.votes += o.confidence;
    by.set(o.speaker.name, v);
  }
  return [...by.values()];
}
