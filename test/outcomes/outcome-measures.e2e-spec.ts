import { Role } from '../../src/common/auth/role';
import { episodeInCommunity } from '../support/builders';
import { day, reportingSite } from '../reports/report-fixtures';
import { TestApp } from '../support/test-app';

describe('Outcome measures', () => {
  let t: TestApp;
  let scenario: Awaited<ReturnType<typeof reportingSite>>;
  let e1: string;
  let e2: string;
  const seven = (v: number) => Array.from({ length: 7 }, () => v);
  const record = (episodeId: string, body: Record<string, unknown>, token = scenario.peer.user.token) =>
    t.call('POST', `/api/v1/support-episodes/${episodeId}/outcome-administrations`, { token, body });

  beforeAll(async () => {
    t = await TestApp.start();
    scenario = await reportingSite(t, 'Outcomes Trust');
    e1 = await episodeInCommunity(t, scenario.site, scenario.peer, 10);
    e2 = await episodeInCommunity(t, scenario.site, scenario.peer, 12);
  }, 120_000);
  afterAll(() => t?.close());

  it('lists the instrument catalogue with ranges, reversed items, the SWEMWBS conversion table and licences, and no item wording', async () => {
    const catalogue = await t.expect(200, 'GET', '/api/v1/outcome-instruments', { token: scenario.peer.user.token });
    expect(catalogue.map((i: any) => i.code)).toEqual(['hhi', 'ucla3', 'swemwbs', 'qpr15']);
    expect(catalogue[0]).toMatchObject({
      itemCount: 12,
      itemMin: 1,
      itemMax: 4,
      reversedItems: [3, 6],
      totalMin: 12,
      totalMax: 48,
    });
    expect(catalogue[2].conversionTable['21']).toBe(19.25);
    expect(catalogue.every((i: any) => i.licence.length > 0 && !('items' in i))).toBe(true);
  });

  it('records a SWEMWBS baseline item by item and computes the metric score on the server', async () => {
    const response = await record(e1, {
      instrument: 'swemwbs',
      timepoint: 'baseline',
      administeredOn: day(-9),
      itemScores: seven(3),
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      instrument: 'swemwbs',
      timepoint: 'baseline',
      itemsAnswered: 7,
      rawTotal: 21,
      score: 19.25,
      changeFromBaseline: 0,
    });
    const [row] = await t.dataSource.query(
      `SELECT raw_total, score, item_scores FROM outcome_administrations WHERE id = $1`,
      [response.json().id],
    );
    expect(row).toEqual({ raw_total: 21, score: 19.25, item_scores: seven(3) });
  });

  it('reverses Herth Hope Index items 3 and 6 when totalling', async () => {
    const items = [4, 4, 1, 4, 4, 1, 4, 4, 4, 4, 4, 4]; // the highest hope: 1 on the two reversed items
    const response = await record(e1, {
      instrument: 'hhi',
      timepoint: 'baseline',
      administeredOn: day(-9),
      itemScores: items,
    });
    expect(response.json()).toMatchObject({ rawTotal: 48, score: 48 });
  });

  it('refuses an item out of range as problem+json naming the item, and records nothing', async () => {
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM outcome_administrations`);
    const response = await record(e2, {
      instrument: 'qpr15',
      timepoint: 'baseline',
      administeredOn: day(-11),
      itemScores: [0, 1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors).toEqual([
      {
        field: 'itemScores[5]',
        messages: [
          'Item 6 of Questionnaire about the Process of Recovery (15 items) is scored 0–4 (or null if left blank)',
        ],
      },
    ]);
    const wrongCount = await record(e2, {
      instrument: 'ucla3',
      timepoint: 'baseline',
      administeredOn: day(-11),
      itemScores: [1, 2],
    });
    expect(wrongCount.json().errors[0].field).toBe('itemScores');
    const unknown = await record(e2, {
      instrument: 'phq9',
      timepoint: 'baseline',
      administeredOn: day(-11),
      itemScores: [1],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('instrument');
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM outcome_administrations`)).toEqual(before);
  });

  it('stores a form with a blank item but does not score it, as the manual says', async () => {
    const response = await record(e2, {
      instrument: 'ucla3',
      timepoint: 'baseline',
      administeredOn: day(-11),
      itemScores: [2, null, 3],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ itemsAnswered: 2, rawTotal: null, score: null });
    expect(response.json().notScoredReason).toContain('left blank');
  });

  it('refuses a second baseline of the same instrument for an episode (409)', async () => {
    const again = await record(e1, {
      instrument: 'swemwbs',
      timepoint: 'baseline',
      administeredOn: day(-8),
      itemScores: seven(2),
    });
    expect(again.statusCode).toBe(409);
  });

  it('gives the change from baseline per service user and per site', async () => {
    // e1: SWEMWBS 21 → 25 raw (19.25 → 22.35 metric, +3.10). e2: baseline 14 (15.32) → end 28 (25.03, +9.71).
    const end = await record(e1, {
      instrument: 'swemwbs',
      timepoint: 'end_of_support',
      administeredOn: day(-1),
      itemScores: [4, 4, 4, 4, 3, 3, 3],
    });
    expect(end.json()).toMatchObject({ rawTotal: 25, score: 22.35, changeFromBaseline: 3.1 });
    await record(e2, { instrument: 'swemwbs', timepoint: 'baseline', administeredOn: day(-11), itemScores: seven(2) });
    await record(e2, { instrument: 'swemwbs', timepoint: 'follow_up', administeredOn: day(-1), itemScores: seven(4) });
    const listed = await t.expect(200, 'GET', `/api/v1/support-episodes/${e1}/outcome-administrations`, {
      token: scenario.site.coordinator.token,
    });
    expect(listed.map((a: any) => [a.instrument, a.timepoint, a.score])).toEqual([
      ['swemwbs', 'baseline', 19.25],
      ['hhi', 'baseline', 48],
      ['swemwbs', 'end_of_support', 22.35],
    ]);
    const site = await t.expect(
      200,
      'GET',
      `/api/v1/outcomes?siteId=${scenario.site.siteId}&from=${day(-30)}&to=${day(0)}`,
      { token: scenario.site.coordinator.token },
    );
    // Means: baseline (19.25 + 15.32) / 2 = 17.285 → 17.29; latest (22.35 + 25.03) / 2 = 23.69; change (3.10 + 9.71) / 2 = 6.405 → 6.41.
    expect(site.instruments).toEqual([
      { instrument: 'swemwbs', pairs: 2, meanBaseline: 17.29, meanLatest: 23.69, meanChange: 6.41 },
    ]);
  });

  it('tracks a peer worker’s own wellbeing over their employment, seen by them and their coordinator only', async () => {
    const { peer, site } = scenario;
    const url = `/api/v1/peer-workers/${peer.peerWorkerId}/wellbeing-measures`;
    await t.expect(201, 'POST', url, {
      token: peer.user.token,
      body: { instrument: 'swemwbs', timepoint: 'employment_start', administeredOn: day(-60), itemScores: seven(3) },
    });
    const review = await t.expect(201, 'POST', url, {
      token: site.coordinator.token,
      body: { instrument: 'swemwbs', timepoint: 'employment_review', administeredOn: day(-1), itemScores: seven(4) },
    });
    expect(review).toMatchObject({ subject: 'peer_worker', rawTotal: 28, score: 25.03, changeFromBaseline: 5.78 });
    const hopeForWorker = await t.call('POST', url, {
      token: peer.user.token,
      body: {
        instrument: 'hhi',
        timepoint: 'employment_start',
        administeredOn: day(-1),
        itemScores: Array.from({ length: 12 }, () => 2),
      },
    });
    expect(hopeForWorker.statusCode).toBe(422);
    const colleague = await t.createUser([Role.PeerWorker], [site.siteId]);
    expect((await t.call('GET', url, { token: colleague.token })).statusCode).toBe(404);
    expect((await t.expect(200, 'GET', url, { token: peer.user.token })).length).toBe(2);
  });

  it('hides an episode’s measures from another site’s coordinator and audits every read', async () => {
    const elsewhere = await t.createSite('Elsewhere');
    const other = await t.createUser([Role.Coordinator], [elsewhere]);
    expect(
      (await t.call('GET', `/api/v1/support-episodes/${e1}/outcome-administrations`, { token: other.token }))
        .statusCode,
    ).toBe(404);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'outcome_administration.list' AND actor_id = $1`,
      [scenario.site.coordinator.id],
    );
    expect(n).toBeGreaterThan(0);
  });
});
