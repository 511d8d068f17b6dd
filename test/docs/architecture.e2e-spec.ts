import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// docs/architecture.md shows the tree of src/; this keeps it in step with the folders that exist, so a
// reader can trust it. Data-driven: moving a folder means editing the doc, never this test.
const ROOT = join(__dirname, '..', '..');
const DOC = join(ROOT, 'docs', 'architecture.md');
const DEPTH = 2;
/** Every area has these; the doc says so once instead of listing them under each area. */
const CONVENTIONAL = new Set(['dto', 'entities']);

interface TreeEntry {
  path: string;
  kind: 'folder' | 'file';
  description: string;
  line: number;
}

/** The entries of the first ```text block that starts with `src/`: two spaces of indent per level, the description after two or more spaces. */
export function parseTree(markdown: string): TreeEntry[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line, i) => line.trim() === 'src/' && /^```/.test(lines[i - 1] ?? ''));
  if (start < 0) throw new Error('docs/architecture.md has no ```text block starting with "src/"');
  const entries: TreeEntry[] = [];
  const parents: string[] = ['src'];
  for (let i = start + 1; i < lines.length && !/^```/.test(lines[i]); i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    const level = indent / 2;
    if (!Number.isInteger(level) || level < 1)
      throw new Error(`docs/architecture.md line ${i + 1}: indent by two spaces per level under src/`);
    const [names, ...rest] = line.trim().split(/\s{2,}/);
    const description = rest.join('  ').trim();
    const parent = parents.slice(0, level).join('/');
    for (const name of names.split(/,\s*/)) {
      const kind = name.endsWith('/') ? 'folder' : 'file';
      const path = `${parent}/${name.replace(/\/$/, '')}`;
      entries.push({ path, kind, description, line: i + 1 });
      if (kind === 'folder') parents.splice(level, parents.length, name.replace(/\/$/, ''));
    }
  }
  return entries;
}

function foldersUnder(dir: string, relative: string, depth: number): string[] {
  if (depth === 0) return [];
  return readdirSync(join(ROOT, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !(depth < DEPTH && CONVENTIONAL.has(entry.name)))
    .flatMap((entry) => {
      const path = `${relative}/${entry.name}`;
      return [path, ...foldersUnder(join(dir, entry.name), path, depth - 1)];
    });
}

/** What to change in the doc so that it matches `folders`; empty when it does. */
export function treeDifferences(entries: TreeEntry[], folders: string[], exists: (path: string) => boolean): string[] {
  const listed = new Set(entries.filter((e) => e.kind === 'folder').map((e) => e.path));
  const problems: string[] = [];
  for (const folder of folders)
    if (!listed.has(folder)) problems.push(`add ${folder}/ (it exists but the tree does not show it)`);
  for (const entry of entries) {
    if (!exists(entry.path))
      problems.push(
        `line ${entry.line}: remove or rename ${entry.path}${entry.kind === 'folder' ? '/' : ''} (it does not exist)`,
      );
    else if (entry.description === '')
      problems.push(`line ${entry.line}: say in a few words what ${entry.path} is for`);
  }
  return problems;
}

/** The cross-cutting test folders the doc lists (`- \`test/<name>/\`: what it proves`), by name. */
export function crossCuttingSuites(markdown: string): string[] {
  return [...markdown.matchAll(/^- `test\/([\w-]+)\/`:/gm)].map((m) => m[1]);
}

/** Why test/'s top level does not mirror src/; empty when it does. */
export function testFolderProblems(
  entries: readonly { name: string; isDirectory(): boolean }[],
  suites: readonly string[],
  isArea: (name: string) => boolean,
): string[] {
  const problems: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (!isArea(entry.name) && !suites.includes(entry.name))
        problems.push(
          `test/${entry.name}/ is no folder of src/ nor a cross-cutting suite listed under "Where a test lives" in docs/architecture.md`,
        );
    } else if (/\.(e2e-spec|resilience-spec|spec)\.ts$/.test(entry.name)) {
      problems.push(`test/${entry.name}: move it into the folder of the src/ area it tests`);
    }
  }
  return problems;
}

describe('docs/architecture.md', () => {
  it('shows every folder of src/ to depth 2, each with what it is for, and none that does not exist', () => {
    const entries = parseTree(readFileSync(DOC, 'utf8'));
    const problems = treeDifferences(entries, foldersUnder('src', 'src', DEPTH), (path) =>
      existsSync(join(ROOT, path)),
    );
    if (problems.length > 0)
      throw new Error(`docs/architecture.md's tree of src/ is out of step:\n- ${problems.join('\n- ')}`);
  });

  it('keeps test/ a mirror of src/: each folder an area of src/ or a cross-cutting suite the doc lists, no test at the top', () => {
    const suites = crossCuttingSuites(readFileSync(DOC, 'utf8'));
    expect(suites).toContain('pathway');
    const problems = testFolderProblems(readdirSync(join(ROOT, 'test'), { withFileTypes: true }), suites, (area) =>
      existsSync(join(ROOT, 'src', area)),
    );
    if (problems.length > 0) throw new Error(`test/ does not mirror src/:\n- ${problems.join('\n- ')}`);
  });

  it('names a test folder that is neither an area nor a listed suite, and a test file at the top of test/', () => {
    const entries = [
      { name: 'pairing', isDirectory: () => true },
      { name: 'pathway', isDirectory: () => true },
      { name: 'misc', isDirectory: () => true },
      { name: 'global-setup.ts', isDirectory: () => false },
      { name: 'auth.e2e-spec.ts', isDirectory: () => false },
    ];
    expect(testFolderProblems(entries, ['pathway'], (area) => area === 'pairing')).toEqual([
      'test/misc/ is no folder of src/ nor a cross-cutting suite listed under "Where a test lives" in docs/architecture.md',
      'test/auth.e2e-spec.ts: move it into the folder of the src/ area it tests',
    ]);
  });

  it('names a folder missing from the tree, one that does not exist, and one without a description', () => {
    const tree = [
      '```text',
      'src/',
      '  main.ts        bootstrap',
      '  pairing/       pairing',
      '    old/         gone',
      '  webhooks/',
      '```',
    ].join('\n');
    const entries = parseTree(tree);
    expect(entries.map((e) => e.path)).toEqual(['src/main.ts', 'src/pairing', 'src/pairing/old', 'src/webhooks']);
    const existing = new Set(['src/main.ts', 'src/pairing', 'src/webhooks', 'src/cover']);
    expect(
      treeDifferences(entries, ['src/pairing', 'src/webhooks', 'src/cover'], (path) => existing.has(path)),
    ).toEqual([
      'add src/cover/ (it exists but the tree does not show it)',
      'line 5: remove or rename src/pairing/old/ (it does not exist)',
      'line 6: say in a few words what src/webhooks is for',
    ]);
  });
});
