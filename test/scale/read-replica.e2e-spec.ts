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
describe('A read replica for reports and FHIR searches', () => {
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

  it('searches FHIR on the replica, while the read by id, the scope and the audit of the search stay on the primary', async () => {
    const { site, peer } = await reportingSite(t, 'FHIR Riverside');
    const episodeId = await episodeInCommunity(t, site, peer, 5);
    const [{ serviceUserId, held }] = await t.dataSource.query<{ serviceUserId: string; held: number }[]>(
      `SELECT e.service_user_id AS "serviceUserId",
              (SELECT count(*)::int FROM meetings m WHERE m.episode_id = e.id AND m.status = 'held') AS held
         FROM support_episodes e WHERE e.id = $1`,
      [episodeId],
    );
    expect(held).toBe(1);
    const fhir = (url: string) => t.expect(200, 'GET', url, { token: site.coordinator.token });

    // The benchmarked search (by patient and date) and the episode search read the replica, which holds neither.
    const encounters = await fhir(`/fhir/r4/Encounter?patient=Patient/${serviceUserId}&date=ge${day(-30)}`);
    expect(encounters.total).toBe(0);
    const episodes = await fhir(`/fhir/r4/EpisodeOfCare?patient=${serviceUserId}`);
    expect(episodes.total).toBe(0);
    // Read by id follows a reference just handed out: the primary, which has it.
    expect((await fhir(`/fhir/r4/EpisodeOfCare/${episodeId}`)).id).toBe(episodeId);

    // The searches were audited, on the primary (the replica refuses writes).
    const audited = await t.dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_events WHERE actor_id = $1 AND action IN ('fhir.Encounter.list', 'fhir.EpisodeOfCare.list')`,
      [site.coordinator.id],
    );
    expect(audited.map((a) => a.action).sort()).toEqual(['fhir.Encounter.list', 'fhir.EpisodeOfCare.list']);
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
