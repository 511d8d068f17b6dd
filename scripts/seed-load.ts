/**
 * `npm run seed:load -- <10k|1m> [--replace]`: migrate the database named by SEED_DATABASE_URL (default
 * DATABASE_URL, then postgres://postgres@127.0.0.1:5432/enrich_bench_<size>) and load the fixed benchmark seed;
 * --replace drops and recreates that database first.
 */
import { Client } from 'pg';
import { ensureDatabaseExists, quoteIdentifier, runPendingMigrations } from '../src/database/database-setup';
import { loadSeed } from './seed/load';
import { SEED_SIZES } from './seed/seed-sql';

export function benchDatabaseUrl(sizeName: string): string {
  return (
    process.env.SEED_DATABASE_URL ??
    process.env.DATABASE_URL ??
    `postgres://postgres@127.0.0.1:5432/enrich_bench_${sizeName}`
  );
}

/** --replace starts from an empty database (the audit and allocation tables refuse TRUNCATE by design). */
async function dropDatabase(url: string): Promise<void> {
  const server = new URL(url);
  const name = server.pathname.slice(1);
  server.pathname = '/postgres';
  const client = new Client({ connectionString: server.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const sizeName = (args.find((a) => !a.startsWith('--')) ?? process.env.SEED_SIZE ?? '10k').toLowerCase();
  const size = SEED_SIZES[sizeName];
  if (!size || sizeName === 'test') throw new Error(`Unknown seed size "${sizeName}"; use 10k or 1m`);
  const url = benchDatabaseUrl(sizeName);
  const started = Date.now();
  if (args.includes('--replace')) await dropDatabase(url);
  await ensureDatabaseExists(url);
  const applied = await runPendingMigrations(url);
  process.stdout.write(`${new URL(url).pathname.slice(1)}: ${applied.length} migrations applied\n`);
  await loadSeed(url, size, { log: (line) => process.stdout.write(`  ${line}\n`) });
  process.stdout.write(`Seed ${size.name} loaded in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

if (require.main === module) {
  void main().catch((error: unknown) => {
    process.stderr.write(`seed:load failed: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
