import { TestApp } from '../support/test-app';
import {
  DeliverySite,
  deliverySite,
  episodeInCommunity,
  heldDetails,
  hoursFromNow,
  PeerWorkerAccount,
  peerWorkerAccount,
  refusedWith,
  wardMeeting,
} from '../support/builders';

/** Issue 13 case 8: lone working where the risk is — not optional for home visits, and not only home and public places. */
describe('Lone working required for meetings out in the community', () => {
  let t: TestApp;
  let site: DeliverySite;
  let peer: PeerWorkerAccount;
  let episodeId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    site = await deliverySite(t, 'Lone Working Trust');
    peer = await peerWorkerAccount(t, site);
    episodeId = await episodeInCommunity(t, site, peer);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const plan = (extra: Record<string, unknown>) =>
    t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, {
      token: peer.user.token,
      body: wardMeeting(hoursFromNow(0.01), extra),
    });
  const holdUrl = (id: string) => `/api/v1/meetings/${id}/held`;
  const startVisit = (meetingId: string) =>
    t.expect(201, 'POST', `/api/v1/meetings/${meetingId}/visit`, {
      token: peer.user.token,
      body: { location: 'Riverside Community Centre', expectedEndAt: hoursFromNow(1) },
    });

  it('refuses to mark a home visit held without a checked-out visit, and writes nothing', async () => {
    const meeting = await plan({ setting: 'service_user_home' });
    await refusedWith(
      t,
      409,
      'lone_working_visit_checked_out',
      'POST',
      holdUrl(meeting.id),
      peer.user.token,
      heldDetails(-0.005),
    );
    const [row] = await t.dataSource.query(`SELECT status FROM meetings WHERE id = $1`, [meeting.id]);
    expect(row.status).toBe('planned');
  });

  it('refuses a home visit recorded after the fact as held without a reason, and keeps the reason when one is given', async () => {
    const body = { ...wardMeeting(hoursFromNow(-3), { setting: 'service_user_home', status: 'held' }) };
    await refusedWith(
      t,
      409,
      'lone_working_visit_checked_out',
      'POST',
      `/api/v1/support-episodes/${episodeId}/meetings`,
      peer.user.token,
      { ...body, held: heldDetails(-3) },
    );
    const reason = 'Visited with a colleague from the community team';
    const held = await t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, {
      token: peer.user.token,
      body: { ...body, held: heldDetails(-3, { loneWorkingExemptionReason: reason }) },
    });
    expect(held).toMatchObject({ status: 'held', loneWorkingExemptionReason: reason });
  });

  it('covers a community venue: a visit can be started there, and once checked out the meeting is held', async () => {
    const meeting = await plan({ setting: 'community_venue' });
    await refusedWith(
      t,
      409,
      'lone_working_visit_checked_out',
      'POST',
      holdUrl(meeting.id),
      peer.user.token,
      heldDetails(-0.005),
    );
    const visit = await startVisit(meeting.id);
    await t.expect(200, 'POST', `/api/v1/lone-working/visits/${visit.id}/check-out`, { token: peer.user.token });
    const held = await t.expect(200, 'POST', holdUrl(meeting.id), {
      token: peer.user.token,
      body: heldDetails(-0.005),
    });
    expect(held).toMatchObject({ status: 'held', loneWorkingExemptionReason: null });
  });

  it('counts accompanying the service user to an appointment as lone working', async () => {
    const meeting = await plan({ mode: 'accompanying_to_activity_or_appointment', setting: 'public_place' });
    await refusedWith(
      t,
      409,
      'lone_working_visit_checked_out',
      'POST',
      holdUrl(meeting.id),
      peer.user.token,
      heldDetails(-0.005),
    );
    const visit = await startVisit(meeting.id);
    // An open (not checked-out) visit is not yet safe to close the meeting on.
    await refusedWith(
      t,
      409,
      'lone_working_visit_checked_out',
      'POST',
      holdUrl(meeting.id),
      peer.user.token,
      heldDetails(-0.005),
    );
    await t.expect(200, 'POST', `/api/v1/lone-working/visits/${visit.id}/check-out`, { token: peer.user.token });
    await t.expect(200, 'POST', holdUrl(meeting.id), { token: peer.user.token, body: heldDetails(-0.005) });
  });

  it('needs no visit for a telephone contact or a ward meeting', async () => {
    const call = await plan({ mode: 'telephone', setting: 'service_user_home' });
    await t.expect(200, 'POST', holdUrl(call.id), { token: peer.user.token, body: heldDetails(-0.005) });
  });

  it('follows the site’s settings: a site that requires it only at homes lets a public-place meeting be held without a visit', async () => {
    const other = await deliverySite(t, 'Homes Only Trust');
    await t.expect(200, 'PATCH', `/api/v1/sites/${other.siteId}`, {
      token: t.adminToken,
      body: { settings: { loneWorkingRequiredSettings: ['service_user_home'] } },
    });
    const otherPeer = await peerWorkerAccount(t, other);
    const otherEpisode = await episodeInCommunity(t, other, otherPeer);
    const meeting = await t.expect(201, 'POST', `/api/v1/support-episodes/${otherEpisode}/meetings`, {
      token: otherPeer.user.token,
      body: wardMeeting(hoursFromNow(0.01), { setting: 'public_place' }),
    });
    await t.expect(200, 'POST', holdUrl(meeting.id), { token: otherPeer.user.token, body: heldDetails(-0.005) });
    const bad = await t.call('PATCH', `/api/v1/sites/${other.siteId}`, {
      token: t.adminToken,
      body: { settings: { loneWorkingRequiredSettings: ['ward'] } },
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('loneWorkingRequiredSettings');
  });
});
