import { LoneWorkingService } from '../../src/delivery/lone-working/lone-working.service';
import { TestApp } from '../support/test-app';
import {
  DeliverySite,
  deliverySite,
  episodeInCommunity,
  hoursFromNow,
  PeerWorkerAccount,
  peerWorkerAccount,
  refusedWith,
  wardMeeting,
} from '../support/builders';

describe('Lone and home working', () => {
  let t: TestApp;
  let site: DeliverySite;
  let peer: PeerWorkerAccount;
  let episodeId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    site = await deliverySite(t);
    peer = await peerWorkerAccount(t, site);
    episodeId = await episodeInCommunity(t, site, peer);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const homeVisit = async () =>
    t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, {
      token: peer.user.token,
      body: wardMeeting(hoursFromNow(0.1), { setting: 'service_user_home' }),
    });
  const start = (meetingId: string, expectedEndAt = hoursFromNow(1)) =>
    t.expect(201, 'POST', `/api/v1/meetings/${meetingId}/visit`, {
      token: peer.user.token,
      body: { location: '14 Mill Lane, ground floor flat', expectedEndAt },
    });
  const events = (visitId: string) =>
    t.dataSource.query(`SELECT type, payload FROM outbox_events WHERE aggregate_id = $1 ORDER BY created_at`, [
      visitId,
    ]);

  it('starts a home visit with where and until when, checks in and out, and writes the events in the same step', async () => {
    const meeting = await homeVisit();
    const expectedEndAt = hoursFromNow(1);
    const visit = await start(meeting.id, expectedEndAt);
    expect(visit).toMatchObject({
      meetingId: meeting.id,
      peerWorkerId: peer.peerWorkerId,
      siteId: site.siteId,
      safety: 'on_time',
      checkedOutAt: null,
    });
    expect(await events(visit.id)).toEqual([
      {
        type: 'lone_working.visit_started',
        payload: {
          visitId: visit.id,
          expectedEndAt: new Date(expectedEndAt).toISOString(),
          peerWorkerId: peer.peerWorkerId,
          siteId: site.siteId,
        },
      },
    ]);

    const open = await t.expect(200, 'GET', '/api/v1/lone-working/visits?status=open', {
      token: site.coordinator.token,
    });
    expect(open.map((v: { id: string }) => v.id)).toContain(visit.id);

    const later = hoursFromNow(1.5);
    const checkedIn = await t.expect(200, 'POST', `/api/v1/lone-working/visits/${visit.id}/check-in`, {
      token: peer.user.token,
      body: { expectedEndAt: later },
    });
    expect(checkedIn.checkIns).toHaveLength(1);
    expect(new Date(checkedIn.expectedEndAt).toISOString()).toBe(new Date(later).toISOString());

    await t.expect(403, 'POST', `/api/v1/lone-working/visits/${visit.id}/check-out`, { token: site.coordinator.token });
    const out = await t.expect(200, 'POST', `/api/v1/lone-working/visits/${visit.id}/check-out`, {
      token: peer.user.token,
    });
    expect(out).toMatchObject({ safety: 'checked_out' });
    expect((await events(visit.id)).map((e: { type: string }) => e.type)).toEqual([
      'lone_working.visit_started',
      'lone_working.checked_in',
      'lone_working.checked_out',
    ]);
    await refusedWith(
      t,
      409,
      'visit_open',
      'POST',
      `/api/v1/lone-working/visits/${visit.id}/check-out`,
      peer.user.token,
    );
    const stillOpen = await t.expect(200, 'GET', '/api/v1/lone-working/visits?status=open', {
      token: site.coordinator.token,
    });
    expect(stillOpen.map((v: { id: string }) => v.id)).not.toContain(visit.id);
  });

  it('refuses a visit for a meeting that is not at a home or in a public place, a second visit, and an expected end in the past', async () => {
    const online = await t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, {
      token: peer.user.token,
      body: wardMeeting(hoursFromNow(1), { mode: 'video', setting: 'online' }),
    });
    await refusedWith(
      t,
      409,
      'visit_in_home_or_public_place',
      'POST',
      `/api/v1/meetings/${online.id}/visit`,
      peer.user.token,
      { location: 'Video call', expectedEndAt: hoursFromNow(2) },
    );
    const meeting = await homeVisit();
    await refusedWith(
      t,
      422,
      'expected_end_in_future',
      'POST',
      `/api/v1/meetings/${meeting.id}/visit`,
      peer.user.token,
      { location: 'Home', expectedEndAt: hoursFromNow(-1) },
    );
    await start(meeting.id);
    await refusedWith(
      t,
      409,
      'one_visit_per_meeting',
      'POST',
      `/api/v1/meetings/${meeting.id}/visit`,
      peer.user.token,
      { location: 'Home', expectedEndAt: hoursFromNow(2) },
    );
    const colleague = await peerWorkerAccount(t, site);
    await t.expect(404, 'POST', `/api/v1/meetings/${meeting.id}/visit`, {
      token: colleague.user.token,
      body: { location: 'Home', expectedEndAt: hoursFromNow(2) },
    });
  });

  it('escalates a missed check-out to the coordinator, then the deputy, until someone acknowledges', async () => {
    const meeting = await homeVisit();
    const visit = await start(meeting.id);
    const loneWorking = t.app.get(LoneWorkingService);
    const end = new Date(visit.expectedEndAt).getTime();
    const minutesAfterEnd = (m: number) => new Date(end + m * 60_000);

    expect(await loneWorking.escalationDue(visit.id, minutesAfterEnd(10))).toMatchObject({
      safety: { state: 'grace' },
      escalateTo: null,
    });
    expect(await loneWorking.escalationDue(visit.id, minutesAfterEnd(31))).toMatchObject({
      safety: { state: 'overdue_escalate_coordinator' },
      escalateTo: { role: 'coordinator', userId: site.coordinator.id },
    });
    expect(await loneWorking.escalationDue(visit.id, minutesAfterEnd(46))).toMatchObject({
      safety: { state: 'overdue_escalate_deputy' },
      escalateTo: { role: 'deputy', userId: site.deputy.id },
    });

    // The clock really passes: the visit was due back 40 minutes ago.
    await t.dataSource.query(
      `UPDATE lone_working_visits SET expected_end_at = now() - interval '40 minutes' WHERE id = $1`,
      [visit.id],
    );
    const overdue = await t.expect(200, 'GET', '/api/v1/lone-working/visits?status=overdue', {
      token: site.coordinator.token,
    });
    expect(overdue.find((v: { id: string }) => v.id === visit.id)).toMatchObject({
      safety: 'overdue_escalate_coordinator',
      escalateTo: 'coordinator',
    });
    const elsewhere = await deliverySite(t, 'South Hills');
    expect(
      await t.expect(200, 'GET', '/api/v1/lone-working/visits?status=overdue', { token: elsewhere.coordinator.token }),
    ).toEqual([]);

    const acknowledged = await t.expect(200, 'POST', `/api/v1/lone-working/visits/${visit.id}/acknowledgement`, {
      token: site.deputy.token,
    });
    expect(acknowledged).toMatchObject({ safety: 'overdue_acknowledged', escalateTo: null });
    expect(await loneWorking.escalationDue(visit.id, minutesAfterEnd(600))).toMatchObject({ escalateTo: null });
    await refusedWith(
      t,
      409,
      'visit_escalated',
      'POST',
      `/api/v1/lone-working/visits/${visit.id}/acknowledgement`,
      site.coordinator.token,
    );
  });

  it('follows a site’s own grace period and chain', async () => {
    await t.expect(200, 'PATCH', `/api/v1/sites/${site.siteId}`, {
      token: t.adminToken,
      body: {
        settings: {
          loneWorkingGraceMinutes: 10,
          loneWorkingEscalationChain: ['deputy'],
          loneWorkingAcknowledgementMinutes: 20,
        },
      },
    });
    const visit = await start((await homeVisit()).id);
    const end = new Date(visit.expectedEndAt).getTime();
    expect(await t.app.get(LoneWorkingService).escalationDue(visit.id, new Date(end + 11 * 60_000))).toMatchObject({
      safety: { state: 'overdue_escalate_deputy' },
      escalateTo: { role: 'deputy', userId: site.deputy.id },
    });
    await t.expect(400, 'PATCH', `/api/v1/sites/${site.siteId}`, {
      token: t.adminToken,
      body: { settings: { loneWorkingEscalationChain: ['ward_manager'] } },
    });
  });
});
