import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/**
 * The API's heap cap is a production setting stated in four places: the Dockerfile sets it, the README and the
 * configuration reference say what it is, and the extract benchmark starts the API with the Dockerfile's line. They
 * must name the same cap, or the benchmark's figure would not be production's.
 */
describe('the production heap setting', () => {
  const finalStage = read('Dockerfile')
    .split(/^FROM /m)
    .at(-1)!;
  const cap = /^ENV NODE_OPTIONS=--max-old-space-size=(\d+)\s*$/m.exec(finalStage)?.[1];

  it('is set in the image for every process', () => {
    expect(cap).toMatch(/^\d+$/);
    expect(Number(cap)).toBeGreaterThanOrEqual(192);
  });

  it('is the value the README and the configuration reference state, and the one the extract benchmark uses', () => {
    expect(read('README.md')).toContain(`NODE_OPTIONS=--max-old-space-size=${cap}`);
    expect(read('docs/reference/configuration.md')).toContain(`NODE_OPTIONS=--max-old-space-size=${cap}`);
    expect(read('docs/reference/performance.md')).toContain(`--max-old-space-size=${cap}`);
    const bench = read('scripts/bench-extract.ts');
    expect(bench).toContain("'Dockerfile'");
    expect(bench).toMatch(/NODE_OPTIONS,\n/);
  });
});
