import { DateTime } from 'luxon';
import { TestApp } from '../support/test-app';
import { referralBody, registerServiceUser } from '../support/builders';
import { BuiltPeerWorker, pair, Workforce } from '../support/builders';
import { DeliverySite, deliverySite, hoursFromNow, londonDate, refusedWith } from '../support/builders';

/**
 * Issue 5 end to end, over HTTP only: a genuinely ready peer worker (trained, checked, inducted, code of
 * ethics acknowledged, appointed) is paired through POST /pair, and every meeting, discharge and
 * readmission goes through the API.
 *
 * About time, honestly: the pairing is real and starts now, and a meeting may only be held by the peer
 * worker paired at that time and never in the future, so every held meeting below is timed in the moments
 * between the pairing and the request (a compressed journey). The ward's dates (discharge, readmission,
 * next discharge) are recorded months in the past, so every contact of the community plan falls due
 * BEFORE the meeting that fulfils it: the peer worker is recording contacts that were due. What this
 * proves is the linking of meetings to planned contacts and the moves they drive, in one transaction
 * each; the calendar spacing of the plan itself is proven in step-down.e2e-spec.ts and the property tests.
 */

interface Contact {
  id: string;
  sequence: number;
  phase: 'intensive' | 'step_down' | 'ending';
  dueOn: string;
  windowEndsOn: string;
  status: string;
  meetingId: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const today = () => DateTime.now().setZone('Europe/London').toISODate()!;
/** The caseload shows a planned contact without a meeting from the start of its due day in London. */
const startOfDay = (isoDate: string) => DateTime.fromISO(isoDate, { zone: 'Europe/London' }).toUTC().toISO();

describe('The whole journey: referral to a planned ending, over HTTP', () => {
  let t: TestApp;
  let site: DeliverySite;
  let workforce: Workforce;

  beforeAll(async () => {
    t = await TestApp.start();
    site = await deliverySite(t);
    workforce = await Workforce.of(t, site.coordinator.token, site.siteId);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const coordinator = () => site.coordinator.token;
  const meetingsOf = (episodeId: string) => `/api/v1/support-episodes/${episodeId}/meetings`;
  const planOf = async (episodeId: string) =>
    t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}/community-plan`, { token: coordinator() });
  const contactsOf = async (episodeId: string): Promise<Contact[]> => (await planOf(episodeId)).contacts;
  const episodeOf = (episodeId: string) =>
    t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, { token: coordinator() });
  const movesOf = async (episodeId: string) =>
    (await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}/transitions`, { token: coordinator() })).map(
      (m: { toState: string }) => m.toState,
    );
  async function nextOnCaseload(peer: BuiltPeerWorker, episodeId: string): Promise<string | null | undefined> {
    const caseload = await t.expect(200, 'GET', `/api/v1/peer-workers/${peer.id}/caseload`, {
      token: peer.user!.token,
    });
    return caseload.episodes.find((e: { episodeId: string }) => e.episodeId === episodeId)?.nextPlannedContact;
  }

  /** A clock for held meetings: each one a moment after the previous one (and after the pairing), never in the future. */
  class MeetingClock {
    constructor(private last: number) {}
    async held(extra: Record<string, unknown> = {}) {
      await sleep(15);
      const end = Date.now() - 1;
      const start = Math.max(this.last + 1, end - 10);
      this.last = end;
      // Community meetings here are held without lone-working visits (those are tested in test/delivery/lone-working and test/pathway), so each says why.
      return {
        actualStartAt: new Date(start).toISOString(),
        actualEndAt: new Date(end).toISOString(),
        attendees: [{ role: 'service_user' }, { role: 'peer_worker' }],
        record: { topics: ['recovery_plan'] },
        loneWorkingExemptionReason: 'Met with a community team colleague present',
        ...extra,
      };
    }
  }

  /** Held details for a meeting held at noon (UTC, the same London date) on `isoDate`: within that day's contact window. */
  const heldOnDay = (isoDate: string, extra: Record<string, unknown> = {}) => ({
    actualStartAt: `${isoDate}T12:00:00.000Z`,
    actualEndAt: `${isoDate}T13:00:00.000Z`,
    attendees: [{ role: 'service_user' }, { role: 'peer_worker' }],
    record: { topics: ['recovery_plan'] },
    loneWorkingExemptionReason: 'Met with a community team colleague present',
    ...extra,
  });

  interface Journey {
    episodeId: string;
    peer: BuiltPeerWorker;
    clock: MeetingClock;
  }

  /** Referral → pairing (POST /pair) → two ward meetings → the formal discharge meeting → the discharge, on `dischargedOn`. */
  async function referToDischarge(dischargedOn: string): Promise<Journey> {
    const peer = await workforce.ready({ withAccount: true });
    const serviceUserId = await registerServiceUser(t, coordinator(), site.siteId, { wardId: site.wardId });
    const episode = await t.expect(201, 'POST', '/api/v1/support-episodes', {
      token: coordinator(),
      body: referralBody(serviceUserId, { referredOn: londonDate(-240) }),
    });
    expect(
      (await t.expect(200, 'POST', `/api/v1/support-episodes/${episode.id}/allocation`, { token: coordinator() }))
        .state,
    ).toBe('awaiting_pairing');
    const paired = await pair(t, coordinator(), episode.id, peer.id, 'Matched at the preference meeting');
    expect(paired.episode).toMatchObject({ state: 'paired', peerWorkerId: peer.id });
    const clock = new MeetingClock(Date.parse(paired.pairing.startedAt));
    // The journey is recorded after the fact: the pairing was made at the preference meeting, weeks before the discharge.
    await t.dataSource.query(`UPDATE pairings SET started_at = $2::date - 30 WHERE id = $1`, [
      paired.pairing.id,
      dischargedOn,
    ]);
    const token = peer.user!.token;
    expect(await nextOnCaseload(peer, episode.id)).toBeNull();

    // Ward meeting 1, recorded after the fact: ward support starts.
    const first = await t.expect(201, 'POST', meetingsOf(episode.id), {
      token,
      body: {
        mode: 'face_to_face',
        setting: 'ward',
        plannedStartAt: hoursFromNow(-0.01),
        status: 'held',
        held: await clock.held({ record: { topics: ['relationship_building'] } }),
      },
    });
    expect(first).toMatchObject({ status: 'held', plannedContactId: null });
    expect((await episodeOf(episode.id)).state).toBe('ward_support');

    // Ward meeting 2, planned a few seconds ahead: it is the caseload's next planned contact until it is held.
    const plannedStartAt = new Date(Date.now() + 1500).toISOString();
    const second = await t.expect(201, 'POST', meetingsOf(episode.id), {
      token,
      body: { mode: 'face_to_face', setting: 'ward', plannedStartAt },
    });
    expect(await nextOnCaseload(peer, episode.id)).toBe(plannedStartAt);
    await sleep(1600);
    await t.expect(200, 'POST', `/api/v1/meetings/${second.id}/held`, {
      token,
      body: await clock.held({ record: { topics: ['discharge_plan'] } }),
    });
    expect(await nextOnCaseload(peer, episode.id)).toBeNull();

    // The ward team's formal discharge meeting (the peer worker invited and there), then the actual discharge.
    const dischargeMeeting = await t.expect(201, 'POST', `/api/v1/support-episodes/${episode.id}/discharge-meetings`, {
      token: site.wardStaff.token,
      body: {
        heldOn: DateTime.fromISO(dischargedOn).minus({ days: 2 }).toISODate(),
        attendees: [
          { role: 'service_user' },
          { role: 'ward_staff', name: 'Consultant psychiatrist' },
          { role: 'community_team', name: 'Care coordinator' },
          { role: 'peer_worker' },
        ],
        serviceUserInvitedPeerWorker: true,
        peerWorkerAttended: true,
        plannedDischargeOn: dischargedOn,
        communityFollowUpArranged: true,
        communityFollowUpOn: DateTime.fromISO(dischargedOn).plus({ days: 2 }).toISODate(),
      },
    });
    const discharged = await t.expect(200, 'POST', `/api/v1/support-episodes/${episode.id}/discharge`, {
      token: site.wardStaff.token,
      body: { dischargedOn },
    });
    expect(discharged).toMatchObject({ state: 'community_support', dischargedOn });
    expect(
      (await t.expect(200, 'GET', `/api/v1/discharge-meetings/${dischargeMeeting.id}`, { token: coordinator() }))
        .followUpStandard,
    ).toMatchObject({ status: 'met', dischargedOn });
    return { episodeId: episode.id, peer, clock };
  }

  /**
   * A community meeting recorded as held (no contact named) on `isoDate`: it fulfils the outstanding contact whose
   * window contains that day (the calendar, not the count), or none.
   */
  async function holdCommunityMeeting(j: Journey, isoDate: string, extra: Record<string, unknown> = {}) {
    return t.expect(201, 'POST', meetingsOf(j.episodeId), {
      token: j.peer.user!.token,
      body: {
        mode: 'face_to_face',
        setting: 'service_user_home',
        plannedStartAt: `${isoDate}T12:00:00.000Z`,
        status: 'held',
        held: heldOnDay(isoDate),
        ...extra,
      },
    });
  }

  it('referral → pairing → two ward meetings → discharge meeting → discharge → community meetings through the intensive phase and the step-down → planned ending', async () => {
    const j = await referToDischarge(londonDate(-150));
    const { episodeId, peer } = j;
    const token = peer.user!.token;
    const generated = await contactsOf(episodeId);
    expect(generated.map((c) => c.phase)).toEqual([
      ...Array(6).fill('intensive'),
      ...Array(6).fill('step_down'),
      'ending',
    ]);
    // Honest timing: every contact was due before today, so each meeting below fulfils a contact already due.
    expect(generated.every((c) => c.dueOn < today())).toBe(true);
    expect(await nextOnCaseload(peer, episodeId)).toBe(startOfDay(generated[0].dueOn));

    // The first community meeting is planned for contact 1: the caseload now shows contact 2 (overdue) as the
    // earliest item, since contact 1 is represented by its meeting. Holding the meeting holds contact 1.
    const plannedStartAt = new Date(Date.now() + 1500).toISOString();
    const firstCommunity = await t.expect(201, 'POST', meetingsOf(episodeId), {
      token,
      body: { mode: 'face_to_face', setting: 'community_venue', plannedStartAt, plannedContactId: generated[0].id },
    });
    expect(firstCommunity).toMatchObject({ status: 'planned', plannedContactId: generated[0].id });
    expect(await nextOnCaseload(peer, episodeId)).toBe(startOfDay(generated[1].dueOn));
    await sleep(1600);
    const heldFirst = await t.expect(200, 'POST', `/api/v1/meetings/${firstCommunity.id}/held`, {
      token,
      body: heldOnDay(generated[0].dueOn),
    });
    expect(heldFirst.plannedContactId).toBe(generated[0].id);
    expect((await contactsOf(episodeId))[0]).toMatchObject({ status: 'held', meetingId: firstCommunity.id });
    const heldEvent = await t.dataSource.query(
      `SELECT payload FROM outbox_events WHERE type = 'meeting.held' AND aggregate_id = $1`,
      [firstCommunity.id],
    );
    expect(heldEvent[0].payload).toMatchObject({ plannedContactId: generated[0].id });

    // The rest of the intensive phase: each meeting held in a contact's window fulfils it; the last one starts the step-down.
    for (const contact of generated.slice(1, 6)) {
      const meeting = await holdCommunityMeeting(j, contact.dueOn);
      expect(meeting.plannedContactId).toBe(contact.id);
      expect((await episodeOf(episodeId)).state).toBe(contact.sequence < 6 ? 'community_support' : 'step_down');
    }
    expect(await nextOnCaseload(peer, episodeId)).toBe(startOfDay(generated[6].dueOn));

    // A second meeting in contact 6's week is extra contact: it fulfils nothing (contact 7 is not reached early).
    expect((await holdCommunityMeeting(j, generated[5].windowEndsOn)).plannedContactId).toBeNull();
    expect((await contactsOf(episodeId))[6].status).toBe('planned');
    // Step-down: contact 8's meeting is missed by the service user, which marks the contact missed (it was due).
    await holdCommunityMeeting(j, generated[6].dueOn);
    const missedMeeting = await t.expect(201, 'POST', meetingsOf(episodeId), {
      token,
      body: {
        mode: 'telephone',
        setting: 'online',
        plannedStartAt: (await j.clock.held()).actualStartAt,
        plannedContactId: generated[7].id,
      },
    });
    await t.expect(200, 'POST', `/api/v1/meetings/${missedMeeting.id}/missed`, {
      token,
      body: { missedBy: 'service_user', reason: 'No answer' },
    });
    expect((await contactsOf(episodeId))[7]).toMatchObject({ status: 'missed', meetingId: null });
    for (const contact of generated.slice(8, 12))
      expect((await holdCommunityMeeting(j, contact.dueOn)).plannedContactId).toBe(contact.id);
    expect((await episodeOf(episodeId)).state).toBe('step_down');
    expect(await nextOnCaseload(peer, episodeId)).toBe(startOfDay(generated[12].dueOn));

    // The ending session held: the episode ends (planned ending) and the pairing closes, in the meeting's transaction.
    const ending = await holdCommunityMeeting(j, generated[12].dueOn, {
      held: heldOnDay(generated[12].dueOn, { record: { topics: ['recovery_plan'], endingPreparationDiscussed: true } }),
    });
    expect(ending.plannedContactId).toBe(generated[12].id);
    expect(await episodeOf(episodeId)).toMatchObject({ state: 'ended', endingReason: 'planned_ending' });
    expect(await movesOf(episodeId)).toEqual([
      'referred',
      'awaiting_pairing',
      'paired',
      'ward_support',
      'community_support',
      'step_down',
      'ended',
    ]);
    const final = await contactsOf(episodeId);
    expect(final.map((c) => c.status)).toEqual([...Array(7).fill('held'), 'missed', ...Array(5).fill('held')]);
    // Every held contact was met by a meeting held within its window.
    for (const c of final.filter((x) => x.status === 'held')) expect(c.meetingId).not.toBeNull();
    const meetings = (await t.expect(200, 'GET', `${meetingsOf(episodeId)}?limit=100`, { token: coordinator() }))
      .items as { id: string; plannedContactId: string | null; status: string }[];
    for (const c of final.filter((x) => x.status === 'held'))
      expect(meetings.find((m) => m.id === c.meetingId)).toMatchObject({ status: 'held', plannedContactId: c.id });
    const pairings = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}/pairings`, {
      token: coordinator(),
    });
    expect(pairings).toEqual([expect.objectContaining({ peerWorkerId: peer.id, endedAt: expect.any(String) })]);
    expect(await nextOnCaseload(peer, episodeId)).toBeUndefined();
    // And no further meeting.
    await refusedWith(t, 409, 'no_meeting_after_episode_ended', 'POST', meetingsOf(episodeId), coordinator(), {
      mode: 'telephone',
      setting: 'online',
      plannedStartAt: hoursFromNow(24),
      peerWorkerId: peer.id,
    });
  });

  it('readmission mid-step-down suspends the contacts still to come; the next discharge resumes the rest, through to the planned ending', async () => {
    const j = await referToDischarge(londonDate(-220));
    const { episodeId, peer } = j;
    const token = peer.user!.token;
    const generated = await contactsOf(episodeId);
    for (const contact of generated.slice(0, 8)) await holdCommunityMeeting(j, contact.dueOn);
    expect((await episodeOf(episodeId)).state).toBe('step_down');

    // Readmitted the day after contact 8 was due: contacts 9–13 are suspended, not deleted; nothing is planned now.
    const readmittedOn = DateTime.fromISO(generated[7].dueOn).plus({ days: 1 }).toISODate()!;
    expect(readmittedOn <= generated[8].dueOn).toBe(true);
    expect(
      await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/readmission`, {
        token: site.wardStaff.token,
        body: { readmittedOn },
      }),
    ).toMatchObject({
      state: 'readmitted',
    });
    const paused = await contactsOf(episodeId);
    expect(paused.map((c) => c.status)).toEqual([...Array(8).fill('held'), ...Array(5).fill('suspended')]);
    expect(await nextOnCaseload(peer, episodeId)).toBeNull();
    // While readmitted: no community meeting, and a suspended contact takes no outcome.
    await refusedWith(t, 409, 'no_community_meeting_before_discharge', 'POST', meetingsOf(episodeId), token, {
      mode: 'face_to_face',
      setting: 'service_user_home',
      plannedStartAt: hoursFromNow(-0.01),
      status: 'held',
      held: await j.clock.held(),
    });
    await refusedWith(
      t,
      409,
      'contact_not_planned',
      'POST',
      `/api/v1/planned-contacts/${paused[8].id}/outcome`,
      token,
      { outcome: 'held' },
    );

    // The next discharge (70 days ago, so the resumed contacts are due in the past too): the step-down resumes where it stopped.
    const dischargedAgainOn = londonDate(-70);
    expect(
      await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/discharge`, {
        token: site.wardStaff.token,
        body: { dischargedOn: dischargedAgainOn },
      }),
    ).toMatchObject({
      state: 'step_down',
    });
    const resumed = await contactsOf(episodeId);
    expect(resumed.map((c) => c.status)).toEqual([...Array(8).fill('held'), ...Array(5).fill('planned')]);
    expect(resumed.slice(8).every((c) => c.dueOn > dischargedAgainOn && c.dueOn < today())).toBe(true);
    expect(resumed.slice(8).map((c) => c.id)).toEqual(generated.slice(8).map((c) => c.id));
    expect((await planOf(episodeId)).changes.map((c: { kind: string }) => c.kind)).toEqual([
      'generated',
      'suspended',
      'resumed',
    ]);
    expect(await nextOnCaseload(peer, episodeId)).toBe(startOfDay(resumed[8].dueOn));

    for (const contact of resumed.slice(8))
      expect((await holdCommunityMeeting(j, contact.dueOn)).plannedContactId).toBe(contact.id);
    expect(await episodeOf(episodeId)).toMatchObject({ state: 'ended', endingReason: 'planned_ending' });
    expect(await movesOf(episodeId)).toEqual([
      'referred',
      'awaiting_pairing',
      'paired',
      'ward_support',
      'community_support',
      'step_down',
      'readmitted',
      'step_down',
      'ended',
    ]);
    expect((await contactsOf(episodeId)).every((c) => c.status === 'held')).toBe(true);
    const pairings = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}/pairings`, {
      token: coordinator(),
    });
    expect(pairings.every((p: { endedAt: string | null }) => p.endedAt !== null)).toBe(true);
    // The readmission is kept for outcome reporting.
    const [kept] = await t.dataSource.query(
      `SELECT readmitted_on::text, discharged_again_on::text FROM readmissions WHERE episode_id = $1`,
      [episodeId],
    );
    expect(kept).toEqual({ readmitted_on: readmittedOn, discharged_again_on: dischargedAgainOn });
  });

  describe('meetings and planned contacts: the guards', () => {
    it('refuses a contact of another episode, a contact already settled or already planned for', async () => {
      const j = await referToDischarge(londonDate(-150));
      const other = await referToDischarge(londonDate(-150));
      const token = j.peer.user!.token;
      const [first, second] = await contactsOf(j.episodeId);
      const [theirs] = await contactsOf(other.episodeId);
      const planned = (extra: Record<string, unknown>) => ({
        mode: 'face_to_face',
        setting: 'service_user_home',
        plannedStartAt: hoursFromNow(24),
        ...extra,
      });

      const problem = await refusedWith(
        t,
        422,
        'planned_contact_of_episode',
        'POST',
        meetingsOf(j.episodeId),
        token,
        planned({ plannedContactId: theirs.id }),
      );
      expect(problem.errors[0].field).toBe('plannedContactId');
      await t.expect(201, 'POST', meetingsOf(j.episodeId), { token, body: planned({ plannedContactId: second.id }) });
      await refusedWith(
        t,
        409,
        'contact_has_planned_meeting',
        'POST',
        meetingsOf(j.episodeId),
        token,
        planned({ plannedContactId: second.id }),
      );
      // Contact 1 held over the outcome endpoint (a contact with no meeting record); no meeting can then be for it.
      await t.expect(200, 'POST', `/api/v1/planned-contacts/${first.id}/outcome`, { token, body: { outcome: 'held' } });
      await refusedWith(
        t,
        409,
        'contact_not_planned',
        'POST',
        meetingsOf(j.episodeId),
        token,
        planned({ plannedContactId: first.id }),
      );
      // A held meeting without a named contact in contact 2's window does not take contact 2 (another meeting is
      // planned for it): it is extra. One in contact 3's window fulfils contact 3.
      expect((await holdCommunityMeeting(j, second.dueOn)).plannedContactId).toBeNull();
      const third = await holdCommunityMeeting(j, (await contactsOf(j.episodeId))[2].dueOn);
      const contacts = await contactsOf(j.episodeId);
      expect(third.plannedContactId).toBe(contacts[2].id);
      expect(contacts.slice(0, 4).map((c) => c.status)).toEqual(['held', 'planned', 'held', 'planned']);
      // Nothing half-written: the refused requests left no meeting behind.
      expect((await t.expect(200, 'GET', meetingsOf(j.episodeId), { token: coordinator() })).items).toHaveLength(5);
    });

    it('refuses a ward meeting for a planned contact, and leaves a contact planned when its meeting is missed before the contact is due', async () => {
      const j = await referToDischarge(today());
      const token = j.peer.user!.token;
      const contacts = await contactsOf(j.episodeId);
      const later = contacts[1];
      expect(later.dueOn > today()).toBe(true);
      // Discharged today, so a ward meeting today is still allowed: but it is not a community contact.
      const problem = await refusedWith(
        t,
        422,
        'planned_contact_in_community',
        'POST',
        meetingsOf(j.episodeId),
        token,
        {
          mode: 'face_to_face',
          setting: 'ward',
          plannedStartAt: (await j.clock.held()).actualStartAt,
          plannedContactId: later.id,
        },
      );
      expect(problem.errors[0].field).toBe('plannedContactId');
      const meeting = await t.expect(201, 'POST', meetingsOf(j.episodeId), {
        token,
        body: {
          mode: 'telephone',
          setting: 'online',
          plannedStartAt: (await j.clock.held()).actualStartAt,
          plannedContactId: later.id,
        },
      });
      await t.expect(200, 'POST', `/api/v1/meetings/${meeting.id}/missed`, {
        token,
        body: { missedBy: 'service_user' },
      });
      expect((await contactsOf(j.episodeId))[1]).toMatchObject({ status: 'planned' });
    });

    it('refuses a meeting by a peer worker who was re-paired away, from the re-pairing on', async () => {
      const j = await referToDischarge(londonDate(-150));
      const successor = await workforce.ready({ withAccount: true });
      await pair(t, coordinator(), j.episodeId, successor.id, 'The service user asked for a change');
      const token = j.peer.user!.token;
      const attempt = {
        mode: 'face_to_face',
        setting: 'service_user_home',
        plannedStartAt: hoursFromNow(-0.01),
        status: 'held',
        held: await j.clock.held(),
      };
      // They still see the episode they supported (a primary pairing counts for ever), but the rule refuses a meeting from the re-pairing on.
      await refusedWith(t, 409, 'peer_worker_paired_at_time', 'POST', meetingsOf(j.episodeId), token, attempt);
      // The coordinator cannot record it for them either; the new peer worker can, and it fulfils the next contact.
      await refusedWith(t, 409, 'peer_worker_paired_at_time', 'POST', meetingsOf(j.episodeId), coordinator(), {
        ...attempt,
        peerWorkerId: j.peer.id,
        held: await j.clock.held(),
      });
      const held = await t.expect(201, 'POST', meetingsOf(j.episodeId), {
        token: successor.user!.token,
        body: { ...attempt, held: await j.clock.held() },
      });
      expect(held.peerWorkerId).toBe(successor.id);
      // Held today, when every window of a discharge 150 days ago has closed: kept as extra contact, fulfilling none.
      expect(held.plannedContactId).toBeNull();
    });
  });
});
