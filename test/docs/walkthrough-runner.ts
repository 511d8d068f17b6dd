import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs a walkthrough (docs/walkthroughs/*.md) as a reader would: every ```bash block, in order, in one
 * bash session with `set -euo pipefail`, each block's stdout compared with the ```output block that
 * directly follows it (a line `...` matches any number of lines). The format is described in
 * docs/walkthroughs/README.md.
 */

export interface WalkthroughBlock {
  /** 1-based position among the file's bash blocks. */
  number: number;
  /** 1-based line of the opening fence in the markdown. */
  line: number;
  script: string;
  /** Lines of the ```output block directly after it, if there is one. */
  expected?: string[];
  expectedLine?: number;
}

const FENCE = /^(`{3,})\s*([\w-]*)\s*$/;

/** The bash blocks of a markdown file, each with the output block that directly follows it (blank lines allowed between). */
export function parseWalkthrough(markdown: string): WalkthroughBlock[] {
  const lines = markdown.split(/\r?\n/);
  const fences: { info: string; line: number; body: string[]; closedAt: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, ticks, info] = open;
    const body: string[] = [];
    let j = i + 1;
    // A fence closes on a line of at least as many backticks and nothing else (CommonMark).
    while (j < lines.length && !new RegExp(`^\`{${ticks.length},}\\s*$`).test(lines[j])) body.push(lines[j++]);
    fences.push({ info, line: i + 1, body, closedAt: j + 1 });
    i = j;
  }
  const blocks: WalkthroughBlock[] = [];
  fences.forEach((fence, k) => {
    if (fence.info !== 'bash') return;
    const block: WalkthroughBlock = { number: blocks.length + 1, line: fence.line, script: fence.body.join('\n') };
    const next = fences[k + 1];
    const between = next ? lines.slice(fence.closedAt, next.line - 1) : [];
    if (next && next.info === 'output' && between.every((line) => line.trim() === '')) {
      block.expected = next.body;
      block.expectedLine = next.line;
    }
    blocks.push(block);
  });
  return blocks;
}

type Step = { kind: 'same' | 'expected' | 'actual' | 'wildcard' | 'absorbed'; text: string };

function normalise(lines: string[]): string[] {
  const out = lines.map((line) => line.trimEnd());
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

/**
 * Aligns documented and printed lines; `...` absorbs any number of printed lines at no cost.
 * Returns null when they match, else a diff (`-` documented, `+` printed).
 */
export function compareOutput(expectedLines: string[], actualLines: string[]): string | null {
  const expected = normalise(expectedLines);
  const actual = normalise(actualLines);
  const n = expected.length;
  const m = actual.length;
  // cost[i][j]: fewest unmatched lines aligning expected[i..] with actual[j..].
  const cost = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      if (i === n) cost[i][j] = m - j;
      else if (expected[i] === '...') cost[i][j] = Math.min(cost[i + 1][j], j < m ? cost[i][j + 1] : Infinity);
      else {
        let best = 1 + cost[i + 1][j];
        if (j < m) best = Math.min(best, 1 + cost[i][j + 1]);
        if (j < m && expected[i] === actual[j]) best = Math.min(best, cost[i + 1][j + 1]);
        cost[i][j] = best;
      }
    }
  }
  if (cost[0][0] === 0) return null;

  const steps: Step[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i === n) steps.push({ kind: 'actual', text: actual[j++] });
    else if (expected[i] === '...') {
      if (j < m && cost[i][j] === cost[i][j + 1]) steps.push({ kind: 'absorbed', text: actual[j++] });
      else steps.push({ kind: 'wildcard', text: expected[i++] });
    } else if (j < m && expected[i] === actual[j] && cost[i][j] === cost[i + 1][j + 1]) {
      steps.push({ kind: 'same', text: expected[i++] });
      j++;
    } else if (cost[i][j] === 1 + cost[i + 1][j]) steps.push({ kind: 'expected', text: expected[i++] });
    else steps.push({ kind: 'actual', text: actual[j++] });
  }
  const prefix: Record<Step['kind'], string> = {
    same: '  ',
    expected: '- ',
    actual: '+ ',
    wildcard: '  ',
    absorbed: '  … ',
  };
  return ['- documented', '+ printed', ...steps.map((step) => prefix[step.kind] + step.text)].join('\n');
}

export interface RunOptions {
  /** Shown in failure messages, e.g. docs/walkthroughs/pairing.md. */
  name: string;
  env: Record<string, string>;
  blockTimeoutMs?: number;
}

/** Runs every block; resolves with null when all ran and printed what the docs say, else a message naming the file, block and diff. */
export async function runWalkthrough(markdown: string, options: RunOptions): Promise<string | null> {
  const blocks = parseWalkthrough(markdown);
  if (blocks.length === 0) return `${options.name}: no \`\`\`bash blocks to run`;
  const dir = mkdtempSync(join(tmpdir(), 'enrich-walkthrough-'));
  blocks.forEach((block) => writeFileSync(join(dir, `block-${block.number}.sh`), `${block.script}\n`));
  const bash = spawn('bash', ['--noprofile', '--norc'], {
    cwd: dir,
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let control = '';
  let shellStderr = '';
  let exited: number | null | undefined;
  let wake: () => void = () => undefined;
  bash.stdout.on('data', (chunk: Buffer) => {
    control += chunk.toString();
    wake();
  });
  bash.stderr.on('data', (chunk: Buffer) => (shellStderr += chunk.toString()));
  bash.on('exit', (code) => {
    exited = code;
    wake();
  });
  bash.stdin.on('error', () => undefined); // the shell may have exited on a failing block
  // inherit_errexit: a failing command inside $(…) stops the walkthrough as well.
  bash.stdin.write('set -euo pipefail\nshopt -s inherit_errexit\n');

  const read = (file: string): string => {
    try {
      return readFileSync(join(dir, file), 'utf8');
    } catch {
      return '';
    }
  };
  const where = (block: WalkthroughBlock) => `${options.name}, bash block ${block.number} (line ${block.line})`;
  const tail = (text: string) => text.split('\n').slice(-40).join('\n');

  try {
    for (const block of blocks) {
      const marker = `walkthrough-block-done-${block.number}`;
      bash.stdin.write(
        `source ./block-${block.number}.sh > ./out-${block.number} 2> ./err-${block.number}\necho ${marker}\n`,
      );
      const timeoutMs = options.blockTimeoutMs ?? 60000;
      const deadline = Date.now() + timeoutMs;
      while (!control.includes(marker) && exited === undefined && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 200);
        });
      }
      const stdout = read(`out-${block.number}`);
      const stderr = read(`err-${block.number}`) + shellStderr;
      if (!control.includes(marker)) {
        const why =
          exited === undefined
            ? `did not finish within ${timeoutMs / 1000} s`
            : `failed (the shell exited with status ${exited})`;
        return `${where(block)} ${why}\n--- stderr ---\n${tail(stderr)}\n--- stdout ---\n${tail(stdout)}`;
      }
      if (block.expected) {
        const diff = compareOutput(block.expected, stdout.split('\n'));
        if (diff) {
          return `${where(block)}: its output differs from the \`\`\`output block at line ${block.expectedLine}\n${diff}${stderr ? `\n--- stderr ---\n${tail(stderr)}` : ''}`;
        }
      }
    }
    return null;
  } finally {
    bash.stdin.end();
    if (exited === undefined && bash.pid) {
      try {
        process.kill(-bash.pid, 'SIGKILL'); // the walkthrough's own shell and anything it started
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
