import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The PostgreSQL server binaries of the newest major installed under /usr/lib/postgresql (or PG_BIN). */
async function binDir(): Promise<string> {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const { stdout } = await run('sh', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1']);
  const dir = stdout.trim();
  if (!dir) throw new Error('No PostgreSQL server binaries under /usr/lib/postgresql (set PG_BIN)');
  return dir;
}

/**
 * A PostgreSQL cluster of the test's own (initdb in a temporary directory, its own port and socket
 * directory), so the test may stop and start it without touching the shared server on 5432. initdb refuses
 * to run as root: as root, every pg command runs as the `postgres` OS user, which owns the directory.
 */
export class PrivatePostgres {
  private constructor(
    private readonly bin: string,
    readonly dir: string,
    readonly port: number,
    private readonly asRoot: boolean,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  databaseUrl(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  static async create(port: number): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'enrich-pg-'));
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: gid } = await run('id', ['-g', 'postgres']);
      chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    const pg = new PrivatePostgres(await binDir(), dir, port, asRoot);
    await pg.pg('initdb', ['-D', pg.dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
    await pg.start();
    return pg;
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  private async pg(command: string, args: string[]): Promise<void> {
    const binary = join(this.bin, command);
    if (this.asRoot) await run('runuser', ['-u', 'postgres', '--', binary, ...args], { cwd: this.dir });
    else await run(binary, args, { cwd: this.dir });
  }

  /** Start and wait until it accepts connections. */
  async start(): Promise<void> {
    await this.pg('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      join(this.dir, 'server.log'),
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=50`,
      '-w',
      'start',
    ]);
  }

  /** `immediate` is a crash as far as the clients see it (no checkpoint; WAL replay at the next start). */
  async stop(mode: 'fast' | 'immediate' = 'immediate'): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', 'stop']);
  }

  /** Stop (if running) and delete the cluster. Never throws: it runs in afterAll, after failures too. */
  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
