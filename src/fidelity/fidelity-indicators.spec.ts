import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIDELITY_INDICATOR_KEYS, FIDELITY_INDICATORS, renderFidelityReference } from './fidelity-indicators';

describe('the fidelity indicator table', () => {
  it('defines every indicator exactly once', () => {
    expect(FIDELITY_INDICATORS.map((i) => i.key)).toEqual([...FIDELITY_INDICATOR_KEYS]);
  });

  it('names a handbook section of the ENRICH handbook for every indicator', () => {
    for (const indicator of FIDELITY_INDICATORS) expect(indicator.handbookSection).toMatch(/^1[1-5]\.\d+ /);
  });

  it('matches docs/reference/fidelity.md (regenerate with npm run docs:fidelity)', () => {
    const doc = readFileSync(join(__dirname, '../../docs/reference/fidelity.md'), 'utf8');
    expect(doc).toBe(renderFidelityReference());
  });
});
