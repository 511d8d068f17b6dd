// `npm run sql:generate`: write every repository's SQL to src/queries/ from a migrated throwaway
// database on the server named by DATABASE_URL (the database itself is left alone).
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { validateEnvironment } from '../src/config/environment';
import { quoteIdentifier, runPendingMigrations, splitDatabaseUrl } from '../src/database/database-setup';
import { generateSql } from '../src/database/sql/sql-generator';

const QUERIES = join(__dirname, '..', '..', 'src', 'queries');

async function main(): Promise<void> {
  const { maintenanceUrl } = splitDatabaseUrl(validateEnvironment(process.env).DATABASE_URL);
  const name = `enrich_sql_${randomBytes(4).toString('hex')}`;
  const url = new URL(maintenanceUrl);
  url.pathname = `/${name}`;
  const server = new Client({ connectionString: maintenanceUrl });
  await server.connect();
  try {
    await server.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    await runPendingMigrations(url.toString());
    const files = await generateSql(url.toString());
    mkdirSync(QUERIES, { recursive: true });
    for (const stale of readdirSync(QUERIES).filter((file) => file.endsWith('.sql') && !files.has(file)))
      rmSync(join(QUERIES, stale));
    for (const [file, sql] of files) writeFileSync(join(QUERIES, file), sql);
    process.stdout.write(`Wrote ${files.size} files to src/queries\n`);
  } finally {
    await server.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
    await server.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
