import { Client } from 'pg';
import { LINK_CONTACTS_SQL, SeedSize, seedStatements, UNLINK_UNHELD_SQL } from './seed-sql';

/** Load the seed into an empty, migrated database. Each statement is one INSERT … SELECT; the whole load is one transaction, then ANALYZE. */
export async function loadSeed(
  databaseUrl: string,
  size: SeedSize,
  options: { log?: (line: string) => void } = {},
): Promise<void> {
  const log = options.log ?? (() => undefined);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const [{ n }] = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM sites')).rows;
    if (n > 0)
      throw new Error(`The database already has ${n} sites; load the seed into an empty database (or pass --replace)`);
    await client.query('SET synchronous_commit = off');
    await client.query("SET maintenance_work_mem = '256MB'");
    await client.query('BEGIN');
    for (const sql of [...seedStatements(size), LINK_CONTACTS_SQL, UNLINK_UNHELD_SQL]) {
      const started = Date.now();
      const result = await client.query(sql);
      log(`${sql.trim().split(/\s+/).slice(0, 3).join(' ')}: ${result.rowCount} rows in ${Date.now() - started} ms`);
    }
    await client.query('COMMIT');
    const started = Date.now();
    await client.query('ANALYZE');
    log(`ANALYZE in ${Date.now() - started} ms`);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
