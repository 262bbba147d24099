import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The pipeline version stamped on every story document: the package version. */
export const PIPELINE_VERSION: string = (require('../package.json') as { version: string }).version;
