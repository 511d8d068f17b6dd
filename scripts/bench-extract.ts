/**
 * `npm run bench:extract`: the research extract's memory under a million meetings. Seeds the 1m benchmark data set
 * (the same `seed:load -- 1m` seed: 100,000 episodes, 1,000,000 meetings, every service user with research consent)
 * into SEED_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/enrich_bench_extract_1m) when that database has
 * no sites yet; starts the built app as an API process; measures its idle RSS; streams the whole meetings extract over
 * loopback while sampling the process's RSS every 50 ms; prints rows, bytes, time and the peak RSS above idle
 * (target: under 200 MB).
 *
 * The API runs with the Node options production runs with (the Dockerfile's NODE_OPTIONS, scripts/production-node-options.ts;
 * docs/reference/configuration.md), so the figure is the one a deployed API would show.
 *
 * Env: BENCH_EXTRACT_FILE (default meetings.csv), BENCH_EXTRACT_RUNS (2: the same file streamed again, to tell a
 * one-off warm-up from growth with the rows), BENCH_EXTRACT_READ_KBPS (0 = read as fast as possible; a limit
 * shows that a slow reader holds the server back rather than filling its memory), BENCH_EXTRACT_NODE_OPTIONS
 * (instead of the Dockerfile's, e.g. '' for V8's defaults, to compare).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import { ensureDatabaseExists, runPendingMigrations } from '../src/database/database-setup';
import { productionNodeOptions } from './production-node-options';
import { loadSeed } from './seed/load';
import { SEED_SIZES, seedIdOf } from './seed/seed-sql';

const JWT_SECRET = 'bench-secret-not-for-production-0123456789abcdef';
const KEY = 'bench:bench-extract-key-not-for-production-0123456789';
const PORT = 3911;
const FILE = process.env.BENCH_EXTRACT_FILE ?? 'meetings.csv';
const READ_KBPS = Number(process.env.BENCH_EXTRACT_READ_KBPS ?? 0);
const RUNS = Number(process.env.BENCH_EXTRACT_RUNS ?? 2);
const DATABASE_URL = process.env.SEED_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/enrich_bench_extract_1m';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const NODE_OPTIONS = process.env.BENCH_EXTRACT_NODE_OPTIONS ?? productionNodeOptions();

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

async function seedIfEmpty(): Promise<number> {
  await ensureDatabaseExists(DATABASE_URL);
  await runPendingMigrations(DATABASE_URL);
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const [{ sites }] = (await client.query<{ sites: number }>('SELECT count(*)::int AS sites FROM sites')).rows;
    if (sites === 0) {
      process.stdout.write(`Seeding ${new URL(DATABASE_URL).pathname.slice(1)} with the 1m seed…\n`);
      await loadSeed(DATABASE_URL, SEED_SIZES['1m'], { log: (line) => process.stdout.write(`  ${line}\n`) });
    }
    const [{ meetings }] = (await client.query<{ meetings: number }>('SELECT count(*)::int AS meetings FROM meetings'))
      .rows;
    return meetings;
  } finally {
    await client.end();
  }
}

async function waitReady(child: ReturnType<typeof spawn>): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < 120_000) {
    if (child.exitCode !== null) throw new Error(`The API exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error('The API was not ready within 120 s');
}

/** GET a path, reading the body (at most READ_KBPS when set); resolves with the status, bytes and lines. */
function download(path: string, token: string): Promise<{ status: number; bytes: number; lines: number }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: PORT, path, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        let bytes = 0;
        let lines = 0;
        const started = Date.now();
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
          if (READ_KBPS > 0) {
            const due = (bytes / 1024 / READ_KBPS) * 1000 - (Date.now() - started);
            if (due > 0) {
              res.pause();
              setTimeout(() => res.resume(), due);
            }
          }
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, lines }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function main(): Promise<void> {
  const meetings = await seedIfEmpty();
  const app = spawn(process.execPath, [join(__dirname, '..', 'src', 'main.js')], {
    env: {
      ...process.env,
      DATABASE_URL,
      DATABASE_MIGRATE_ON_START: 'false',
      JWT_SECRET,
      NODE_ENV: 'production',
      APP_ROLE: 'api',
      HOST: '127.0.0.1',
      PORT: String(PORT),
      REDIS_PREFIX: `enrich-bench-extract-${process.pid}`,
      LOG_LEVEL: 'warn',
      RESEARCH_EXTRACT_KEYS: KEY,
      NODE_OPTIONS,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitReady(app);
    const admin = seedIdOf('user', 'admin');
    const token = jwt.sign({ sub: admin, kind: 'user', roles: ['admin'], sites: [] }, JWT_SECRET, {
      algorithm: 'HS256',
      issuer: 'enrich',
      expiresIn: 3600,
    });
    // Warm the route (JIT, pool, auth) on a small file, then let the process settle before reading idle.
    const warm = await download('/api/v1/research-extracts/bench/outcomes.csv', token);
    if (warm.status !== 200) throw new Error(`The warm-up extract answered ${warm.status}`);
    global.gc?.();
    await sleep(3000);
    const pid = app.pid!;
    const idle = rssMb(pid);
    const lines = [
      `Research extract ${FILE} from ${new URL(DATABASE_URL).pathname.slice(1)} (${meetings} meetings in the database)`,
      `  API NODE_OPTIONS: ${NODE_OPTIONS || '(none: V8 defaults)'}; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
      `  API RSS idle (after start and a warm-up on a small file): ${idle.toFixed(0)} MB`,
    ];
    for (let run = 1; run <= RUNS; run++) {
      let peak = rssMb(pid);
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
      const started = Date.now();
      const result = await download(`/api/v1/research-extracts/bench/${FILE}`, token);
      clearInterval(sampler);
      const seconds = (Date.now() - started) / 1000;
      if (result.status !== 200) throw new Error(`The extract answered ${result.status}`);
      const rows = result.lines - 1;
      lines.push(
        `  run ${run}: ${rows} rows, ${(result.bytes / 1024 / 1024).toFixed(1)} MB in ${seconds.toFixed(1)} s (${Math.round(rows / seconds)} rows/s${READ_KBPS > 0 ? `, reader limited to ${READ_KBPS} KB/s` : ''}); ` +
          `peak RSS ${peak.toFixed(0)} MB = ${(peak - idle).toFixed(0)} MB above idle (target < 200 MB); load ${loadavg()[0].toFixed(2)}`,
      );
      await sleep(2000);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    app.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:extract failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
