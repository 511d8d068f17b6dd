import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { productionNodeOptions } from '../../scripts/production-node-options';

const root = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

describe('the Node options production runs the app with', () => {
  const options = productionNodeOptions(read('Dockerfile'));

  it('are set once, in the Dockerfile, and give V8 a small young generation and a capped old generation', () => {
    expect(options).toMatch(/--max-semi-space-size=\d+/);
    expect(options).toMatch(/--max-old-space-size=\d+/);
    const heap = execFileSync(
      process.execPath,
      ['-p', "const v8 = require('v8'); JSON.stringify({ limit: v8.getHeapStatistics().heap_size_limit })"],
      { env: { ...process.env, NODE_OPTIONS: options }, encoding: 'utf8' },
    );
    const semiSpaceMb = Number(/--max-semi-space-size=(\d+)/.exec(options)![1]);
    const oldSpaceMb = Number(/--max-old-space-size=(\d+)/.exec(options)![1]);
    // V8's limit is the old generation plus three semi-spaces (the young generation and its copy reserve).
    expect((JSON.parse(heap) as { limit: number }).limit / 2 ** 20).toBe(oldSpaceMb + 3 * semiSpaceMb);
  });

  it('are what npm start, start:api, start:worker and the benchmark start the built app with', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    for (const name of ['start', 'start:api', 'start:worker'])
      expect(scripts[name]).toContain(
        'NODE_OPTIONS="${NODE_OPTIONS:-$(node dist/scripts/production-node-options.js)}"',
      );
    expect(read('scripts/bench/run.ts')).toContain(
      'NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? productionNodeOptions()',
    );
    // The research extract's peak RSS (docs/reference/performance.md) is measured with them as well.
    expect(read('scripts/bench-extract.ts')).toContain(
      'const NODE_OPTIONS = process.env.BENCH_EXTRACT_NODE_OPTIONS ?? productionNodeOptions();',
    );
  });

  it('refuse a Dockerfile whose final stage sets none', () => {
    expect(() => productionNodeOptions('FROM a\nENV NODE_OPTIONS="--x"\nFROM b\nCMD ["node"]\n')).toThrow(
      /no NODE_OPTIONS/,
    );
  });
});
