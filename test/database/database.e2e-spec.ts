import { randomBytes } from 'node:crypto';
import { ensureDatabaseExists, quoteIdentifier, runPendingMigrations } from '../../src/database/database-setup';
import { databaseUrl, withServerClient } from '../support/services';
import { TestApp } from '../support/test-app';

describe('Database: migrations and the audit trail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('leaves no drift between the migrations and the entities (generating a migration would yield nothing)', async () => {
    const sql = await t.dataSource.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('has applied every migration in migrations/', async () => {
    const pending = await t.dataSource.showMigrations();
    expect(pending).toBe(false);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on audit_events at the database level', async () => {
    await t.call('GET', '/api/v1/users', { token: t.adminToken });
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM audit_events`);
    expect(count).toBeGreaterThan(0);
    await expect(t.dataSource.query(`UPDATE audit_events SET action = 'tampered'`)).rejects.toThrow(
      /append-only: UPDATE/,
    );
    await expect(t.dataSource.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only: DELETE/);
    await expect(t.dataSource.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only: TRUNCATE/);
    const [{ after }] = await t.dataSource.query(
      `SELECT count(*)::int AS after FROM audit_events WHERE action <> 'tampered'`,
    );
    expect(after).toBe(count);
  });

  it('uses snake_case columns, UUID keys, timestamps and a version on records people edit', async () => {
    const columns: { column_name: string; data_type: string }[] = await t.dataSource.query(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'users' ORDER BY column_name`,
    );
    const byName = Object.fromEntries(columns.map((c) => [c.column_name, c.data_type]));
    expect(byName).toMatchObject({
      id: 'uuid',
      created_at: 'timestamp with time zone',
      updated_at: 'timestamp with time zone',
      version: 'integer',
      display_name: 'text',
    });
  });

  it('lets an admin read the audit trail filtered by actor, newest first, paged', async () => {
    const me = await t.expect(200, 'GET', '/api/v1/auth/me', { token: t.adminToken });
    await t.expect(200, 'GET', '/api/v1/users', { token: t.adminToken });
    await t.expect(200, 'GET', '/api/v1/users', { token: t.adminToken });
    const first = await t.expect(200, 'GET', `/api/v1/audit-events?actorId=${me.id}&limit=1`, { token: t.adminToken });
    expect(first.items).toHaveLength(1);
    expect(first.items[0]).toMatchObject({ actorId: me.id, action: 'user.list', actorRoles: ['admin'] });
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await t.expect(
      200,
      'GET',
      `/api/v1/audit-events?actorId=${me.id}&limit=1&cursor=${first.nextCursor}`,
      { token: t.adminToken },
    );
    expect(Number(second.items[0].id)).toBeLessThan(Number(first.items[0].id));
    const bad = await t.call('GET', '/api/v1/audit-events?from=yesterday', { token: t.adminToken });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('from');
  });
});

describe('First start on a fresh machine', () => {
  const name = `enrich_test_${process.env.ENRICH_TEST_RUN_ID}_fresh${randomBytes(3).toString('hex')}`;
  afterAll(async () => {
    await withServerClient((client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`));
  });

  it('creates the database when it is missing, migrates it, and does neither twice', async () => {
    expect(await ensureDatabaseExists(databaseUrl(name))).toBe(true);
    expect(await ensureDatabaseExists(databaseUrl(name))).toBe(false);
    const applied = await runPendingMigrations(databaseUrl(name));
    expect(applied.length).toBeGreaterThan(0);
    expect(await runPendingMigrations(databaseUrl(name))).toEqual([]);
  });
});
