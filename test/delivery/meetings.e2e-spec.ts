import { TestApp } from '../support/test-app';
import {
  DeliverySite,
  deliverySite,
  episodeInCommunity,
  heldDetails,
  hoursFromNow,
  pairedEpisode,
  PeerWorkerAccount,
  peerWorkerAccount,
  refusedWith,
  wardMeeting,
} from '../support/builders';

describe('Meetings and contacts', () => {
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

  const meetingsOf = (episodeId: string) => `/api/v1/support-episodes/${episodeId}/meetings`;
  const outbox = (aggregateId: string) =>
    t.dataSource.query(`SELECT type, payload FROM outbox_events WHERE aggregate_id = $1 ORDER BY created_at, type`, [
      aggregateId,
    ]);

  it('moves a paired episode into ward support when the first ward meeting is held, in one step with its events', async () => {
    const episodeId = await pairedEpisode(t, site, peer.peerWorkerId);
    const planned = await t.expect(201, 'POST', meetingsOf(episodeId), {
      token: peer.user.token,
      body: wardMeeting(hoursFromNow(-3)),
    });
    expect(planned).toMatchObject({
      status: 'planned',
      peerWorkerId: peer.peerWorkerId,
      setting: 'ward',
      recordedById: peer.user.id,
    });
    expect(
      (await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, { token: site.coordinator.token })).state,
    ).toBe('paired');

    const held = await t.expect(200, 'POST', `/api/v1/meetings/${planned.id}/held`, {
      token: peer.user.token,
      body: heldDetails(-3, { note: 'Talked about home.' }),
    });
    expect(held).toMatchObject({
      status: 'held',
      record: { topics: ['relationship_building'], endingPreparationDiscussed: true },
    });
    expect(held).not.toHaveProperty('note');

    const episode = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, {
      token: site.coordinator.token,
    });
    expect(episode.state).toBe('ward_support');
    expect(new Date(episode.firstWardMeetingAt).toISOString()).toBe(new Date(held.actualStartAt).toISOString());
    const moves = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}/transitions`, {
      token: site.coordinator.token,
    });
    expect(moves.at(-1)).toMatchObject({
      fromState: 'paired',
      toState: 'ward_support',
      actorId: peer.user.id,
      reason: 'First ward meeting held',
    });

    const events = await outbox(planned.id);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['meeting.planned', 'meeting.held']);
    expect(events[1].payload).toEqual({
      meetingId: planned.id,
      episodeId,
      peerWorkerId: peer.peerWorkerId,
      plannedStartAt: new Date(planned.plannedStartAt).toISOString(),
      plannedContactId: null,
    });

    const history = await t.expect(200, 'GET', `/api/v1/meetings/${planned.id}/transitions`, {
      token: peer.user.token,
    });
    expect(history.map((h: { fromState: string | null; toState: string }) => [h.fromState, h.toState])).toEqual([
      [null, 'planned'],
      ['planned', 'held'],
    ]);

    // A second ward meeting keeps the episode in ward support.
    await t.expect(201, 'POST', meetingsOf(episodeId), {
      token: peer.user.token,
      body: wardMeeting(hoursFromNow(-2), { status: 'held', held: heldDetails(-2) }),
    });
    expect(
      (await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, { token: site.coordinator.token })).state,
    ).toBe('ward_support');
  });

  describe('guards, each refused naming its rule', () => {
    it('refuses any meeting before the peer worker has acknowledged the code of ethics', async () => {
      const unacknowledged = await peerWorkerAccount(t, site, { acknowledged: false });
      const episodeId = await pairedEpisode(t, site, unacknowledged.peerWorkerId);
      await refusedWith(
        t,
        409,
        'code_of_ethics_acknowledged',
        'POST',
        meetingsOf(episodeId),
        unacknowledged.user.token,
        wardMeeting(hoursFromNow(24)),
      );
      const [{ count }] = await t.dataSource.query(
        `SELECT count(*)::int AS count FROM meetings WHERE episode_id = $1`,
        [episodeId],
      );
      expect(count).toBe(0);
    });

    it('refuses a community meeting before discharge', async () => {
      const episodeId = await pairedEpisode(t, site, peer.peerWorkerId);
      await refusedWith(
        t,
        409,
        'no_community_meeting_before_discharge',
        'POST',
        meetingsOf(episodeId),
        peer.user.token,
        wardMeeting(hoursFromNow(24), { setting: 'community_venue' }),
      );
    });

    it('refuses a meeting recorded as held in the future, whether recorded directly or from a plan', async () => {
      const episodeId = await pairedEpisode(t, site, peer.peerWorkerId);
      await refusedWith(
        t,
        409,
        'held_meeting_not_in_future',
        'POST',
        meetingsOf(episodeId),
        peer.user.token,
        wardMeeting(hoursFromNow(2), { status: 'held', held: heldDetails(2) }),
      );
      const planned = await t.expect(201, 'POST', meetingsOf(episodeId), {
        token: peer.user.token,
        body: wardMeeting(hoursFromNow(2)),
      });
      await refusedWith(
        t,
        409,
        'held_meeting_not_in_future',
        'POST',
        `/api/v1/meetings/${planned.id}/held`,
        peer.user.token,
        heldDetails(2),
      );
      expect(
        (await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, { token: site.coordinator.token })).state,
      ).toBe('paired');
    });

    it('refuses a meeting for a peer worker who is not the one paired', async () => {
      const other = await peerWorkerAccount(t, site);
      const episodeId = await pairedEpisode(t, site, peer.peerWorkerId);
      await refusedWith(
        t,
        409,
        'peer_worker_paired_at_time',
        'POST',
        meetingsOf(episodeId),
        site.coordinator.token,
        wardMeeting(hoursFromNow(24), { peerWorkerId: other.peerWorkerId }),
      );
      // The unpaired peer worker cannot even see the episode.
      await t.expect(404, 'POST', meetingsOf(episodeId), {
        token: other.user.token,
        body: wardMeeting(hoursFromNow(24)),
      });
    });

    it('refuses a meeting after the episode ended', async () => {
      const episodeId = await pairedEpisode(t, site, peer.peerWorkerId);
      await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/ending`, {
        token: site.coordinator.token,
        body: { endingReason: 'declined' },
      });
      await refusedWith(
        t,
        409,
        'no_meeting_after_episode_ended',
        'POST',
        meetingsOf(episodeId),
        site.coordinator.token,
        wardMeeting(hoursFromNow(24), { peerWorkerId: peer.peerWorkerId }),
      );
    });

    it('refuses a ward meeting after discharge, and allows a home visit then', async () => {
      const episodeId = await episodeInCommunity(t, site, peer);
      await refusedWith(
        t,
        409,
        'ward_meeting_during_inpatient_stay',
        'POST',
        meetingsOf(episodeId),
        peer.user.token,
        wardMeeting(hoursFromNow(24)),
      );
      await t.expect(201, 'POST', meetingsOf(episodeId), {
        token: peer.user.token,
        body: wardMeeting(hoursFromNow(24), { setting: 'service_user_home' }),
      });
    });

    it('refuses a community connection without saying whether signposted or accompanied (422 naming the field)', async () => {
      const episodeId = await pairedEpisode(t, site, peer.peerWorkerId);
      const problem = await refusedWith(
        t,
        422,
        'community_connection_kind_given',
        'POST',
        meetingsOf(episodeId),
        peer.user.token,
        wardMeeting(hoursFromNow(-1), {
          status: 'held',
          held: heldDetails(-1, { record: { topics: ['community_connections'] } }),
        }),
      );
      expect(problem.errors).toEqual([{ field: 'record.communityConnections', messages: [expect.any(String)] }]);
    });
  });

  it('lets a peer worker record only their own meetings', async () => {
    const other = await peerWorkerAccount(t, site);
    const episodeId = await pairedEpisode(t, site, peer.peerWorkerId);
    await t.expect(403, 'POST', meetingsOf(episodeId), {
      token: peer.user.token,
      body: wardMeeting(hoursFromNow(24), { peerWorkerId: other.peerWorkerId }),
    });
  });

  it('moves and cancels planned meetings, recording who, when and why, and refuses to move a final one', async () => {
    const episodeId = await pairedEpisode(t, site, peer.peerWorkerId);
    const first = await t.expect(201, 'POST', meetingsOf(episodeId), {
      token: peer.user.token,
      body: wardMeeting(hoursFromNow(24)),
    });
    const moved = await t.expect(200, 'POST', `/api/v1/meetings/${first.id}/reschedule`, {
      token: peer.user.token,
      body: { plannedStartAt: hoursFromNow(48), reason: 'Asked to move it to the afternoon' },
    });
    expect(moved).toMatchObject({ status: 'planned', rescheduledFromId: first.id, plannedDurationMinutes: 60 });
    const old = await t.expect(200, 'GET', `/api/v1/meetings/${first.id}`, { token: site.coordinator.token });
    expect(old).toMatchObject({
      status: 'rescheduled',
      rescheduledToId: moved.id,
      statusReason: 'Asked to move it to the afternoon',
    });
    const [event] = await outbox(moved.id);
    expect(event).toMatchObject({
      type: 'meeting.rescheduled',
      payload: { meetingId: moved.id, episodeId, peerWorkerId: peer.peerWorkerId, rescheduledFromId: first.id },
    });

    const cancelled = await t.expect(200, 'POST', `/api/v1/meetings/${moved.id}/cancellation`, {
      token: peer.user.token,
      body: { cancelledBy: 'service_user', reason: 'Clinic appointment' },
    });
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'service_user',
      statusReason: 'Clinic appointment',
    });
    expect((await outbox(moved.id)).map((e: { type: string }) => e.type)).toEqual([
      'meeting.rescheduled',
      'meeting.cancelled',
    ]);
    const history = await t.expect(200, 'GET', `/api/v1/meetings/${moved.id}/transitions`, {
      token: site.coordinator.token,
    });
    expect(history.at(-1)).toMatchObject({
      fromState: 'planned',
      toState: 'cancelled',
      actorId: peer.user.id,
      reason: 'Cancelled by service_user: Clinic appointment',
    });

    await refusedWith(
      t,
      409,
      'transition_not_in_table',
      'POST',
      `/api/v1/meetings/${moved.id}/reschedule`,
      peer.user.token,
      { plannedStartAt: hoursFromNow(72), reason: 'Again' },
    );
    await refusedWith(
      t,
      409,
      'transition_not_in_table',
      'POST',
      `/api/v1/meetings/${first.id}/held`,
      peer.user.token,
      heldDetails(-1),
    );

    const third = await t.expect(201, 'POST', meetingsOf(episodeId), {
      token: peer.user.token,
      body: wardMeeting(hoursFromNow(-5)),
    });
    const missed = await t.expect(200, 'POST', `/api/v1/meetings/${third.id}/missed`, {
      token: peer.user.token,
      body: { missedBy: 'service_user', reason: 'Asleep' },
    });
    expect(missed).toMatchObject({ status: 'missed', missedBy: 'service_user' });
  });

  it('returns the note only to the meeting’s peer worker, their coordinator or an admin, auditing each read', async () => {
    const episodeId = await pairedEpisode(t, site, peer.peerWorkerId);
    const meeting = await t.expect(201, 'POST', meetingsOf(episodeId), {
      token: peer.user.token,
      body: wardMeeting(hoursFromNow(-4), {
        status: 'held',
        held: heldDetails(-4, { note: 'Spoke about the voices getting louder at night.' }),
      }),
    });
    for (const reader of [peer.user, site.coordinator]) {
      const read = await t.expect(200, 'GET', `/api/v1/meetings/${meeting.id}`, { token: reader.token });
      expect(read).toMatchObject({ noteIncluded: true, note: 'Spoke about the voices getting louder at night.' });
      const audits = await t.dataSource.query(
        `SELECT action FROM audit_events WHERE actor_id = $1 AND resource_id = $2 ORDER BY id`,
        [reader.id, meeting.id],
      );
      expect(audits.map((a: { action: string }) => a.action)).toEqual(
        expect.arrayContaining(['meeting.read', 'meeting.note.read']),
      );
    }
    expect((await t.expect(200, 'GET', `/api/v1/meetings/${meeting.id}`, { token: t.adminToken })).noteIncluded).toBe(
      true,
    );

    const elsewhere = await deliverySite(t, 'South Hills');
    await t.expect(404, 'GET', `/api/v1/meetings/${meeting.id}`, { token: elsewhere.coordinator.token });
    const colleague = await peerWorkerAccount(t, site);
    await t.expect(404, 'GET', `/api/v1/meetings/${meeting.id}`, { token: colleague.user.token });
    await t.expect(403, 'GET', `/api/v1/meetings/${meeting.id}`, { token: site.wardStaff.token });

    const listed = await t.expect(200, 'GET', meetingsOf(episodeId), { token: site.coordinator.token });
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).not.toHaveProperty('note');
    const [row] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_events WHERE details::text LIKE '%voices%'`,
    );
    expect(row.count).toBe(0);
  });

  it('shows a coordinator every meeting on their site and a peer worker only their own', async () => {
    const colleague = await peerWorkerAccount(t, site);
    const mine = await pairedEpisode(t, site, peer.peerWorkerId);
    const theirs = await pairedEpisode(t, site, colleague.peerWorkerId);
    const a = await t.expect(201, 'POST', meetingsOf(mine), {
      token: peer.user.token,
      body: wardMeeting(hoursFromNow(30)),
    });
    const b = await t.expect(201, 'POST', meetingsOf(theirs), {
      token: colleague.user.token,
      body: wardMeeting(hoursFromNow(30)),
    });
    const ids = async (token: string) =>
      (await t.expect(200, 'GET', `/api/v1/meetings?limit=200`, { token })).items.map((m: { id: string }) => m.id);
    expect(await ids(site.coordinator.token)).toEqual(expect.arrayContaining([a.id, b.id]));
    const own = await ids(peer.user.token);
    expect(own).toContain(a.id);
    expect(own).not.toContain(b.id);
  });

  it('puts ending preparation on the agenda of the first held meetings by default, and leaves it to the peer worker after', async () => {
    const episodeId = await pairedEpisode(t, site, peer.peerWorkerId);
    const flags: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      const m = await t.expect(201, 'POST', meetingsOf(episodeId), {
        token: peer.user.token,
        body: wardMeeting(hoursFromNow(-10 + i), { status: 'held', held: heldDetails(-10 + i) }),
      });
      flags.push(m.record.endingPreparationDiscussed);
    }
    expect(flags).toEqual([true, true, true, false]);
    const explicit = await t.expect(201, 'POST', meetingsOf(episodeId), {
      token: peer.user.token,
      body: wardMeeting(hoursFromNow(-5), {
        status: 'held',
        held: heldDetails(-5, {
          record: { topics: ['other'], otherTopic: 'Benefits', endingPreparationDiscussed: true },
        }),
      }),
    });
    expect(explicit.record).toEqual({
      topics: ['other'],
      communityConnections: null,
      otherTopic: 'Benefits',
      endingPreparationDiscussed: true,
    });
  });
});
