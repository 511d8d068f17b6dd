import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { coordinatorOfSite0, scenarios } from '../../scripts/bench/scenarios';
import { loadSeed } from '../../scripts/seed/load';
import { SEED_SIZES } from '../../scripts/seed/seed-sql';
import { deepPageCursor } from '../../scripts/bench/deep-page-cursor';
import { planProblems, PlanNode } from '../../scripts/bench/plan-check';
import { databaseUrl } from '../support/services';
import { TestApp } from '../support/test-app';

/**
 * Every query the benchmark's requests run, captured as the app sends it, is explained on a seeded database:
 * none may read a large table from end to end (a sequential scan, or an index scan with no condition, which is
 * how a nested loop "over all episodes" starts). Checked twice: with the planner's own choice on the seed after
 * ANALYZE, and with sequential scans priced out (then a Seq Scan remains only where no index can serve at all,
 * which does not depend on how large the seed is).
 */
/** Below this many 8 kB pages a whole-table read is cheaper than an index; the 1M seed's large tables have thousands. */
const SMALL_TABLE_PAGES = 30;

describe('Query plans of the benchmarked requests', () => {
  let t: TestApp;
  let explainer: Client;
  const captured: { text: string; values: unknown[] }[] = [];
  let capturing = false;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be re-bound with .apply and restored
  const originalQuery = Client.prototype.query;

  beforeAll(async () => {
    t = await TestApp.start();
    await loadSeed(databaseUrl(t.databaseName), SEED_SIZES.test);
    explainer = new Client({ connectionString: databaseUrl(t.databaseName) });
    await explainer.connect();
    // Record what the app sends to PostgreSQL while a scenario runs.
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      if (capturing && this !== explainer) {
        const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown];
        const text = typeof config === 'string' ? config : config?.text;
        const params = Array.isArray(values) ? values : typeof config === 'object' ? (config?.values ?? []) : [];
        if (typeof text === 'string') captured.push({ text, values: params });
      }
      return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
  });

  afterAll(async () => {
    Client.prototype.query = originalQuery;
    await explainer?.end();
    await t?.close();
  });

  it('reads no large table end to end for any benchmarked request', async () => {
    const actor = coordinatorOfSite0();
    const token = await t.app
      .get(JwtService)
      .signAsync({ sub: actor.id, kind: 'user', roles: actor.roles, sites: actor.sites });
    const cursor = await deepPageCursor(explainer, actor.sites[0]);
    // The planner rightly reads a table of a few pages whole; such tables are judged only with seq scans priced out.
    // A table the seed leaves empty cannot be judged at all (its plan is a tie between any index and none).
    const { rows: sizes } = await explainer.query<{ relname: string; relpages: number }>(
      `SELECT relname, relpages FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`,
    );
    const empty = new Set(sizes.filter((r) => r.relpages === 0).map((r) => r.relname));
    const fewPages = new Set(sizes.filter((r) => r.relpages < SMALL_TABLE_PAGES).map((r) => r.relname));
    expect(
      [...empty].filter((name) =>
        ['meetings', 'support_episodes', 'service_users', 'pairings', 'planned_contacts'].includes(name),
      ),
    ).toEqual([]);
    const problems: string[] = [];
    let explained = 0;
    for (const scenario of scenarios(SEED_SIZES.test, cursor)) {
      const { method, path, body } = scenario.request(0);
      captured.length = 0;
      capturing = true;
      const response = await t.call(method, path, { token, body });
      capturing = false;
      expect({
        scenario: scenario.name,
        status: response.statusCode,
        body: response.statusCode < 300 ? '' : response.body,
      }).toEqual({
        scenario: scenario.name,
        status:
          scenario.kind === 'write' && method === 'POST' && !path.endsWith('/held') && !path.endsWith('/discharge')
            ? 201
            : 200,
        body: '',
      });
      const selects = captured.filter((q) => /^\s*(SELECT|WITH)\b/i.test(q.text));
      expect(selects.length).toBeGreaterThan(0);
      for (const query of selects) {
        for (const seqscan of ['on', 'off']) {
          await explainer.query(`SET enable_seqscan = ${seqscan}`);
          const { rows } = await explainer.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
            `EXPLAIN (FORMAT JSON) ${query.text}`,
            query.values,
          );
          explained += 1;
          for (const problem of planProblems(rows[0]['QUERY PLAN'][0].Plan, seqscan === 'on' ? fewPages : empty)) {
            problems.push(
              `${scenario.name} (enable_seqscan=${seqscan}): ${problem}\n    ${query.text.replace(/\s+/g, ' ').slice(0, 300)}`,
            );
          }
        }
      }
    }
    expect(explained).toBeGreaterThan(20);
    expect([...new Set(problems)]).toEqual([]);
  });

  it('writes a discharge’s outbox rows in batches, not one INSERT per planned contact', async () => {
    const discharge = scenarios(SEED_SIZES.test, '').find((s) => s.name === 'record a discharge')!;
    const token = await t.app
      .get(JwtService)
      .signAsync({ sub: discharge.actor.id, kind: 'user', roles: discharge.actor.roles, sites: discharge.actor.sites });
    // A target the plan test above did not use (each ward-support episode can be discharged once).
    const { method, path, body } = discharge.request(1);
    const count = async () =>
      Number((await explainer.query<{ n: string }>('SELECT count(*) AS n FROM outbox_events')).rows[0].n);
    const before = await count();
    captured.length = 0;
    capturing = true;
    const response = await t.call(method, path, { token, body });
    capturing = false;
    expect(response.statusCode).toBe(200);
    const rowsWritten = (await count()) - before;
    const outboxInserts = captured.filter((q) => /^\s*INSERT INTO "?outbox_events"?/i.test(q.text)).length;
    // The plan's contacts each get a planned_contact.scheduled row: at least ten rows in a handful of statements.
    expect(rowsWritten).toBeGreaterThanOrEqual(10);
    expect(outboxInserts).toBeLessThanOrEqual(3);
  });

  it('flags a sequential scan of meetings, as the check the test relies on', async () => {
    await explainer.query('SET enable_seqscan = on');
    const { rows } = await explainer.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
      `EXPLAIN (FORMAT JSON) SELECT * FROM meetings WHERE note = 'x'`,
    );
    expect(planProblems(rows[0]['QUERY PLAN'][0].Plan)).toEqual([expect.stringContaining('Seq Scan on meetings')]);
  });
});
