import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { READ_DATA_SOURCE } from '../../src/database/read-data-source';
import { quoteIdentifier } from '../../src/database/database-setup';
import { episodeInCommunity } from '../support/builders';
import { databaseUrl, withServerClient } from '../support/services';
import { TestApp } from '../support/test-app';
import { day, reportingSite } from '../reports/report-fixtures';

/**
 * DATABASE_READ_URL sends the read-only reporting endpoints to a replica. The "replica" here is a second database
 * with the schema and none of the primary's rows, standing for a standby that has not caught up: what a report
 * shows then proves which connection it read, while writes, sign-in and scope checks keep working on the primary.
 */
describe('A read replica for reports', () => {
  let t: TestApp;
  const replica = `enrich_test_replica_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    const template = process.env.ENRICH_TEST_TEMPLATE_DATABASE!;
    await withServerClient((client) =>
      client.query(`CREATE DATABASE ${quoteIdentifier(replica)} TEMPLATE ${quoteIdentifier(template)}`),
    );
    t = await TestApp.start({ DATABASE_READ_URL: databaseUrl(replica) });
  });

  afterAll(async () => {
    await t?.close();
    await withServerClient((client) =>
      client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(replica)} WITH (FORCE)`),
    );
  });

  it('reads reports from the replica and writes to the primary', async () => {
    const { site, peer } = await reportingSite(t);
    const episodeId = await episodeInCommunity(t, site, peer, 5);
    const onPrimary = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM support_episodes WHERE site_id = $1',
      [site.siteId],
    );
    expect(onPrimary[0].n).toBe(1);

    const report = await t.expect(
      200,
      'GET',
      `/api/v1/reports/operational?siteId=${site.siteId}&from=${day(-30)}&to=${day(0)}`,
      { token: site.coordinator.token },
    );
    // The replica has not "caught up": it holds no episode, so the report read it and not the primary.
    expect(report.episodesByStateAndArm).toEqual([]);
    expect(episodeId).toEqual(expect.any(String));
  });

  it('holds a separate, read-only pool on the replica', async () => {
    const read = t.app.get<DataSource>(READ_DATA_SOURCE);
    expect(read).not.toBe(t.app.get<DataSource>(getDataSourceToken()));
    const [{ database }] = await read.query<{ database: string }[]>('SELECT current_database() AS database');
    expect(database).toBe(replica);
    await expect(read.query(`INSERT INTO audit_events DEFAULT VALUES`)).rejects.toThrow(/read-only transaction/);
  });

  it('reports the replica in readiness', async () => {
    const ready = await t.call('GET', '/health/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().details.postgresqlRead).toMatchObject({ status: 'up' });
  });
});
