import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, cpSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function lintDeps(root = ROOT): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'lint-deps.mjs')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** A copy of the tree's src/ and rules, to break a rule in without touching the checkout. */
function scratchCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'enrich-deps-'));
  for (const entry of [
    'src',
    'scripts',
    '.dependency-cruiser.cjs',
    '.dependency-cruiser-known-violations.json',
    'tsconfig.json',
    'package.json',
  ]) {
    cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

describe('Area dependency rules (npm run lint:deps)', () => {
  it('passes on the tree: no import of another area’s entities and no cycle between areas beyond the known list', () => {
    const { status, output } = lintDeps();
    expect(output).not.toMatch(/^error /m);
    expect(status).toBe(0);
  });

  it('refuses a new import of another area’s entities, and accepts it as a type-only import', () => {
    const dir = scratchCopy();
    try {
      const file = join(dir, 'src', 'wellbeing', 'wellbeing.service.ts');
      const source = readFileSync(file, 'utf8');
      writeFileSync(
        file,
        `import { Meeting } from '../delivery/meetings/entities/meeting.entity';\nexport const reach = Meeting;\n${source}`,
      );
      const refused = lintDeps(dir);
      expect(refused.status).toBe(1);
      expect(refused.output).toContain(
        'error no-other-areas-entities: src/wellbeing/wellbeing.service.ts → src/delivery/meetings/entities/meeting.entity.ts',
      );
      writeFileSync(
        file,
        `import type { Meeting } from '../delivery/meetings/entities/meeting.entity';\nexport type Reach = Meeting;\n${source}`,
      );
      expect(lintDeps(dir).status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a cycle between area folders', () => {
    const dir = scratchCopy();
    try {
      // Wellbeing builds on peer workers; peer workers importing wellbeing closes a cycle.
      const file = join(dir, 'src', 'workforce', 'peer-workers', 'peer-workers.service.ts');
      writeFileSync(
        file,
        `import { WellbeingService } from '../../wellbeing/wellbeing.service';\nexport const around = WellbeingService;\n${readFileSync(file, 'utf8')}`,
      );
      const refused = lintDeps(dir);
      expect(refused.status).toBe(1);
      expect(refused.output).toMatch(
        /error no-cycles-between-areas: .*(peer-workers.*wellbeing|wellbeing.*peer-workers)/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails when a known violation is fixed but still listed, so the list only shrinks', () => {
    const dir = scratchCopy();
    try {
      const known = join(dir, '.dependency-cruiser-known-violations.json');
      const list = JSON.parse(readFileSync(known, 'utf8'));
      list['no-other-areas-entities'].push('src/absence/absence.service.ts → src/users/entities/user.entity.ts');
      writeFileSync(known, JSON.stringify(list));
      const stale = lintDeps(dir);
      expect(stale.status).toBe(1);
      expect(stale.output).toContain('is fixed — remove it');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
