/**
 * `npm run bench [-- 10k 1m]`: for each seeded size (npm run seed:load first), start the built app as an API
 * process plus a worker process, and the bare node:http + pg server, on the same database; then for every
 * scenario run autocannon from this process over loopback against each in interleaved rounds (app, bare, bare,
 * app, …), and print req/s, p50/p99, server CPU per request, app ÷ bare ratios and the API's RSS.
 *
 * Env: BENCH_CONNECTIONS (default 64; comma-separated for several), BENCH_DURATION_S (8), BENCH_ROUNDS (2),
 * BENCH_WRITE_AMOUNT (600: requests per run for writes that use each target once), BENCH_SCENARIOS (substring
 * filter), BENCH_OUT (write the results as JSON to this file), BENCH_CPU_PROFILE (a folder: the API process writes a
 * V8 CPU profile there when it stops; `node dist/scripts/bench/profile-summary.js <file>` groups it by package),
 * BENCH_NODE_OPTIONS (the API's and worker's NODE_OPTIONS instead of the Dockerfile's, e.g. '' for V8's defaults).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import { productionNodeOptions } from '../production-node-options';
import { benchDatabaseUrl } from '../seed-load';
import { SEED_SIZES, SeedSize } from '../seed/seed-sql';
import { deepPageCursor } from './deep-page-cursor';
import { coordinatorOfSite0, Scenario, scenarios } from './scenarios';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (
  opts: Record<string, unknown>,
  cb: (err: Error | null, result: AutocannonResult) => void,
) => unknown;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  duration: number;
}

const JWT_SECRET = 'bench-secret-not-for-production-0123456789abcdef';
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '64').split(',').map(Number);
const DURATION = Number(process.env.BENCH_DURATION_S ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const WRITE_AMOUNT = Number(process.env.BENCH_WRITE_AMOUNT ?? 600);
/** dist/, where the build puts src/ and scripts/. */
const DIST = join(__dirname, '..', '..');

interface Server {
  name: 'app' | 'bare';
  url: string;
  process: ChildProcess;
  worker?: ChildProcess;
  readyMs: number;
}

interface Measured {
  reqPerSec: number;
  p50: number;
  p99: number;
  cpuMsPerRequest: number;
  workerCpuMsPerRequest: number | null;
  maxRssMb: number;
  completed: number;
  failed: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** utime + stime of a process, in ms (from /proc, clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMb(pid: number): number {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    throw new Error(`process ${pid} is gone (it exited during the run; its stderr is above)`);
  }
  const line = status.split('\n').find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line?.split(/\s+/)[1] ?? 0) / 1024);
}

async function waitReady(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms`);
}

function start(script: string, env: Record<string, string>, nodeOptions: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeOptions, join(DIST, script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function startServers(databaseUrl: string): Promise<Server[]> {
  const common = {
    DATABASE_URL: databaseUrl,
    JWT_SECRET,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    REDIS_PREFIX: `enrich-bench-${process.pid}`,
    LOG_LEVEL: 'info',
    // The API and the worker run as production runs them (the Dockerfile's NODE_OPTIONS); the bare server with V8's defaults.
    NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? productionNodeOptions(),
  };
  const worker = start('src/main.js', { ...common, APP_ROLE: 'worker', PORT: '0' });
  const appStarted = Date.now();
  const profile = process.env.BENCH_CPU_PROFILE;
  const app = start(
    'src/main.js',
    { ...common, APP_ROLE: 'api', PORT: '3901' },
    profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [],
  );
  await waitReady('http://127.0.0.1:3901', app);
  const appReady = Date.now() - appStarted;
  const bareStarted = Date.now();
  const bare = start('scripts/bench/bare-server.js', { DATABASE_URL: databaseUrl, JWT_SECRET, PORT: '3902' });
  await waitReady('http://127.0.0.1:3902', bare);
  return [
    { name: 'app', url: 'http://127.0.0.1:3901', process: app, worker, readyMs: appReady },
    { name: 'bare', url: 'http://127.0.0.1:3902', process: bare, readyMs: Date.now() - bareStarted },
  ];
}

function runAutocannon(
  server: Server,
  scenario: Scenario,
  token: string,
  connections: number,
  amount?: number,
  duration = DURATION,
): Promise<AutocannonResult> {
  let i = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: server.url,
        // autocannon refuses more connections than requests (the 10k seed has 111 discharges to share out).
        connections: amount ? Math.min(connections, amount) : connections,
        ...(amount ? { amount } : { duration }),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (request: Record<string, unknown>) => {
              const next = scenario.request(i++);
              return {
                ...request,
                method: next.method,
                path: next.path,
                body: next.body === undefined ? undefined : JSON.stringify(next.body),
              };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/**
 * Discharges take the seeded ward-support episodes not yet discharged, each once across every run (the
 * generated plan's history is append-only, so a discharge cannot be undone): `npm run seed:load -- 1m --replace`
 * restores them.
 */
async function dischargeTargets(db: Client, scenario: Scenario): Promise<Scenario> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM support_episodes WHERE state = 'ward_support' AND discharged_on IS NULL ORDER BY id`,
  );
  let next = 0;
  const template = scenario.request(0);
  // Two warm-ups and two runs per round share the episodes: each gets its own, none is discharged twice (at 10k
  // there are only 111, so each run sends ~18 requests; a second run of the bench needs `seed:load -- <size> --replace`).
  const perRun = Math.floor(rows.length / (2 + 2 * ROUNDS));
  if (perRun === 0)
    throw new Error(
      `record a discharge: no ward-support episodes left to discharge; run seed:load with --replace first`,
    );
  if (perRun < WRITE_AMOUNT)
    process.stdout.write(
      `(record a discharge: ${rows.length} ward-support episodes left, ${perRun} requests per run)\n`,
    );
  return {
    ...scenario,
    targets: perRun,
    request: () => ({ ...template, path: `/api/v1/support-episodes/${rows[next++ % rows.length].id}/discharge` }),
  };
}

/** Put back what a write scenario used up (held meetings, discharges), so every run starts from the seed. */
async function resetWrites(db: Client, scenario: Scenario): Promise<void> {
  if (scenario.name === 'record a held meeting') {
    await db.query(`UPDATE meetings m SET status = 'planned', actual_start_at = NULL, actual_end_at = NULL, attendees = '[]'::jsonb, record = NULL, note = NULL
                      FROM support_episodes e WHERE e.id = m.episode_id AND e.state = 'ward_support' AND m.status = 'held' AND m.actual_start_at > now() - interval '1 day'`);
  }
  // A discharge is not put back: the plan it generated has an append-only history. Discharges use episodes
  // still in ward support instead (see dischargeTargets).
}

async function measure(
  db: Client,
  server: Server,
  scenario: Scenario,
  token: string,
  connections: number,
): Promise<Measured> {
  const amount = scenario.targets !== undefined ? Math.min(scenario.targets, WRITE_AMOUNT) : undefined;
  const pid = server.process.pid!;
  const cpuBefore = cpuMs(pid);
  const workerBefore = server.worker ? cpuMs(server.worker.pid!) : 0;
  let maxRss = rssMb(pid);
  // A process that dies mid-run is reported after the run (naming it), not thrown from the timer.
  const sampler = setInterval(() => {
    if (server.process.exitCode === null) maxRss = Math.max(maxRss, rssMb(pid));
  }, 250);
  const result = await runAutocannon(server, scenario, token, connections, amount);
  clearInterval(sampler);
  if (server.process.exitCode !== null || server.process.signalCode !== null)
    throw new Error(
      `the ${server.name} server exited (code ${server.process.exitCode}, signal ${server.process.signalCode}) during "${scenario.name}"`,
    );
  const completed = result['2xx'] + result.non2xx;
  const measured: Measured = {
    // Completed over elapsed time (autocannon's per-second average undercounts runs bounded by `amount`).
    reqPerSec: completed / Math.max(0.001, result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMsPerRequest: (cpuMs(pid) - cpuBefore) / Math.max(1, completed),
    workerCpuMsPerRequest: server.worker ? (cpuMs(server.worker.pid!) - workerBefore) / Math.max(1, completed) : null,
    maxRssMb: maxRss,
    completed,
    failed: result.non2xx + result.errors,
  };
  if (scenario.kind === 'write') await resetWrites(db, scenario);
  await settle(server);
  return measured;
}

/**
 * Requests autocannon abandoned at the end of a run are still being served; wait until the server has been idle
 * (no CPU used for 300 ms) so the next run, on either server, does not share the machine with them.
 */
async function settle(server: Server): Promise<void> {
  const pid = server.process.pid!;
  for (let i = 0; i < 50; i++) {
    const before = cpuMs(pid);
    await sleep(300);
    if (cpuMs(pid) - before <= 10) return;
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const f = (x: number, d = 1) => x.toFixed(d);

async function benchSize(size: SeedSize) {
  const url = benchDatabaseUrl(size.name);
  const db = new Client({ connectionString: url });
  await db.connect();
  const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM meetings')).rows;
  process.stdout.write(`\n## ${size.name}: ${n} meetings in ${new URL(url).pathname.slice(1)}\n`);
  const cursor = await deepPageCursor(db, coordinatorOfSite0().sites[0]);
  const servers = await startServers(url);
  const results: Record<string, unknown>[] = [];
  try {
    const [app, bare] = servers;
    process.stdout.write(
      `API startup to ready: ${app.readyMs} ms; idle RSS ${rssMb(app.process.pid!)} MB (bare ${rssMb(bare.process.pid!)} MB)\n\n`,
    );
    const filter = process.env.BENCH_SCENARIOS;
    const chosen = await Promise.all(
      scenarios(size, cursor)
        .filter((s) => !filter || filter.split(',').some((part) => s.name.includes(part)))
        .map((s) => (s.name === 'record a discharge' ? dischargeTargets(db, s) : Promise.resolve(s))),
    );
    for (const connections of CONNECTIONS) {
      process.stdout.write(
        `${connections} connections, ${DURATION} s runs (writes: up to ${WRITE_AMOUNT} requests), ${ROUNDS} interleaved rounds\n\n`,
      );
      process.stdout.write(
        '| scenario | app req/s | bare req/s | app ÷ bare | app p50 / p99 ms | bare p50 / p99 ms | app CPU ms/req (worker) | bare CPU ms/req | app max RSS MB | single-request app p50 ms | failed |\n',
      );
      process.stdout.write('|---|---|---|---|---|---|---|---|---|---|---|\n');
      for (const scenario of chosen) {
        const tokens = new Map(
          servers.map((s) => [
            s.name,
            jwt.sign(
              { sub: scenario.actor.id, kind: 'user', roles: scenario.actor.roles, sites: scenario.actor.sites },
              JWT_SECRET,
              { algorithm: 'HS256', issuer: 'enrich', expiresIn: 3600 },
            ),
          ]),
        );
        // Warm both (JIT, pools, caches) before measuring.
        for (const server of servers) {
          await runAutocannon(
            server,
            scenario,
            tokens.get(server.name)!,
            8,
            scenario.targets !== undefined ? Math.min(scenario.targets, 100) : undefined,
            2,
          );
          if (scenario.kind === 'write') await resetWrites(db, scenario);
          await settle(server);
        }
        const runs: Record<'app' | 'bare', Measured[]> = { app: [], bare: [] };
        for (let round = 0; round < ROUNDS; round++) {
          for (const server of round % 2 === 0 ? servers : [...servers].reverse())
            runs[server.name].push(await measure(db, server, scenario, tokens.get(server.name)!, connections));
        }
        const single =
          scenario.kind === 'read' ? await runAutocannon(app, scenario, tokens.get('app')!, 1, undefined, 2) : null;
        const a = (k: keyof Measured, who: 'app' | 'bare') => mean(runs[who].map((r) => Number(r[k] ?? 0)));
        const row = {
          size: size.name,
          connections,
          scenario: scenario.name,
          kind: scenario.kind,
          app: {
            reqPerSec: a('reqPerSec', 'app'),
            p50: a('p50', 'app'),
            p99: a('p99', 'app'),
            cpuMsPerRequest: a('cpuMsPerRequest', 'app'),
            workerCpuMsPerRequest: a('workerCpuMsPerRequest', 'app'),
            maxRssMb: Math.max(...runs.app.map((r) => r.maxRssMb)),
          },
          bare: {
            reqPerSec: a('reqPerSec', 'bare'),
            p50: a('p50', 'bare'),
            p99: a('p99', 'bare'),
            cpuMsPerRequest: a('cpuMsPerRequest', 'bare'),
          },
          ratio: a('reqPerSec', 'app') / Math.max(1e-9, a('reqPerSec', 'bare')),
          singleRequestP50: single?.latency.p50 ?? null,
          failed: runs.app.concat(runs.bare).reduce((t, r) => t + r.failed, 0),
          rounds: runs,
        };
        results.push(row);
        process.stdout.write(
          `| ${scenario.name} | ${f(row.app.reqPerSec)} | ${f(row.bare.reqPerSec)} | ${f(row.ratio, 2)} | ${f(row.app.p50)} / ${f(row.app.p99)} | ${f(row.bare.p50)} / ${f(row.bare.p99)} | ` +
            `${f(row.app.cpuMsPerRequest, 2)} (${f(row.app.workerCpuMsPerRequest, 2)}) | ${f(row.bare.cpuMsPerRequest, 2)} | ${row.app.maxRssMb} | ${row.singleRequestP50 === null ? '–' : f(row.singleRequestP50)} | ${row.failed} |\n`,
        );
      }
      process.stdout.write('\n');
    }
    return { size: size.name, meetings: n, appReadyMs: app.readyMs, results };
  } finally {
    for (const server of servers) {
      server.process.kill('SIGTERM');
      server.worker?.kill('SIGTERM');
    }
    await db.end();
    await sleep(500);
  }
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const all = [];
  process.stdout.write(
    `# npm run bench — ${new Date().toISOString()}, node ${process.version}, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; ` +
      `API and worker NODE_OPTIONS: ${(process.env.BENCH_NODE_OPTIONS ?? productionNodeOptions()) || '(none)'}\n`,
  );
  for (const name of sizes.length > 0 ? sizes : ['10k', '1m']) {
    const size = SEED_SIZES[name.toLowerCase()];
    if (!size) throw new Error(`Unknown size ${name}; use 10k or 1m`);
    all.push(await benchSize(size));
  }
  if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, JSON.stringify(all, null, 2));
}

void main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
