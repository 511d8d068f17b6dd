import type { Job } from 'bullmq';
import { absenceStartAt, absenceStartJobId } from '../../src/absence/absence-start.reminders';
import { ReminderJobs, type ReminderJobData } from '../../src/scheduling/reminders/reminder-jobs';
import { ReminderRegistry } from '../../src/scheduling/reminders/reminder-registry';
import { ReminderRunner } from '../../src/scheduling/reminders/reminder-runner.service';
import { communityEpisode, type CoverTeam, coverTeam, londonDate } from '../cover/cover-fixtures';
import { waitFor } from '../scheduling/scheduling-fixtures';
import { TestApp } from '../support/test-app';

jest.setTimeout(60_000);

/** Issue 13 case 5: a planned absence starts on its start date by itself, and cover follows (nobody is left without contact). */
describe('A planned absence starts on its start date', () => {
  let t: TestApp;
  let team: CoverTeam;
  let episodeId: string;

  beforeAll(async () => {
    // Real time (no scaled clock): the start job waits for the absence's first morning.
    t = await TestApp.start({ REMINDER_TIME_SCALE: '1', OUTBOX_RELAY_INTERVAL_MS: '100' });
    team = await coverTeam(t, 'Planned Start Trust');
    episodeId = await communityEpisode(t, team);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const coordinator = () => team.site.coordinator;
  const planLeave = (peerWorkerId: string, from: number, to: number) =>
    t.expect(201, 'POST', '/api/v1/absences', {
      token: coordinator().token,
      body: {
        subject: 'peer_worker',
        peerWorkerId,
        kind: 'annual_leave',
        planned: true,
        startsOn: londonDate(from),
        expectedEndOn: londonDate(to),
      },
    });
  const absence = (id: string) => t.expect(200, 'GET', `/api/v1/absences/${id}`, { token: coordinator().token });
  const queued = (jobId: string): Promise<Job<ReminderJobData> | undefined> =>
    t.app.get(ReminderJobs)['reminders'].getJob(jobId);
  const uncovered = async () =>
    (
      await t.expect<{ episodeId: string; kind: string; details: { absenceId: string } }[]>(
        200,
        'GET',
        `/api/v1/sites/${team.site.siteId}/attention-items?state=open`,
        { token: coordinator().token },
      )
    ).filter((i) => i.kind === 'absence_without_cover');

  it('plans one job for its first morning, its id fixed by the absence and the start date, and starts it then; cover follows', async () => {
    const planned = await planLeave(team.regular.peerWorkerId, 3, 5);
    expect(planned.state).toBe('planned');
    const jobId = absenceStartJobId(planned.id, londonDate(3));
    const job = await waitFor('the absence-start job', () => queued(jobId));
    expect(await job.getState()).toBe('delayed');
    expect(job.data).toMatchObject({
      policy: 'absence-start',
      subjectType: 'absence',
      subjectId: planned.id,
      fireAt: absenceStartAt(londonDate(3)).toISOString(),
    });

    // Fired early (a clock ahead, a job replayed): the job re-reads the absence, which is not due yet.
    await t.app.get(ReminderRunner).fire({ ...job.data, fireAt: new Date().toISOString() });
    expect((await absence(planned.id)).state).toBe('planned');
    expect(await uncovered()).toEqual([]);

    // The first day arrives (moved to today) and the job's time with it.
    await t.dataSource.query(`UPDATE absences SET starts_on = $2 WHERE id = $1`, [planned.id, londonDate(0)]);
    await job.promote();
    await waitFor('the absence to start', async () => (await absence(planned.id)).state === 'active');

    const history = await t.expect(200, 'GET', `/api/v1/absences/${planned.id}/history`, {
      token: coordinator().token,
    });
    expect(history.at(-1)).toMatchObject({ fromState: 'planned', toState: 'active' });
    expect(history.at(-1).reason).toMatch(/started on its start date/);
    const [started] = await t.dataSource.query(
      `SELECT type FROM outbox_events WHERE aggregate_id = $1 AND type = 'absence.started'`,
      [planned.id],
    );
    expect(started).toBeDefined();
    // No cover was confirmed: the episode is on the coordinator's queue from the first day.
    expect(await uncovered()).toEqual([
      expect.objectContaining({ episodeId, details: expect.objectContaining({ absenceId: planned.id }) }),
    ]);
  });

  it('leaves a planned absence cancelled before its start date alone when the job fires', async () => {
    const planned = await planLeave(team.colleague.peerWorkerId, 10, 12);
    await t.expect(200, 'POST', `/api/v1/absences/${planned.id}/transitions`, {
      token: coordinator().token,
      body: { to: 'cancelled', reason: 'Leave withdrawn' },
    });
    const job = await waitFor('the absence-start job', () => queued(absenceStartJobId(planned.id, londonDate(10))));
    await t.dataSource.query(`UPDATE absences SET starts_on = $2 WHERE id = $1`, [planned.id, londonDate(0)]);
    expect(await t.app.get(ReminderRunner).fire({ ...job.data, fireAt: new Date().toISOString() })).toEqual({
      outcome: 'no_longer_due',
    });
    expect((await absence(planned.id)).state).toBe('cancelled');
  });

  it('is planned from the outbox event alone, the same job every time (the rebuild after Redis lost its data)', async () => {
    const policy = t.app.get(ReminderRegistry).policy('absence-start')!;
    const event = {
      id: 'e',
      type: 'absence.planned',
      aggregateType: 'absence',
      aggregateId: '00000000-0000-4000-8000-0000000000aa',
      payload: { absenceId: '00000000-0000-4000-8000-0000000000aa', startsOn: '2027-03-01' },
      createdAt: new Date('2027-02-01T12:00:00Z'),
    };
    const [first] = (await policy.plan(event, t.dataSource.manager)).schedule;
    const [again] = (await policy.plan({ ...event, id: 'e2' }, t.dataSource.manager)).schedule;
    expect(first).toEqual(again);
    expect(first).toMatchObject({
      jobId: 'absence.start-00000000-0000-4000-8000-0000000000aa-2027-03-01',
      fireAt: new Date('2027-03-01T00:05:00Z'),
    });
  });
});
