import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

// The README is the front door and docs/ the rooms behind it: a link to a page that moved must fail CI,
// not a reader.
const ROOT = join(__dirname, '..', '..');

function markdownFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** Relative links ([text](path) or [text](path#anchor)) outside code, that point at nothing. */
export function brokenLinks(file: string, markdown: string, exists: (path: string) => boolean): string[] {
  const prose = markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1\s*$/gm, '').replace(/`[^`\n]*`/g, '');
  const broken: string[] = [];
  for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue; // another site, or an anchor on this page
    const path = join(dirname(file), decodeURIComponent(target.split('#')[0]));
    if (!exists(path)) broken.push(`${file}: ${target}`);
  }
  return broken;
}

describe('links between the docs', () => {
  it('every relative link of README.md and docs/ points at a file that exists', () => {
    const files = ['README.md', ...markdownFiles('docs')];
    const broken = files.flatMap((file) =>
      brokenLinks(file, readFileSync(join(ROOT, file), 'utf8'), (path) => existsSync(join(ROOT, path))),
    );
    expect(broken).toEqual([]);
  });

  it('names a link to a page that does not exist, and ignores links shown as code', () => {
    const markdown = [
      'See [pairing](walkthroughs/pairing.md#pair) and [ok](ok.md).',
      '```md',
      '[x](gone.md)',
      '```',
      'Also `[y](gone.md)`.',
    ].join('\n');
    expect(brokenLinks('docs/index.md', markdown, (path) => relative('.', path) === 'docs/ok.md')).toEqual([
      'docs/index.md: walkthroughs/pairing.md#pair',
    ]);
  });
});
