import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..', '..');

/** A TCP port free right now on 127.0.0.1. */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * The app compiled as production runs it, into a directory of its own (so it never races `npm run build`
 * or reads a stale dist/). `remove()` deletes it.
 */
export async function buildApp(): Promise<{ main: string; remove: () => void }> {
  const outDir = join(ROOT, '.test-build', `resilience-${randomBytes(4).toString('hex')}`);
  // Type errors are the type check's business (tsc --noEmit, lint); this needs the emitted JavaScript, which tsc
  // writes even when a type is missing (e.g. a dependency not yet installed in this checkout).
  await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      join(ROOT, 'tsconfig.build.json'),
      '--outDir',
      outDir,
    ],
    { cwd: ROOT },
  ).catch((error: Error) => {
    if (!existsSync(join(outDir, 'src', 'main.js'))) throw error;
  });
  return { main: join(outDir, 'src', 'main.js'), remove: () => rmSync(outDir, { recursive: true, force: true }) };
}

/** One process of the built app (APP_ROLE api, worker or all), stderr shown only when TEST_LOG_LEVEL is set. */
export class AppProcess {
  private constructor(readonly child: ChildProcess) {}

  static start(main: string, env: Record<string, string>): AppProcess {
    const child = spawn(process.execPath, [main], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', process.env.TEST_LOG_LEVEL ? 'inherit' : 'ignore'],
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...env },
    });
    return new AppProcess(child);
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGKILL: no shutdown hook, no job completed, no lock released. Resolves once the process is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill(signal);
    await exited;
  }
}

/** Poll GET url until it answers `status` (any other answer, or none, is retried), or fail after `ms`. */
export async function waitForStatus(url: string, status = 200, ms = 90_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const got = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (got === status) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`${url} did not answer ${status} within ${ms} ms (last: ${got})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
