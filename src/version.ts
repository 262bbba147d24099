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
 * existed read as revision 0.
 */
export const PIPELINE_REVISION = 1;

/** Revisions per story version in the external version (story version × this + revision). */
export const REVISIONS_PER_VERSION = 1000;
