import { Role } from '../../src/common/auth/role';
import { TestApp } from '../support/test-app';
import {
  DeliverySite,
  deliverySite,
  heldDetails,
  hoursFromNow,
  londonDate,
  pairedEpisode,
  PeerWorkerAccount,
  peerWorkerAccount,
  refusedWith,
  wardMeeting,
} from '../support/builders';

describe('Discharge meetings and service-user-owned plans', () => {
  let t: TestApp;
  let site: DeliverySite;
  let peer: PeerWorkerAccount;

  beforeAll(async () => {
    t = await TestApp.start();
    site = await deliverySite(t);
    peer = await peerWorkerAccount(t, site);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const dischargeMeeting = (extra: Record<string, unknown> = {}) => ({
    heldOn: londonDate(-4),
    attendees: [
      { role: 'service_user' },
      { role: 'ward_staff', name: 'Consultant psychiatrist' },
      { role: 'community_team', name: 'Care coordinator' },
      { role: 'peer_worker' },
    ],
    serviceUserInvitedPeerWorker: true,
    peerWorkerAttended: true,
    plannedDischargeOn: londonDate(-3),
    communityFollowUpArranged: true,
    communityFollowUpOn: londonDate(-1),
    ...extra,
  });

  async function inWardSupport(): Promise<string> {
    const episodeId = await pairedEpisode(t, site, peer.peerWorkerId);
    await t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, {
      token: peer.user.token,
      body: wardMeeting(hoursFromNow(-24 * 7), { status: 'held', held: heldDetails(-24 * 7) }),
    });
    return episodeId;
  }

  describe('the formal discharge meeting', () => {
    it('is recorded by ward staff, and shows the 72-hour follow-up standard once the actual discharge is known', async () => {
      const episodeId = await inWardSupport();
      const recorded = await t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/discharge-meetings`, {
        token: site.wardStaff.token,
        body: dischargeMeeting(),
      });
      expect(recorded).toMatchObject({
        serviceUserInvitedPeerWorker: true,
        peerWorkerAttended: true,
        recordedById: site.wardStaff.id,
        followUpStandard: { status: 'awaiting_discharge', dueBy: null, dischargedOn: null },
      });

      const discharged = await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/discharge`, {
        token: site.wardStaff.token,
        body: { dischargedOn: londonDate(-3) },
      });
      expect(discharged.state).toBe('community_support');
      const read = await t.expect(200, 'GET', `/api/v1/discharge-meetings/${recorded.id}`, {
        token: site.coordinator.token,
      });
      expect(read.followUpStandard).toEqual({
        status: 'met',
        dueBy: londonDate(0),
        daysAfterDischarge: 2,
        dischargedOn: londonDate(-3),
      });
      const listed = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}/discharge-meetings`, {
        token: peer.user.token,
      });
      expect(listed.map((m: { id: string }) => m.id)).toEqual([recorded.id]);

      // Now in the community, the peer worker's first community meeting is allowed (in addition to the team's follow-up).
      await t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, {
        token: peer.user.token,
        body: wardMeeting(hoursFromNow(-2), {
          setting: 'community_venue',
          status: 'held',
          held: heldDetails(-2, { loneWorkingExemptionReason: 'Met at the community team base with staff present' }),
        }),
      });
    });

    it('reports a follow-up later than 72 hours as not met', async () => {
      const episodeId = await inWardSupport();
      const recorded = await t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/discharge-meetings`, {
        token: site.wardStaff.token,
        body: dischargeMeeting({
          heldOn: londonDate(-8),
          plannedDischargeOn: londonDate(-6),
          communityFollowUpOn: londonDate(-1),
        }),
      });
      await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/discharge`, {
        token: site.wardStaff.token,
        body: { dischargedOn: londonDate(-6) },
      });
      const read = await t.expect(200, 'GET', `/api/v1/discharge-meetings/${recorded.id}`, {
        token: site.wardStaff.token,
      });
      expect(read.followUpStandard).toMatchObject({ status: 'not_met', daysAfterDischarge: 5 });
    });

    it('is refused to a peer worker (403) and to ward staff of another ward (404)', async () => {
      const episodeId = await inWardSupport();
      await t.expect(403, 'POST', `/api/v1/support-episodes/${episodeId}/discharge-meetings`, {
        token: peer.user.token,
        body: dischargeMeeting(),
      });
      const ward = await t.expect(201, 'POST', `/api/v1/sites/${site.siteId}/wards`, {
        token: t.adminToken,
        body: { name: 'Cedar Ward' },
      });
      const stranger = await t.createUser([Role.WardStaff], [site.siteId]);
      await t.expect(200, 'PUT', `/api/v1/users/${stranger.id}/wards/${ward.id}`, { token: t.adminToken });
      await t.expect(404, 'POST', `/api/v1/support-episodes/${episodeId}/discharge-meetings`, {
        token: stranger.token,
        body: dischargeMeeting(),
      });
    });

    it('refuses a peer worker at the meeting the service user did not invite them to, and an arranged follow-up without a date', async () => {
      const episodeId = await inWardSupport();
      const url = `/api/v1/support-episodes/${episodeId}/discharge-meetings`;
      await refusedWith(
        t,
        422,
        'peer_worker_attends_when_invited',
        'POST',
        url,
        site.wardStaff.token,
        dischargeMeeting({ serviceUserInvitedPeerWorker: false }),
      );
      await refusedWith(
        t,
        422,
        'follow_up_date_given',
        'POST',
        url,
        site.wardStaff.token,
        dischargeMeeting({ communityFollowUpOn: null }),
      );
      await refusedWith(
        t,
        422,
        'held_on_not_in_future',
        'POST',
        url,
        site.wardStaff.token,
        dischargeMeeting({ heldOn: londonDate(2), plannedDischargeOn: londonDate(3) }),
      );
    });
  });

  describe('service-user-owned plans', () => {
    const crisisPlan = {
      kind: 'crisis_plan',
      sections: [{ heading: 'Early warning signs', text: 'Not sleeping for two nights.' }],
      text: 'What helps is a walk.',
      sharedWithCareTeam: false,
      changeSummary: 'Written together at the second ward meeting',
    };

    it('keeps every version, names the owner and the supporting peer worker, and needs the current ETag to change', async () => {
      const episodeId = await inWardSupport();
      const base = `/api/v1/support-episodes/${episodeId}/plans`;
      const created = await t.expect(201, 'POST', base, { token: peer.user.token, body: crisisPlan });
      expect(created).toMatchObject({ kind: 'crisis_plan', version: 1, sharedWithCareTeam: false });
      await refusedWith(t, 409, 'one_plan_of_each_kind', 'POST', base, peer.user.token, crisisPlan);

      const read = await t.call('GET', `${base}/crisis_plan`, { token: peer.user.token });
      expect(read.headers.etag).toBe('W/"1"');
      const stale = await t.call('PATCH', `${base}/crisis_plan`, {
        token: peer.user.token,
        headers: { 'if-match': 'W/"0"' },
        body: { text: 'Changed' },
      });
      expect(stale.statusCode).toBe(412);

      const updated = await t.expect(200, 'PATCH', `${base}/crisis_plan`, {
        token: peer.user.token,
        headers: { 'if-match': read.headers.etag as string },
        body: {
          sections: [...crisisPlan.sections, { heading: 'Who to call', text: 'My sister, then the crisis line.' }],
          changeSummary: 'Added who to call',
        },
      });
      expect(updated).toMatchObject({ version: 2, text: 'What helps is a walk.' });
      await t.expect(200, 'PATCH', `${base}/crisis_plan`, {
        token: site.coordinator.token,
        headers: { 'if-match': 'W/"2"' },
        body: { sharedWithCareTeam: true },
      });

      const versions = await t.expect(200, 'GET', `${base}/crisis_plan/versions`, { token: peer.user.token });
      const episode = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, {
        token: site.coordinator.token,
      });
      expect(
        versions.map(
          (v: { versionNumber: number; changedByRole: string; changedFields: string[]; sections: unknown[] }) => [
            v.versionNumber,
            v.changedByRole,
            v.changedFields,
            v.sections.length,
          ],
        ),
      ).toEqual([
        [1, 'peer_worker', ['sections', 'text', 'sharedWithCareTeam'], 1],
        [2, 'peer_worker', ['sections'], 2],
        [3, 'coordinator', ['sharedWithCareTeam'], 2],
      ]);
      for (const v of versions)
        expect(v).toMatchObject({
          ownerServiceUserId: episode.serviceUserId,
          supportingPeerWorkerId: peer.peerWorkerId,
        });

      await expect(t.dataSource.query(`UPDATE service_user_plan_versions SET text = 'rewritten'`)).rejects.toThrow();
      await expect(t.dataSource.query(`DELETE FROM service_user_plan_versions`)).rejects.toThrow();
    });

    it('lets the ward team read the current version only when the service user agreed to share it', async () => {
      const episodeId = await inWardSupport();
      const base = `/api/v1/support-episodes/${episodeId}/plans`;
      await t.expect(201, 'POST', base, { token: peer.user.token, body: crisisPlan });
      await t.expect(201, 'POST', base, {
        token: peer.user.token,
        body: { ...crisisPlan, kind: 'discharge_plan', sharedWithCareTeam: true },
      });

      await t.expect(404, 'GET', `${base}/crisis_plan`, { token: site.wardStaff.token });
      const visible = await t.expect(200, 'GET', base, { token: site.wardStaff.token });
      expect(visible.map((p: { kind: string }) => p.kind)).toEqual(['discharge_plan']);
      await t.expect(403, 'GET', `${base}/discharge_plan/versions`, { token: site.wardStaff.token });
      await t.expect(403, 'PATCH', `${base}/discharge_plan`, {
        token: site.wardStaff.token,
        body: { text: 'Ward edit' },
      });

      await t.expect(200, 'PATCH', `${base}/crisis_plan`, {
        token: peer.user.token,
        body: { sharedWithCareTeam: true, changeSummary: 'Agreed to share with the ward' },
      });
      expect((await t.expect(200, 'GET', `${base}/crisis_plan`, { token: site.wardStaff.token })).version).toBe(2);
      const denied = await t.dataSource.query(
        `SELECT count(*)::int AS count FROM audit_events WHERE actor_id = $1 AND action = 'plan.read' AND outcome = 'denied'`,
        [site.wardStaff.id],
      );
      expect(denied[0].count).toBe(1);
    });

    it('refuses a save that changes nothing', async () => {
      const episodeId = await inWardSupport();
      const base = `/api/v1/support-episodes/${episodeId}/plans`;
      await t.expect(201, 'POST', base, { token: peer.user.token, body: crisisPlan });
      await t.expect(422, 'PATCH', `${base}/crisis_plan`, { token: peer.user.token, body: { text: crisisPlan.text } });
    });
  });
});
