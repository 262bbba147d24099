/**
 * A wire story of ours with two doubtful attributions: a quote standing alone after a paragraph
 * naming two people ("speaker of the narrative before it", 0.5) and a quote credited to a
 * statement (no attribution, 0.5). One credited quote (0.85) is not doubtful.
 */
const BODY = `OSLO, March 3 (Reuters) - Dock workers in three Norwegian ports voted on Tuesday to extend a strike that has held up fish exports for a week, their union said.

Union leader Kari Solberg told reporters outside the Bergen terminal that members would not go back without a written offer. "We have waited long enough for the owners to move," she said.

The port operator, Nordhavn AS, said it had offered a 4 percent raise. Chief executive Lars Dahl called the walkout damaging for the coast.

"Every day the cranes stand still costs the fishing towns money."

Talks are due to resume on Friday. "Nobody wins a long strike," a mediator's statement read.`;

export const STANDALONE_QUOTE = 'Every day the cranes stand still costs the fishing towns money.';
export const STATEMENT_QUOTE = 'Nobody wins a long strike';

/** The story as one raw-article JSON line, in a given version (a re-send keeps the id). */
export function harbourStory(version = 1, headline = 'Harbour workers vote to extend strike', uri = 'urn:example:review:harbour'): string {
  return JSON.stringify({
    content: JSON.stringify({
      uri,
      version: String(version),
      versioncreated: `2026-03-0${2 + version}T08:00:00Z`,
      pubstatus: 'usable',
      language: 'en',
      headline,
      body_text: BODY,
    }),
    source: `harbour-v${version}`,
  });
}
