import { AbsenceAvailability } from '../../src/absence/absence-availability';
import { SupportRouting } from '../../src/absence/support-routing.service';
import { Role } from '../../src/common/auth/role';
import { PeerWorkersService } from '../../src/workforce/peer-workers/peer-workers.service';
import {
  londonDate,
  RecruitedPeerWorker,
  recruitPeerWorker,
  SiteTeam,
  siteWithCoordinatorAndDeputy,
} from '../support/builders';
import { TestApp, TestUser } from '../support/test-app';

describe('Absences: lifecycle, classification, availability and who supports whom', () => {
  let t: TestApp;
  let team: SiteTeam;
  let worker: RecruitedPeerWorker;
  let colleague: RecruitedPeerWorker;
  let otherCoordinator: TestUser;

  const outboxOf = async (absenceId: string) =>
    t.dataSource.query<{ type: string; payload: Record<string, unknown> }[]>(
      `SELECT type, payload FROM outbox_events WHERE aggregate_type = 'absence' AND aggregate_id = $1 ORDER BY created_at, id`,
      [absenceId],
    );

  beforeAll(async () => {
    t = await TestApp.start();
    team = await siteWithCoordinatorAndDeputy(t);
    worker = await recruitPeerWorker(t, team.coordinator.token, team.siteId, 'active', 'Sam Okafor');
    colleague = await recruitPeerWorker(t, team.coordinator.token, team.siteId, 'active', 'Rae Lin');
    const otherSite = await t.createSite('Southbank Partnership NHS Trust');
    otherCoordinator = await t.createUser([Role.Coordinator], [otherSite]);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('takes planned leave from planned to active to ended, recording who, when and why, with absence.started and absence.ended in the outbox', async () => {
    const token = team.coordinator.token;
    const absence = await t.expect(201, 'POST', '/api/v1/absences', {
      token,
      body: {
        subject: 'peer_worker',
        peerWorkerId: worker.id,
        kind: 'annual_leave',
        planned: true,
        startsOn: londonDate(10),
        expectedEndOn: londonDate(11),
        note: 'Two days off',
      },
    });
    expect(absence).toMatchObject({
      state: 'planned',
      siteId: team.siteId,
      userId: worker.user.id,
      term: { term: 'short_term', lengthDays: 2, basis: 'expected_end', shortTermMaxDays: 14 },
    });

    // Not before its start date.
    const early = await t.call('POST', `/api/v1/absences/${absence.id}/transitions`, {
      token,
      body: { to: 'active', reason: 'Leave began' },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ rule: 'start_date_reached', from: 'planned', to: 'active' });

    // An unplanned sickness today starts active straight away, and ends with the last day away.
    const sick = await t.expect(201, 'POST', '/api/v1/absences', {
      token,
      body: {
        subject: 'peer_worker',
        peerWorkerId: colleague.id,
        kind: 'sickness',
        planned: false,
        startsOn: londonDate(0),
      },
    });
    expect(sick).toMatchObject({
      state: 'active',
      expectedEndOn: null,
      term: { term: 'short_term', basis: 'open_ended_so_far', becomesLongTermOn: londonDate(14) },
    });
    const noEnd = await t.call('POST', `/api/v1/absences/${sick.id}/transitions`, {
      token,
      body: { to: 'ended', reason: 'Back' },
    });
    expect(noEnd.json()).toMatchObject({ rule: 'ended_on_recorded' });
    const cancelStarted = await t.call('POST', `/api/v1/absences/${sick.id}/transitions`, {
      token,
      body: { to: 'cancelled', reason: 'Oops' },
    });
    expect(cancelStarted.statusCode).toBe(409);
    expect(cancelStarted.json()).toMatchObject({ rule: 'transition_not_in_table', from: 'active', to: 'cancelled' });
    const ended = await t.expect(200, 'POST', `/api/v1/absences/${sick.id}/transitions`, {
      token,
      body: { to: 'ended', reason: 'Back at work', endedOn: londonDate(0) },
    });
    expect(ended).toMatchObject({
      state: 'ended',
      endedOn: londonDate(0),
      term: { term: 'short_term', lengthDays: 1, basis: 'actual_end' },
    });
    const again = await t.call('POST', `/api/v1/absences/${sick.id}/transitions`, {
      token,
      body: { to: 'active', reason: 'Again' },
    });
    expect(again.statusCode).toBe(409);

    const history = await t.expect(200, 'GET', `/api/v1/absences/${sick.id}/history`, { token });
    expect(history.map((h: { fromState: string | null; toState: string }) => [h.fromState, h.toState])).toEqual([
      [null, 'active'],
      ['active', 'ended'],
    ]);
    expect(history[1]).toMatchObject({ actorId: team.coordinator.id, reason: 'Back at work' });
    expect((await outboxOf(sick.id)).map((e) => e.type)).toEqual(['absence.started', 'absence.ended']);
    expect((await outboxOf(sick.id))[0].payload).toMatchObject({
      peerWorkerId: colleague.id,
      siteId: team.siteId,
      kind: 'sickness',
      term: 'short_term',
    });
    expect((await outboxOf(absence.id)).map((e) => e.type)).toEqual(['absence.planned']);

    // Ten days pass (the clock is simulated by moving the leave to today): the leave starts.
    await t.dataSource.query(`UPDATE absences SET starts_on = $2, expected_end_on = $3 WHERE id = $1`, [
      absence.id,
      londonDate(0),
      londonDate(1),
    ]);
    const started = await t.expect(200, 'POST', `/api/v1/absences/${absence.id}/transitions`, {
      token,
      body: { to: 'active', reason: 'Leave began' },
    });
    expect(started.state).toBe('active');
    await t.expect(200, 'POST', `/api/v1/absences/${absence.id}/transitions`, {
      token,
      body: { to: 'ended', reason: 'Back early', endedOn: londonDate(0) },
    });
    expect((await outboxOf(absence.id)).map((e) => e.type)).toEqual([
      'absence.planned',
      'absence.started',
      'absence.ended',
    ]);

    // The history is append-only at the database level.
    await expect(
      t.dataSource.query(`UPDATE absence_transitions SET reason = 'edited' WHERE absence_id = $1`, [sick.id]),
    ).rejects.toThrow();
  });

  it('classifies a six-week absence as long-term by the site threshold, and refuses an overlapping one', async () => {
    const token = team.coordinator.token;
    const long = await t.expect(201, 'POST', '/api/v1/absences', {
      token,
      body: {
        subject: 'peer_worker',
        peerWorkerId: colleague.id,
        kind: 'other',
        planned: true,
        startsOn: londonDate(30),
        expectedEndOn: londonDate(71),
      },
    });
    expect(long.term).toMatchObject({ term: 'long_term', lengthDays: 42 });
    const overlap = await t.call('POST', '/api/v1/absences', {
      token,
      body: {
        subject: 'peer_worker',
        peerWorkerId: colleague.id,
        kind: 'annual_leave',
        planned: true,
        startsOn: londonDate(70),
        expectedEndOn: londonDate(75),
      },
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json()).toMatchObject({ rule: 'overlapping_absence' });
    // Shortened to nine days, it becomes short-term.
    const shortened = await t.expect(200, 'PATCH', `/api/v1/absences/${long.id}`, {
      token,
      body: { expectedEndOn: londonDate(38) },
      headers: { 'if-match': `W/"${long.version}"` },
    });
    expect(shortened.term).toMatchObject({ term: 'short_term', lengthDays: 9 });
    const cancelled = await t.expect(200, 'POST', `/api/v1/absences/${long.id}/transitions`, {
      token,
      body: { to: 'cancelled', reason: 'Plans changed' },
    });
    expect(cancelled.state).toBe('cancelled');
    expect((await outboxOf(long.id)).map((e) => e.type)).toEqual([
      'absence.planned',
      'absence.extended',
      'absence.cancelled',
    ]);
  });

  it('refuses bad dates with problem+json naming the field, never a half-written absence', async () => {
    const token = team.coordinator.token;
    const countBefore = (await t.dataSource.query('SELECT count(*)::int AS n FROM absences'))[0].n;
    const backwards = await t.call('POST', '/api/v1/absences', {
      token,
      body: {
        subject: 'peer_worker',
        peerWorkerId: worker.id,
        kind: 'annual_leave',
        planned: true,
        startsOn: londonDate(50),
        expectedEndOn: londonDate(49),
      },
    });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().errors).toEqual([expect.objectContaining({ field: 'expectedEndOn' })]);
    const futureSickness = await t.call('POST', '/api/v1/absences', {
      token,
      body: {
        subject: 'peer_worker',
        peerWorkerId: worker.id,
        kind: 'sickness',
        planned: false,
        startsOn: londonDate(3),
      },
    });
    expect(futureSickness.statusCode).toBe(422);
    expect(futureSickness.json().errors).toEqual([expect.objectContaining({ field: 'startsOn' })]);
    const badKind = await t.call('POST', '/api/v1/absences', {
      token,
      body: {
        subject: 'peer_worker',
        peerWorkerId: worker.id,
        kind: 'holiday',
        planned: true,
        startsOn: londonDate(3),
      },
    });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().errors).toEqual([expect.objectContaining({ field: 'kind' })]);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM absences'))[0].n).toBe(countBefore);
  });

  it('lets a peer worker record and cancel their own planned leave, but not sickness, nor anyone else’s absence', async () => {
    const own = await t.expect(201, 'POST', '/api/v1/absences', {
      token: worker.user.token,
      body: {
        subject: 'peer_worker',
        peerWorkerId: worker.id,
        kind: 'annual_leave',
        planned: true,
        startsOn: londonDate(100),
        expectedEndOn: londonDate(104),
      },
    });
    expect(own).toMatchObject({ state: 'planned', recordedById: worker.user.id });
    const sickness = await t.call('POST', '/api/v1/absences', {
      token: worker.user.token,
      body: {
        subject: 'peer_worker',
        peerWorkerId: worker.id,
        kind: 'sickness',
        planned: true,
        startsOn: londonDate(120),
      },
    });
    expect(sickness.statusCode).toBe(403);
    const forColleague = await t.call('POST', '/api/v1/absences', {
      token: worker.user.token,
      body: {
        subject: 'peer_worker',
        peerWorkerId: colleague.id,
        kind: 'annual_leave',
        planned: true,
        startsOn: londonDate(100),
      },
    });
    expect(forColleague.statusCode).toBe(404);
    expect((await t.call('GET', `/api/v1/absences/${own.id}`, { token: colleague.user.token })).statusCode).toBe(404);
    expect((await t.call('GET', `/api/v1/absences/${own.id}`, { token: otherCoordinator.token })).statusCode).toBe(404);
    const ownList = await t.expect(200, 'GET', '/api/v1/absences', { token: worker.user.token });
    expect(ownList.items.every((a: { peerWorkerId: string }) => a.peerWorkerId === worker.id)).toBe(true);
    expect(
      (
        await t.call('POST', `/api/v1/absences/${own.id}/transitions`, {
          token: worker.user.token,
          body: { to: 'active', reason: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    await t.expect(200, 'POST', `/api/v1/absences/${own.id}/transitions`, {
      token: worker.user.token,
      body: { to: 'cancelled', reason: 'Not going away after all' },
    });
  });

  it('answers availability for pairing and cover: isAbsent and absentPeerWorkerIds over a window', async () => {
    const absences = t.app.get(AbsenceAvailability);
    const token = team.coordinator.token;
    await t.expect(201, 'POST', '/api/v1/absences', {
      token,
      body: {
        subject: 'peer_worker',
        peerWorkerId: worker.id,
        kind: 'annual_leave',
        planned: true,
        startsOn: londonDate(200),
        expectedEndOn: londonDate(201),
      },
    });
    expect(await absences.isAbsent(worker.id, londonDate(201), londonDate(205))).toBe(true);
    expect(await absences.isAbsent(worker.user.id, londonDate(200))).toBe(true);
    expect(await absences.isAbsent(worker.id, londonDate(202), londonDate(205))).toBe(false);
    expect(await absences.absentPeerWorkerIds(team.siteId, londonDate(195), londonDate(200))).toEqual([worker.id]);
    expect(await absences.absentPeerWorkerIds(team.siteId, londonDate(202), londonDate(203))).toEqual([]);
  });

  it('records a reserve peer worker’s reserve induction (handbook 15.3), and only for a reserve', async () => {
    const token = team.coordinator.token;
    const reserve = await recruitPeerWorker(t, token, team.siteId, 'reserve', 'Dee Brown');
    const peerWorkers = t.app.get(PeerWorkersService);
    expect(await peerWorkers.reserveInductionOf(reserve.id)).toBeNull();
    const induction = await t.expect(201, 'POST', `/api/v1/peer-workers/${reserve.id}/reserve-inductions`, {
      token,
      body: {
        completedOn: londonDate(0),
        topics: ['team re-introduction', 'caseload to be covered', 'supervision arrangements'],
      },
    });
    expect(induction).toMatchObject({ peerWorkerId: reserve.id, supportedByUserId: team.coordinator.id });
    expect((await peerWorkers.reserveInductionOf(reserve.id))?.id).toBe(induction.id);
    const notReserve = await t.call('POST', `/api/v1/peer-workers/${worker.id}/reserve-inductions`, {
      token,
      body: { completedOn: londonDate(0), topics: ['x'] },
    });
    expect(notReserve.statusCode).toBe(422);
    expect(
      (
        await t.call('POST', `/api/v1/peer-workers/${reserve.id}/reserve-inductions`, {
          token: otherCoordinator.token,
          body: { completedOn: londonDate(0), topics: ['x'] },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('routes supervision and urgent support to the named deputy while the coordinator is absent, and back on return', async () => {
    const token = team.coordinator.token;
    const routing = t.app.get(SupportRouting);
    expect(
      await t.expect(200, 'GET', `/api/v1/sites/${team.siteId}/support-routing`, { token: worker.user.token }),
    ).toMatchObject({
      responsibleUserId: team.coordinator.id,
      responsibleAs: 'coordinator',
      coordinatorAbsent: false,
    });
    // The deputy cannot see the coordinator's queue while the coordinator is at work.
    expect(
      (await t.call('GET', `/api/v1/coordinator-queue?siteId=${team.siteId}`, { token: team.deputy.token })).statusCode,
    ).toBe(404);

    const away = await t.expect(201, 'POST', '/api/v1/absences', {
      token,
      body: {
        subject: 'coordinator',
        userId: team.coordinator.id,
        siteId: team.siteId,
        kind: 'sickness',
        planned: false,
        startsOn: londonDate(0),
      },
    });
    expect(away.state).toBe('active');
    expect(
      await t.expect(200, 'GET', `/api/v1/sites/${team.siteId}/support-routing`, { token: worker.user.token }),
    ).toMatchObject({
      responsibleUserId: team.deputy.id,
      responsibleAs: 'deputy',
      coordinatorAbsent: true,
      uncovered: false,
    });
    expect((await routing.responsibleFor(team.siteId, new Date())).responsibleUserId).toBe(team.deputy.id);
    const queue = await t.expect(200, 'GET', `/api/v1/coordinator-queue?siteId=${team.siteId}`, {
      token: team.deputy.token,
    });
    expect(queue).toMatchObject({ responsibleUserId: team.deputy.id, responsibleAs: 'deputy' });
    // The deputy supervises in the coordinator's place, and sees who is overdue.
    const supervised = await t.expect(201, 'POST', '/api/v1/supervision/individual-sessions', {
      token: team.deputy.token,
      body: {
        peerWorkerId: worker.id,
        heldOn: londonDate(0),
        concerns: [{ category: 'safety', summary: 'Felt unsafe on a home visit; paired visits for now' }],
      },
    });
    expect(supervised.supervisorUserId).toBe(team.deputy.id);
    await t.expect(200, 'GET', `/api/v1/supervision/overdue?siteId=${team.siteId}`, { token: team.deputy.token });
    expect(
      (await t.dataSource.query(`SELECT type FROM outbox_events WHERE aggregate_id = $1`, [away.id])).map(
        (e: { type: string }) => e.type,
      ),
    ).toEqual(['absence.started']);
    // The deputy is the coordinator's cover, not a coordinator of other sites.
    expect(
      (await t.call('GET', `/api/v1/sites/${team.siteId}/support-routing`, { token: otherCoordinator.token }))
        .statusCode,
    ).toBe(404);

    await t.expect(200, 'POST', `/api/v1/absences/${away.id}/transitions`, {
      token,
      body: { to: 'ended', reason: 'Back', endedOn: londonDate(0) },
    });
    // Ended today: the coordinator was away today, so routing moves back from tomorrow.
    expect((await routing.responsibleFor(team.siteId, new Date(Date.now() + 24 * 3600 * 1000))).responsibleUserId).toBe(
      team.coordinator.id,
    );
    // With the coordinator back, the deputy no longer acts for them.
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
    expect(
      await routing.actsForCoordinator(
        { kind: 'user', id: team.deputy.id, roles: [Role.PeerWorker], siteIds: [team.siteId], requestId: 'test' },
        team.siteId,
        tomorrow,
      ),
    ).toBe(false);
  });

  it('refuses a coordinator absence for someone who is not the named coordinator or deputy', async () => {
    const response = await t.call('POST', '/api/v1/absences', {
      token: team.coordinator.token,
      body: {
        subject: 'coordinator',
        userId: worker.user.id,
        siteId: team.siteId,
        kind: 'annual_leave',
        planned: true,
        startsOn: londonDate(5),
      },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'userId' })]);
  });
});
