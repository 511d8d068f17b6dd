import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { quoteIdentifier } from '../../src/database/database-setup';
import { generateSql } from '../../src/database/sql/sql-generator';
import { databaseUrl, withServerClient } from '../support/services';

const QUERIES = join(__dirname, '..', '..', 'src', 'queries');

/**
 * The SQL in src/queries/ is what reviewers (and the index work) read; it must be what the
 * repositories send. Regenerated here against a fresh migrated database and compared file by file.
 */
describe('committed repository SQL', () => {
  const databaseName = `enrich_test_${process.env.ENRICH_TEST_RUN_ID}_sql_${randomBytes(3).toString('hex')}`;
  let generated: Map<string, string>;

  beforeAll(async () => {
    const template = process.env.ENRICH_TEST_TEMPLATE_DATABASE;
    if (!template) throw new Error('This test needs the global setup (run it with npm test)');
    await withServerClient((client) =>
      client.query(`CREATE DATABASE ${quoteIdentifier(databaseName)} TEMPLATE ${quoteIdentifier(template)}`),
    );
    generated = await generateSql(databaseUrl(databaseName));
  }, 120_000);

  afterAll(async () => {
    await withServerClient((client) =>
      client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(databaseName)} WITH (FORCE)`),
    );
  });

  it('has a committed SQL file for every repository, equal to what the repository sends (run npm run sql:generate)', () => {
    expect(generated.size).toBeGreaterThan(0);
    for (const [file, sql] of generated) {
      const committed = join(QUERIES, file);
      expect({ file, sql: existsSync(committed) ? readFileSync(committed, 'utf8') : '(missing)' }).toEqual({
        file,
        sql,
      });
    }
  });

  it('keeps no SQL file whose repository has gone', () => {
    const stale = readdirSync(QUERIES).filter((file) => file.endsWith('.sql') && !generated.has(file));
    expect(stale).toEqual([]);
  });
});
