import { Role } from '../../src/common/auth/role';
import { allocationSequence, MAX_IMBALANCE } from '../../src/episodes/allocation/block-randomisation';
import { pair, Workforce } from '../support/builders';
import { TestApp, TestUser } from '../support/test-app';
import { referralBody, registerServiceUser } from '../support/builders';

describe('Randomised allocation', () => {
  let t: TestApp;
  let siteId: string;
  let coordinator: TestUser;

  beforeAll(async () => {
    t = await TestApp.start();
    siteId = await t.createSite('Trial Trust', { allocation: 'randomised' });
    coordinator = await t.createUser([Role.Coordinator], [siteId]);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function referConsented(diagnosis: string): Promise<string> {
    const serviceUserId = await registerServiceUser(t, coordinator.token, siteId, {
      consents: ['peer_support', 'research'],
    });
    const episode = await t.expect(201, 'POST', '/api/v1/support-episodes', {
      token: coordinator.token,
      body: referralBody(serviceUserId, { primaryDiagnosisGroup: diagnosis }),
    });
    expect(episode.allocatedArm).toBeNull();
    return episode.id;
  }

  it('allocates 1:1 in permuted blocks per site and diagnostic group, balanced at every point and reproducible from the stored seed', async () => {
    const diagnoses = ['psychotic', 'personality_disorder', 'mood', 'anxiety'];
    const episodeIds: string[] = [];
    for (let i = 0; i < 90; i++) episodeIds.push(await referConsented(diagnoses[i % diagnoses.length]));
    // Coordinators allocate at the same time: the stratum's row lock keeps the sequence whole.
    for (let i = 0; i < episodeIds.length; i += 15) {
      const batch = await Promise.all(
        episodeIds
          .slice(i, i + 15)
          .map((id) => t.call('POST', `/api/v1/support-episodes/${id}/allocation`, { token: coordinator.token })),
      );
      expect(batch.map((r) => r.statusCode)).toEqual(Array(batch.length).fill(200));
      for (const response of batch) {
        const episode = response.json();
        expect(episode.state).toBe(
          episode.allocatedArm === 'peer_support' ? 'awaiting_pairing' : 'allocated_usual_care',
        );
      }
    }

    const strata = await t.dataSource.query(
      `SELECT stratum, seed, allocations_made FROM randomisation_strata WHERE site_id = $1 ORDER BY stratum`,
      [siteId],
    );
    expect(strata.map((s: { stratum: string; allocations_made: number }) => [s.stratum, s.allocations_made])).toEqual([
      ['other_non_psychotic', 44],
      ['personality_disorder', 23],
      ['psychotic', 23],
    ]);
    for (const { stratum, seed } of strata) {
      const rows: { sequence_number: number; arm: string; block_size: number }[] = await t.dataSource.query(
        `SELECT sequence_number, arm, block_size FROM allocations WHERE site_id = $1 AND stratum = $2 ORDER BY sequence_number`,
        [siteId, stratum],
      );
      expect(rows.map((r) => r.sequence_number)).toEqual(rows.map((_, i) => i));
      let lead = 0;
      for (const row of rows) {
        lead += row.arm === 'peer_support' ? 1 : -1;
        expect(Math.abs(lead)).toBeLessThanOrEqual(MAX_IMBALANCE);
      }
      expect(rows.map((r) => r.arm)).toEqual(allocationSequence(seed, stratum, rows.length).map((d) => d.arm));
    }

    const audit = await t.expect(200, 'GET', `/api/v1/support-episodes/allocation-audit?siteId=${siteId}`, {
      token: t.adminToken,
    });
    expect(
      audit.strata.map((s: { stratum: string; allocationsMade: number; reproducedFromSeed: boolean }) => [
        s.stratum,
        s.allocationsMade,
        s.reproducedFromSeed,
      ]),
    ).toEqual([
      ['other_non_psychotic', 44, true],
      ['personality_disorder', 23, true],
      ['psychotic', 23, true],
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/seed"|[0-9a-f]{64}/);
    await t.expect(403, 'GET', `/api/v1/support-episodes/allocation-audit?siteId=${siteId}`, {
      token: coordinator.token,
    });
  });

  it('keeps the sequence concealed: no endpoint or schema exposes a seed or a future allocation', async () => {
    expect(Object.keys(t.openApi.paths).filter((path) => /\/(seed|sequence|strat|allocations)/i.test(path))).toEqual(
      [],
    );
    expect(JSON.stringify(t.openApi.components)).not.toMatch(
      /"(seed|nextBlockIndex|nextOffset|blockIndex|sequenceNumber)"/,
    );
    const id = await referConsented('psychotic');
    const before = await t.expect(200, 'GET', `/api/v1/support-episodes/${id}`, { token: coordinator.token });
    expect(before).toMatchObject({ state: 'referred', allocatedArm: null, allocationMethod: null });
    expect(JSON.stringify(before)).not.toMatch(/seed/i);
  });

  it('records every allocation immutably', async () => {
    const id = await referConsented('psychotic');
    await t.expect(200, 'POST', `/api/v1/support-episodes/${id}/allocation`, { token: coordinator.token });
    await expect(
      t.dataSource.query(`UPDATE allocations SET arm = 'peer_support' WHERE episode_id = $1`, [id]),
    ).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM allocations WHERE episode_id = $1`, [id])).rejects.toThrow(
      /append-only/,
    );
    await expect(t.dataSource.query(`TRUNCATE allocations CASCADE`)).rejects.toThrow(/append-only/);
  });

  it('refuses to randomise without consent to the research, and uses no place in the sequence', async () => {
    const serviceUserId = await registerServiceUser(t, coordinator.token, siteId, { consents: ['peer_support'] });
    const episode = await t.expect(201, 'POST', '/api/v1/support-episodes', {
      token: coordinator.token,
      body: referralBody(serviceUserId, { primaryDiagnosisGroup: 'personality_disorder' }),
    });
    const [before] = await t.dataSource.query(
      `SELECT allocations_made FROM randomisation_strata WHERE site_id = $1 AND stratum = 'personality_disorder'`,
      [siteId],
    );
    const problem = await t.expect(409, 'POST', `/api/v1/support-episodes/${episode.id}/allocation`, {
      token: coordinator.token,
    });
    expect(problem.rule).toBe('research_consent');
    const [after] = await t.dataSource.query(
      `SELECT allocations_made FROM randomisation_strata WHERE site_id = $1 AND stratum = 'personality_disorder'`,
      [siteId],
    );
    expect(after.allocations_made).toBe(before.allocations_made);
  });

  it('walks a service user randomised to peer support on to pairing, and ends the episode once consent is withdrawn', async () => {
    const peer = await (await Workforce.of(t, coordinator.token, siteId)).ready({ displayName: 'Trial Peer' });
    const waiting: { id: string; service_user_id: string }[] = await t.dataSource.query(
      `SELECT id, service_user_id FROM support_episodes WHERE site_id = $1 AND state = 'awaiting_pairing' ORDER BY created_at LIMIT 2`,
      [siteId],
    );
    const { episode: paired } = await pair(
      t,
      coordinator.token,
      waiting[0].id,
      peer.id,
      'Paired at the preference meeting',
    );
    expect(paired).toMatchObject({ state: 'paired', allocationMethod: 'randomised', allocatedArm: 'peer_support' });

    const [consent] = await t.dataSource.query(
      `SELECT id FROM consent_records WHERE service_user_id = $1 AND kind = 'peer_support'`,
      [waiting[1].service_user_id],
    );
    await t.expect(
      200,
      'POST',
      `/api/v1/service-users/${waiting[1].service_user_id}/consents/${consent.id}/withdrawal`,
      {
        token: coordinator.token,
        body: { withdrawnOn: '2026-11-06' },
      },
    );
    // Consent is live: the withdrawal itself ended the episode, so there is nothing left to pair.
    const ended = await t.expect(200, 'GET', `/api/v1/support-episodes/${waiting[1].id}`, { token: coordinator.token });
    expect(ended).toMatchObject({ state: 'ended', endingReason: 'consent_withdrawn', allocatedArm: 'peer_support' });
    const refused = await t.expect(409, 'POST', `/api/v1/support-episodes/${waiting[1].id}/pair`, {
      token: coordinator.token,
      body: { peerWorkerId: peer.id },
    });
    expect(refused).toMatchObject({ from: 'ended', to: 'paired' });
  });

  it('lets a service user allocated to usual care be ended with a reason', async () => {
    const [row] = await t.dataSource.query(
      `SELECT id FROM support_episodes WHERE site_id = $1 AND state = 'allocated_usual_care' LIMIT 1`,
      [siteId],
    );
    const ended = await t.expect(200, 'POST', `/api/v1/support-episodes/${row.id}/ending`, {
      token: coordinator.token,
      body: { endingReason: 'other', note: 'Trial follow-up complete' },
    });
    expect(ended.state).toBe('ended');
  });
});
