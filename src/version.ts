import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The pipeline version stamped on every story document: the package version. */
export const PIPELINE_VERSION: string = (require('../package.json') as { version: string }).version;

/**
 * The enrichment's revision: a whole number raised by one whenever a change makes `enrich()`
 * write different documents (the golden test's output changed). Unlike the package version it
 * orders: `wiredesk reprocess` picks the stories an older revision enriched, and the external
 * version a document is written with ends in it (see `externalVersionOf`), so a re-enriched
 * document replaces an older revision's and never a newer one's. Documents from before it
 * existed read as revision 0. Revision 2 (2 Dec 2026): the quote stage's many speaker changes of
 * the rounds since revision 1 (golden hashes regenerated each time), the last an organisation
 * read across its `and`. Revision 3 (2 Dec 2026): descriptions by line of business (`the
 * carmaker said`), outlets named by a broadcasting word, `the company's spokesman`, countries
 * whose names end like a demonym (`Japan`, `Iran`) no longer barred as nationalities, lower-case
 * titles read whole (`chief financial officer`); 3 quotes of the 9,140 Reuters-21578 stories
 * changed speaker and 13 their speaker's title. Revision 4 (2 Dec 2026): a person called by one
 * first name takes its gender (`he` after `Melanie said` is not Melanie), a month that is a first
 * name opens a name (`Jan Brewer`), names set off after their role (`his wife, Jane, offered`) or
 * before an age are subjects, `said Doe's spokesperson, John Roe`, `carried by state news agency
 * KCNA` as via; a one-word name opening a company named with a legal suffix is that company
 * (`Acme` of `Acme Corp`, entity and speaker), a person read into an organisation across `of` is
 * split off; 16 PolNeAR speakers and 58 Reuters quotes changed. Revision 5 (3 Dec 2026): quotes set
 * in single marks (British copy) and two apostrophes typed for a double mark (archive text) are
 * quotes; one Reuters quote lost a stray trailing `''`; text mangled on the way (UTF-8 read as
 * windows-1252, HTML character references in plain text) is mended before it is read; a
 * nationality after compass words (`West German`) is no speaker.
 */
export const PIPELINE_REVISION = 5;

/** Revisions per story version in the external version (story version × this + revision). */
export const REVISIONS_PER_VERSION = 1000;
