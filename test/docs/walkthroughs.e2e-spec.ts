import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ADMIN_EMAIL, ADMIN_PASSWORD, TestApp } from '../support/test-app';
import { compareOutput, parseWalkthrough, runWalkthrough } from './walkthrough-runner';

// Every walkthrough in docs/walkthroughs/ runs against its own freshly booted app (real HTTP on a port of
// 127.0.0.1, its own database and Redis prefix), so a walkthrough that no longer runs as written fails CI.
const ROOT = join(__dirname, '..', '..');
const WALKTHROUGHS = join(ROOT, 'docs', 'walkthroughs');
// Generous: a block that makes several peer workers sends a few hundred requests, and CI machines are shared.
const BLOCK_TIMEOUT_MS = 180000;

const files = readdirSync(WALKTHROUGHS)
  .filter((name) => name.endsWith('.md') && name !== 'README.md')
  .sort()
  .map((name) => join(WALKTHROUGHS, name));

function shellEnvironment(extra: Record<string, string>): Record<string, string> {
  // Only what a reader's shell would have: the app's own settings (DATABASE_URL, …) stay out of it.
  const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR'];
  const env: Record<string, string> = {};
  for (const key of keep) if (process.env[key]) env[key] = process.env[key];
  return { ...env, ...extra };
}

describe('the walkthrough runner', () => {
  const env = shellEnvironment({});
  const run = (markdown: string) => runWalkthrough(markdown, { name: 'example.md', env, blockTimeoutMs: 10000 });

  it('finds the output block that directly follows a bash block, and no other', () => {
    const blocks = parseWalkthrough(
      [
        '```bash',
        'echo one',
        '```',
        '',
        '```output',
        'one',
        '```',
        '```bash',
        'echo two',
        '```',
        'Prose.',
        '```output',
        'two',
        '```',
      ].join('\n'),
    );
    expect(blocks.map((b) => ({ number: b.number, line: b.line, expected: b.expected }))).toEqual([
      { number: 1, line: 1, expected: ['one'] },
      { number: 2, line: 8, expected: undefined },
    ]);
  });

  it('ignores bash blocks shown inside a longer fence', () => {
    expect(parseWalkthrough(['````markdown', '```bash', 'false', '```', '````'].join('\n'))).toEqual([]);
  });

  it('lets `...` stand for any number of lines, none included', () => {
    expect(compareOutput(['a', '...', 'd'], ['a', 'b', 'c', 'd'])).toBeNull();
    expect(compareOutput(['a', '...', 'd'], ['a', 'd'])).toBeNull();
    expect(compareOutput(['...'], [])).toBeNull();
    expect(compareOutput(['a', '...', 'd'], ['a', 'b', 'c'])).toContain('- d');
  });

  it('runs every block in one session, so variables carry from block to block', async () => {
    const markdown = [
      '```bash',
      'NAME=Sam',
      '```',
      '```bash',
      'echo "hello $NAME"',
      '```',
      '```output',
      'hello Sam',
      '```',
    ].join('\n');
    await expect(run(markdown)).resolves.toBeNull();
  });

  it('names the file, the block and the diff when a block prints something else', async () => {
    const markdown = [
      '```bash',
      'echo ok',
      '```',
      '```bash',
      'echo paired; echo 2',
      '```',
      '```output',
      'ward_support',
      '2',
      '```',
    ].join('\n');
    const failure = await run(markdown);
    expect(failure).toContain('example.md, bash block 2 (line 4)');
    expect(failure).toContain('- ward_support');
    expect(failure).toContain('+ paired');
  });

  it('stops at the first failing command (set -euo pipefail) and says which block', async () => {
    const markdown = [
      '```bash',
      'echo before',
      '```',
      '```bash',
      'curl_that_does_not_exist | cat',
      'echo after',
      '```',
      '```bash',
      'echo never',
      '```',
    ].join('\n');
    const failure = await run(markdown);
    expect(failure).toContain('example.md, bash block 2 (line 4) failed');
    expect(failure).toContain('curl_that_does_not_exist');
    expect(failure).not.toContain('never');
  });

  it('stops when a command inside $(…) fails, not only at the top level', async () => {
    const markdown = ['```bash', 'ID=$(false; echo made-up-id)', 'echo "$ID"', '```'].join('\n');
    await expect(run(markdown)).resolves.toContain('example.md, bash block 1 (line 1) failed');
  });

  it('refuses an unset variable', async () => {
    await expect(run(['```bash', 'echo "$SU"', '```'].join('\n'))).resolves.toContain('SU: unbound variable');
  });
});

describe('walkthroughs run as written', () => {
  it('has walkthroughs to run', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  describe.each(files.map((file) => [relative(ROOT, file), file]))('%s', (name, file) => {
    const markdown = readFileSync(file, 'utf8');
    const blocks = parseWalkthrough(markdown);
    let app: TestApp;
    let base: string;

    beforeAll(async () => {
      app = await TestApp.start();
      base = await app.listen();
    }, 60000);
    afterAll(async () => app?.close());

    it(
      `runs its ${blocks.length} bash blocks in order and prints what the docs say`,
      async () => {
        const failure = await runWalkthrough(markdown, {
          name,
          env: shellEnvironment({ BASE: base, ADMIN_EMAIL, ADMIN_PASSWORD }),
          blockTimeoutMs: BLOCK_TIMEOUT_MS,
        });
        if (failure) throw new Error(failure);
      },
      BLOCK_TIMEOUT_MS * Math.max(1, blocks.length),
    );
  });
});
