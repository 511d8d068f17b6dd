import { DateTime } from 'luxon';
import { wardMeeting } from '../support/builders';
import { waitFor } from '../scheduling/scheduling-fixtures';
import { TestApp, TestUser } from '../support/test-app';
import { communityEpisode, contactsOf, CoverTeam, coverTeam, londonDate } from './cover-fixtures';

// Reminders fire at once (their fire times are "now" or scaled by a thousandth) and the relay polls every 100 ms.
jest.setTimeout(60_000);

/** 10:00 London time `days` from today. */
const londonTen = (days: number) =>
  DateTime.now()
    .setZone('Europe/London')
    .plus({ days })
    .set({ hour: 10, minute: 0, second: 0, millisecond: 0 })
    .toUTC()
    .toISO()!;
const homeVisit = (days: number) => wardMeeting(londonTen(days), { setting: 'service_user_home' });

describe('Absence cover: cover plans, reserve activation, handovers and access that follows cover', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ REMINDER_TIME_SCALE: '0.001', OUTBOX_RELAY_INTERVAL_MS: '100' });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const notificationsOf = async (user: TestUser, kind: string) =>
    (
      (await t.expect(200, 'GET', '/api/v1/notifications', { token: user.token })).items as {
        kind: string;
        subjectId: string;
        sentAt: string | null;
      }[]
    ).filter((n) => n.kind === kind);
  const refused = async (
    status: number,
    rule: string,
    method: 'POST' | 'GET',
    url: string,
    token: string,
    body?: unknown,
  ) => {
    const response = await t.call(method, url, { token, body });
    expect({ status: response.statusCode, rule: response.json().rule }).toEqual({ status, rule });
    expect(response.headers['content-type']).toContain('application/problem+json');
    return response.json();
  };

  describe('a two-day absence covered in the team', () => {
    let team: CoverTeam;
    let episodeId: string;
    let absenceId: string;
    let meetingId: string;
    let arrangementId: string;

    beforeAll(async () => {
      team = await coverTeam(t, 'Two-day cover');
      episodeId = await communityEpisode(t, team);
      // The plan has a contact due tomorrow (moved into the absence), and the regular peer worker a home visit then.
      const [first] = await contactsOf(t, episodeId);
      await t.dataSource.query(`UPDATE planned_contacts SET due_on = $2 WHERE id = $1`, [first.id, londonDate(1)]);
      meetingId = (
        await t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, {
          token: team.regular.user.token,
          body: homeVisit(1),
        })
      ).id;
    }, 120_000);

    it('proposes in-team cover for every episode, with the colleague suggested and the plan not yet confirmed', async () => {
      const { site, regular, colleague } = team;
      const absence = await t.expect(201, 'POST', '/api/v1/absences', {
        token: site.coordinator.token,
        body: {
          subject: 'peer_worker',
          peerWorkerId: regular.peerWorkerId,
          kind: 'annual_leave',
          planned: true,
          startsOn: londonDate(0),
          expectedEndOn: londonDate(1),
        },
      });
      absenceId = absence.id;
      const plan = await t.expect(200, 'GET', `/api/v1/absences/${absenceId}/cover-plan`, {
        token: site.coordinator.token,
      });
      expect(plan).toMatchObject({
        term: 'short_term',
        window: { from: londonDate(0), to: londonDate(1) },
        allowedArrangements: ['cover', 'pause'],
        confirmed: false,
      });
      expect(plan.episodes).toHaveLength(1);
      expect(plan.episodes[0]).toMatchObject({
        episodeId,
        arrangement: null,
        plannedContactsInWindow: 1,
        plannedMeetingsInWindow: 1,
      });
      const suggested = plan.episodes[0].suggestions.suggestions.map((s: { peerWorkerId: string }) => s.peerWorkerId);
      expect(suggested).toContain(colleague.peerWorkerId);
      expect(suggested).not.toContain(regular.peerWorkerId);
      // A short-term absence is covered from the team: the reserve is not offered.
      expect(suggested).not.toContain(team.reserve.peerWorkerId);
      // Peer workers see no cover plan (another site's coordinator: see "who may plan cover").
      expect(
        (await t.call('GET', `/api/v1/absences/${absenceId}/cover-plan`, { token: colleague.user.token })).statusCode,
      ).toBe(403);
    });

    it('refuses arrangements that break the rules, naming the rule and the field, and writes nothing', async () => {
      const { site, colleague } = team;
      const url = `/api/v1/absences/${absenceId}/cover-plan`;
      const pause = await refused(422, 'service_user_informed', 'POST', url, site.coordinator.token, {
        arrangements: [{ episodeId, arrangement: 'pause' }],
      });
      expect(pause.errors).toEqual([expect.objectContaining({ field: 'arrangements[0].serviceUserInformed' })]);
      await refused(422, 'arrangement_fits_term', 'POST', url, site.coordinator.token, {
        arrangements: [{ episodeId, arrangement: 'repair', peerWorkerId: colleague.peerWorkerId }],
      });
      await refused(422, 'reserve_for_long_term_cover', 'POST', url, site.coordinator.token, {
        arrangements: [{ episodeId, arrangement: 'cover', peerWorkerId: team.reserve.peerWorkerId }],
      });
      await refused(422, 'covering_peer_worker_present', 'POST', url, site.coordinator.token, {
        arrangements: [{ episodeId, arrangement: 'cover', peerWorkerId: team.regular.peerWorkerId }],
      });
      const badField = await t.call('POST', url, {
        token: site.coordinator.token,
        body: { arrangements: [{ episodeId, arrangement: 'swap' }] },
      });
      expect(badField.statusCode).toBe(400);
      expect(badField.json().errors).toEqual([expect.objectContaining({ field: 'arrangements[0].arrangement' })]);
      expect(
        (
          await t.dataSource.query(`SELECT count(*)::int AS n FROM cover_arrangements WHERE absence_id = $1`, [
            absenceId,
          ])
        )[0].n,
      ).toBe(0);
      expect(
        (
          await t.dataSource.query(`SELECT count(*)::int AS n FROM pairings WHERE episode_id = $1 AND kind = 'cover'`, [
            episodeId,
          ])
        )[0].n,
      ).toBe(0);
    });

    it('confirms cover: the colleague gets the episode’s access, its contacts and meeting in the absence, and nothing after it', async () => {
      const { site, regular, colleague } = team;
      // Before cover the colleague cannot see the service user’s episode.
      expect(
        (await t.call('GET', `/api/v1/support-episodes/${episodeId}`, { token: colleague.user.token })).statusCode,
      ).toBe(404);

      const plan = await t.expect(200, 'POST', `/api/v1/absences/${absenceId}/cover-plan`, {
        token: site.coordinator.token,
        body: {
          arrangements: [
            {
              episodeId,
              arrangement: 'cover',
              peerWorkerId: colleague.peerWorkerId,
              reason: 'Rae knows the service user from the ward',
            },
          ],
        },
      });
      expect(plan.confirmed).toBe(true);
      expect(plan.episodes[0].arrangement).toMatchObject({
        arrangement: 'cover',
        coveringPeerWorkerId: colleague.peerWorkerId,
        state: 'active',
        handover: 'not_written',
        handBack: 'not_written',
      });
      arrangementId = plan.episodes[0].arrangement.id;

      const contacts = await contactsOf(t, episodeId);
      expect(contacts.filter((c) => c.due_on <= londonDate(1) && c.status === 'planned').length).toBeGreaterThan(0);
      expect(
        contacts
          .filter((c) => c.due_on <= londonDate(1) && c.status === 'planned')
          .every((c) => c.owner_peer_worker_id === colleague.peerWorkerId),
      ).toBe(true);
      expect(
        contacts.filter((c) => c.due_on > londonDate(1)).every((c) => c.owner_peer_worker_id === regular.peerWorkerId),
      ).toBe(true);
      const [meeting] = await t.dataSource.query(`SELECT peer_worker_id FROM meetings WHERE id = $1`, [meetingId]);
      expect(meeting.peer_worker_id).toBe(colleague.peerWorkerId);

      // Exactly the regular peer worker's access, for the cover period: the episode, and the caseload entry as cover.
      await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, { token: colleague.user.token });
      const caseload = await t.expect(200, 'GET', `/api/v1/peer-workers/${colleague.peerWorkerId}/caseload`, {
        token: colleague.user.token,
      });
      expect(caseload.episodes).toEqual([expect.objectContaining({ episodeId, pairingKind: 'cover' })]);
      // Confirming again finds nothing left to arrange.
      await refused(
        422,
        'episode_needs_arrangement',
        'POST',
        `/api/v1/absences/${absenceId}/cover-plan`,
        site.coordinator.token,
        {
          arrangements: [{ episodeId, arrangement: 'cover', peerWorkerId: colleague.peerWorkerId }],
        },
      );
    });

    it('holds the colleague’s first covered meeting until they acknowledge the handover, which the coordinator is reminded to write', async () => {
      const { site, regular, colleague } = team;
      await refused(
        409,
        'handover_acknowledged',
        'POST',
        `/api/v1/support-episodes/${episodeId}/meetings`,
        colleague.user.token,
        homeVisit(1),
      );
      // Cover began with no handover written: the coordinator is told.
      await waitFor('the missing-handover reminder', async () =>
        (await notificationsOf(site.coordinator, 'handover_missing')).find(
          (n) => n.subjectId === arrangementId && n.sentAt,
        ),
      );

      // The colleague cannot write the handover; the absent peer worker may (the leave was planned).
      expect(
        (
          await t.call('POST', `/api/v1/cover-arrangements/${arrangementId}/handover`, {
            token: colleague.user.token,
            body: { riskAndSafety: 'x' },
          })
        ).statusCode,
      ).toBe(403);
      const empty = await t.call('POST', `/api/v1/cover-arrangements/${arrangementId}/handover`, {
        token: regular.user.token,
        body: { riskAndSafety: '' },
      });
      expect(empty.statusCode).toBe(400);
      expect(empty.json().errors).toEqual([expect.objectContaining({ field: 'riskAndSafety' })]);
      const note = await t.expect(201, 'POST', `/api/v1/cover-arrangements/${arrangementId}/handover`, {
        token: regular.user.token,
        body: {
          riskAndSafety: 'Anniversary on the 14th is hard; crisis plan shared with the CMHT.',
          comingUp: 'Home visit tomorrow at 10:00',
          serviceUserWishes: 'Texts before calls',
        },
      });
      expect(note).toMatchObject({
        direction: 'handover',
        toPeerWorkerId: colleague.peerWorkerId,
        acknowledgedAt: null,
      });
      await refused(
        409,
        'written_once',
        'POST',
        `/api/v1/cover-arrangements/${arrangementId}/handover`,
        site.coordinator.token,
        { riskAndSafety: 'Again' },
      );

      await waitFor('the colleague’s read-the-handover reminder', async () =>
        (await notificationsOf(colleague.user, 'handover_to_read')).find(
          (n) => n.subjectId === arrangementId && n.sentAt,
        ),
      );
      const notes = await t.expect(200, 'GET', `/api/v1/cover-arrangements/${arrangementId}/handover-notes`, {
        token: colleague.user.token,
      });
      expect(notes.map((n: { riskAndSafety: string }) => n.riskAndSafety)).toEqual([
        'Anniversary on the 14th is hard; crisis plan shared with the CMHT.',
      ]);
      // Only the peer worker it is for acknowledges it.
      expect(
        (await t.call('POST', `/api/v1/handover-notes/${note.id}/acknowledgement`, { token: regular.user.token }))
          .statusCode,
      ).toBe(403);
      const acknowledged = await t.expect(200, 'POST', `/api/v1/handover-notes/${note.id}/acknowledgement`, {
        token: colleague.user.token,
      });
      expect(acknowledged.acknowledgedAt).not.toBeNull();
      await refused(
        409,
        'acknowledged_once',
        'POST',
        `/api/v1/handover-notes/${note.id}/acknowledgement`,
        colleague.user.token,
      );

      await t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, {
        token: colleague.user.token,
        body: homeVisit(1),
      });
      const plan = await t.expect(200, 'GET', `/api/v1/absences/${absenceId}/cover-plan`, {
        token: site.coordinator.token,
      });
      expect(plan.episodes[0].arrangement.handover).toBe('acknowledged');
    });

    it('ends cover with the absence: the colleague loses access, the rest of the plan goes back, and the hand-back flows the other way', async () => {
      const { site, regular, colleague } = team;
      await t.expect(200, 'POST', `/api/v1/absences/${absenceId}/transitions`, {
        token: site.coordinator.token,
        body: { to: 'ended', endedOn: londonDate(0), reason: 'Back a day early' },
      });

      expect(
        (await t.call('GET', `/api/v1/support-episodes/${episodeId}`, { token: colleague.user.token })).statusCode,
      ).toBe(404);
      expect(
        (
          await t.expect(200, 'GET', `/api/v1/peer-workers/${colleague.peerWorkerId}/caseload`, {
            token: colleague.user.token,
          })
        ).episodes,
      ).toEqual([]);
      const [cover] = await t.dataSource.query(
        `SELECT ended_at FROM pairings WHERE episode_id = $1 AND kind = 'cover'`,
        [episodeId],
      );
      expect(cover.ended_at).not.toBeNull();
      // Back from tomorrow: tomorrow's contact and both meetings then return to the regular peer worker.
      const contacts = await contactsOf(t, episodeId);
      expect(
        contacts.filter((c) => c.status === 'planned').every((c) => c.owner_peer_worker_id === regular.peerWorkerId),
      ).toBe(true);
      const meetings = await t.dataSource.query(
        `SELECT peer_worker_id FROM meetings WHERE episode_id = $1 AND status = 'planned'`,
        [episodeId],
      );
      expect(meetings.map((m: { peer_worker_id: string }) => m.peer_worker_id)).toEqual([
        regular.peerWorkerId,
        regular.peerWorkerId,
      ]);

      // No hand-back yet: the colleague is reminded to write one; written, the returning peer worker is reminded to read it.
      await waitFor('the hand-back-due reminder', async () =>
        (await notificationsOf(colleague.user, 'hand_back_due')).find((n) => n.subjectId === arrangementId && n.sentAt),
      );
      const handBack = await t.expect(201, 'POST', `/api/v1/cover-arrangements/${arrangementId}/hand-back`, {
        token: colleague.user.token,
        body: {
          riskAndSafety: 'Nothing new on risk.',
          currentSituation: 'We met once at home; she enjoyed the walking group.',
        },
      });
      expect(handBack).toMatchObject({ direction: 'hand_back', toPeerWorkerId: regular.peerWorkerId });
      await waitFor('the read-the-hand-back reminder', async () =>
        (await notificationsOf(regular.user, 'hand_back_to_read')).find(
          (n) => n.subjectId === arrangementId && n.sentAt,
        ),
      );
      await t.expect(200, 'POST', `/api/v1/handover-notes/${handBack.id}/acknowledgement`, {
        token: regular.user.token,
      });

      const plan = await t.expect(200, 'GET', `/api/v1/absences/${absenceId}/cover-plan`, {
        token: site.coordinator.token,
      });
      expect(plan.episodes[0].arrangement).toMatchObject({ state: 'ended', handBack: 'acknowledged' });
      const events = await t.dataSource.query(
        `SELECT type FROM outbox_events WHERE aggregate_type = 'cover_arrangement' AND aggregate_id = $1 ORDER BY created_at`,
        [arrangementId],
      );
      expect(events.map((e: { type: string }) => e.type)).toEqual(['cover.confirmed', 'cover.ended']);
    });
  });

  describe('a six-week absence covered by a reserve after reserve induction', () => {
    let team: CoverTeam;
    let episodeId: string;
    let absenceId: string;

    beforeAll(async () => {
      team = await coverTeam(t, 'Six-week cover');
      episodeId = await communityEpisode(t, team);
      absenceId = (
        await t.expect(201, 'POST', '/api/v1/absences', {
          token: team.site.coordinator.token,
          body: {
            subject: 'peer_worker',
            peerWorkerId: team.regular.peerWorkerId,
            kind: 'sickness',
            planned: false,
            startsOn: londonDate(0),
            expectedEndOn: londonDate(41),
          },
        })
      ).id;
    }, 120_000);

    it('offers the reserve for a long-term absence, and activates them only after their reserve induction', async () => {
      const { site, regular, reserve } = team;
      const url = `/api/v1/absences/${absenceId}/cover-plan`;
      const plan = await t.expect(200, 'GET', url, { token: site.coordinator.token });
      expect(plan).toMatchObject({ term: 'long_term', allowedArrangements: ['cover', 'repair'] });
      expect(plan.episodes[0].suggestions.suggestions.map((s: { peerWorkerId: string }) => s.peerWorkerId)).toContain(
        reserve.peerWorkerId,
      );

      await refused(422, 'arrangement_fits_term', 'POST', url, site.coordinator.token, {
        arrangements: [{ episodeId, arrangement: 'pause', serviceUserInformed: true }],
      });
      const early = await refused(422, 'reserve_induction_recorded', 'POST', url, site.coordinator.token, {
        arrangements: [{ episodeId, arrangement: 'cover', peerWorkerId: reserve.peerWorkerId }],
      });
      expect(early.errors).toEqual([expect.objectContaining({ field: 'arrangements[0].peerWorkerId' })]);
      expect(
        (await t.expect(200, 'GET', `/api/v1/peer-workers/${reserve.peerWorkerId}`, { token: site.coordinator.token }))
          .status,
      ).toBe('reserve');

      await t.expect(201, 'POST', `/api/v1/peer-workers/${reserve.peerWorkerId}/reserve-inductions`, {
        token: site.coordinator.token,
        body: {
          completedOn: londonDate(0),
          topics: ['team re-introduction', 'caseload to be covered', 'supervision arrangements'],
        },
      });
      const confirmed = await t.expect(200, 'POST', url, {
        token: site.coordinator.token,
        body: { arrangements: [{ episodeId, arrangement: 'cover', peerWorkerId: reserve.peerWorkerId }] },
      });
      expect(confirmed.episodes[0].arrangement).toMatchObject({
        arrangement: 'cover',
        coveringPeerWorkerId: reserve.peerWorkerId,
        reserveActivated: true,
        termAtConfirmation: 'long_term',
      });
      expect(
        (await t.expect(200, 'GET', `/api/v1/peer-workers/${reserve.peerWorkerId}`, { token: site.coordinator.token }))
          .status,
      ).toBe('active');
      const history = await t.expect(200, 'GET', `/api/v1/peer-workers/${reserve.peerWorkerId}/status-history`, {
        token: site.coordinator.token,
      });
      expect(history.at(-1)).toMatchObject({ fromState: 'reserve', toState: 'active', actorId: site.coordinator.id });

      // Six weeks of the plan pass to the reserve; the regular peer worker keeps what comes after.
      const contacts = await contactsOf(t, episodeId);
      const inWindow = contacts.filter((c) => c.status === 'planned' && c.due_on <= londonDate(41));
      expect(inWindow.length).toBeGreaterThan(1);
      expect(inWindow.every((c) => c.owner_peer_worker_id === reserve.peerWorkerId)).toBe(true);
      expect(
        contacts.filter((c) => c.due_on > londonDate(41)).every((c) => c.owner_peer_worker_id === regular.peerWorkerId),
      ).toBe(true);
    });

    it('has the coordinator write the handover for an unplanned absence, and follows the absence when it is extended', async () => {
      const { site, regular, reserve } = team;
      const plan = await t.expect(200, 'GET', `/api/v1/absences/${absenceId}/cover-plan`, {
        token: site.coordinator.token,
      });
      const arrangementId = plan.episodes[0].arrangement.id;
      // Sickness is not planned: the absent peer worker is not asked to write a handover.
      expect(
        (
          await t.call('POST', `/api/v1/cover-arrangements/${arrangementId}/handover`, {
            token: regular.user.token,
            body: { riskAndSafety: 'x' },
          })
        ).statusCode,
      ).toBe(403);
      await t.expect(201, 'POST', `/api/v1/cover-arrangements/${arrangementId}/handover`, {
        token: site.coordinator.token,
        body: { riskAndSafety: 'No open safeguarding concerns.' },
      });

      // The absence runs on open-ended: every later contact passes to the reserve too.
      const absence = await t.expect(200, 'GET', `/api/v1/absences/${absenceId}`, { token: site.coordinator.token });
      await t.expect(200, 'PATCH', `/api/v1/absences/${absenceId}`, {
        token: site.coordinator.token,
        body: { expectedEndOn: null },
        headers: { 'if-match': `W/"${absence.version}"` },
      });
      const contacts = await contactsOf(t, episodeId);
      expect(
        contacts.filter((c) => c.status === 'planned').every((c) => c.owner_peer_worker_id === reserve.peerWorkerId),
      ).toBe(true);

      // Readmitted and discharged again while cover runs: the resumed plan goes to the reserve, not to the absent peer worker.
      await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/readmission`, {
        token: site.coordinator.token,
        body: { readmittedOn: londonDate(0) },
      });
      expect(
        (await contactsOf(t, episodeId)).filter((c) => c.status === 'planned' && c.due_on >= londonDate(0)),
      ).toEqual([]);
      await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/discharge`, {
        token: site.wardStaff.token,
        body: { dischargedOn: londonDate(0) },
      });
      const resumed = (await contactsOf(t, episodeId)).filter((c) => c.status === 'planned');
      expect(resumed.length).toBeGreaterThan(1);
      expect(resumed.every((c) => c.owner_peer_worker_id === reserve.peerWorkerId)).toBe(true);
    });
  });

  describe('who may plan cover', () => {
    it('has no cover plan for a coordinator absence (support routes to the deputy) and none for another site', async () => {
      const team = await coverTeam(t, 'Coordinator away');
      const absence = await t.expect(201, 'POST', '/api/v1/absences', {
        token: team.site.coordinator.token,
        body: {
          subject: 'coordinator',
          userId: team.site.coordinator.id,
          siteId: team.site.siteId,
          kind: 'annual_leave',
          planned: true,
          startsOn: londonDate(0),
          expectedEndOn: londonDate(4),
        },
      });
      const problem = await t.call('GET', `/api/v1/absences/${absence.id}/cover-plan`, {
        token: team.site.coordinator.token,
      });
      expect(problem.statusCode).toBe(422);
      expect(problem.json().errors).toEqual([expect.objectContaining({ field: 'absenceId' })]);
      const routing = await t.expect(200, 'GET', `/api/v1/sites/${team.site.siteId}/support-routing`, {
        token: team.site.coordinator.token,
      });
      expect(routing.responsibleUserId).toBe(team.site.deputy.id);

      const other = await coverTeam(t, 'Elsewhere');
      expect(
        (await t.call('GET', `/api/v1/absences/${absence.id}/cover-plan`, { token: other.site.coordinator.token }))
          .statusCode,
      ).toBe(404);
    }, 120_000);
  });
});
