// Writes config/kibana/wiredesk.ndjson from src/kibana/objects.ts (npm run kibana:objects).
import { writeFileSync } from 'node:fs';
import { kibanaNdjson } from '../src/kibana/objects.ts';

const file = new URL('../config/kibana/wiredesk.ndjson', import.meta.url);
writeFileSync(file, kibanaNdjson());
console.log(`wrote ${file.pathname}`);
