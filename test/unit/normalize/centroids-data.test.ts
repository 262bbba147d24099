import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { centroidsModule, CENTROIDS_FILE } from '../../../scripts/centroids.ts';
import { HISTORICAL_STATES } from '../../../src/normalize/aliases.ts';
import { regionSenses } from '../../../src/normalize/gazetteer.ts';

describe('src/normalize/data/centroids.ts', () => {
  it('is what `npm run build:gazetteer -- --centroids` writes from the installed world-countries', () => {
    expect(readFileSync(CENTROIDS_FILE, 'utf8')).toBe(centroidsModule().text);
  });
  it('puts most countries\' centres on their own land (the rest are archipelagos and coastal specks)', () => {
    const { onLand, offLand } = centroidsModule();
    expect(onLand).toBeGreaterThanOrEqual(200);
    expect(offLand).not.toContain('RU');
    expect(offLand).not.toContain('US');
  });
});

describe('historical states', () => {
  it('are not also present countries in the ISO lists', () => {
    for (const name of Object.keys(HISTORICAL_STATES)) {
      const senses = regionSenses(name);
      expect(senses.length, name).toBeGreaterThan(0);
      expect(senses.every((s) => s.historical), name).toBe(true);
    }
  });
});
