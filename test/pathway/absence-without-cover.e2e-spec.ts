import { DailyDigest } from '../../src/scheduling/reminders/daily-digest.service';
import type { ReminderJobData } from '../../src/scheduling/reminders/reminder-jobs';
import type { OutboxEventView } from '../../src/scheduling/reminders/reminder-policy';
import { ReminderRegistry } from '../../src/scheduling/reminders/reminder-registry';
import { ReminderRunner } from '../../src/scheduling/reminders/reminder-runner.service';
import {
  communityEpisode,
  contactsOf,
  CoverTeam,
  coverTeam,
  londonDate,
  readyPeerWorker,
} from '../cover/cover-fixtures';
import type { TestUser } from '../support/test-app';
import { TestApp } from '../support/test-app';

interface Item {
  id: string;
  episodeId: string;
  kind: string;
  state: string;
  escalationLevel: number;
  details: Record<string, unknown>;
  resolution: string | null;
}

/** Issue 13 case 5: an absence with no confirmed cover strands nobody. */
describe('Absences never strand anyone', () => {
  let t: TestApp;
  let team: CoverTeam;
  let episodes: string[];
  let absenceId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    team = await coverTeam(t, 'No Stranding Trust');
    episodes = [await communityEpisode(t, team), await communityEpisode(t, team)];
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const coordinator = () => team.site.coordinator;
  const items = async (state = 'open'): Promise<Item[]> =>
    t.expect(200, 'GET', `/api/v1/sites/${team.site.siteId}/attention-items?state=${state}`, {
      token: coordinator().token,
    });
  const sickFromToday = (peerWorkerId: string, expectedEndOn = londonDate(2)) =>
    t.expect(201, 'POST', '/api/v1/absences', {
      token: coordinator().token,
      body: {
        subject: 'peer_worker',
        peerWorkerId,
        kind: 'sickness',
        planned: false,
        startsOn: londonDate(0),
        expectedEndOn,
      },
    });
  const notificationsOf = async (user: TestUser, kind: string) =>
    ((await t.expect(200, 'GET', '/api/v1/notifications', { token: user.token })).items as any[]).filter(
      (n) => n.kind === kind,
    );
  /** Fire a planned contact's "due" reminder now, as the worker would at its time (the policy re-reads everything). */
  async function fireContactReminder(contactId: string): Promise<void> {
    const [row]: OutboxEventView[] = await t.dataSource.query(
      `SELECT id, type, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId", payload, created_at AS "createdAt"
         FROM outbox_events WHERE type = 'planned_contact.scheduled' AND aggregate_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [contactId],
    );
    const policy = t.app.get(ReminderRegistry).policy('planned-contact')!;
    const [due] = (await policy.plan(row, t.dataSource.manager)).schedule;
    const data: ReminderJobData = { ...due, fireAt: new Date().toISOString() };
    await t.app.get(ReminderRunner).fire(data);
  }
  const digestItems = async (date: string, now: Date) => {
    await t.app.get(DailyDigest).send(date, now);
    const [digest] = (await notificationsOf(coordinator(), 'daily_digest')).filter((n) => n.details.date === date);
    return digest.details.items as { kind: string; subjectId: string; escalationLevel: number; summary: string }[];
  };

  it('puts every affected episode on the coordinator’s queue when an absence starts with no cover confirmed', async () => {
    expect(await items()).toEqual([]);
    absenceId = (await sickFromToday(team.regular.peerWorkerId)).id;
    const open = await items();
    expect(open.map((i) => i.episodeId).sort()).toEqual([...episodes].sort());
    for (const item of open)
      expect(item).toMatchObject({
        kind: 'absence_without_cover',
        escalationLevel: 0,
        details: { absenceId, peerWorkerId: team.regular.peerWorkerId, startsOn: londonDate(0) },
      });
  });

  it('lists them in the daily digest each morning, one escalation level higher each day', async () => {
    const today = await digestItems(londonDate(0), new Date());
    const tomorrow = await digestItems(londonDate(1), new Date(Date.now() + 24 * 3600_000));
    for (const [list, level] of [
      [today, 0],
      [tomorrow, 1],
    ] as const) {
      const uncovered = list.filter((i) => i.kind === 'attention.absence_without_cover');
      expect(uncovered.map((i) => i.subjectId).sort()).toEqual([...episodes].sort());
      expect(uncovered.every((i) => i.escalationLevel === level)).toBe(true);
    }
    expect(tomorrow[0].summary).toMatch(/waiting 1 day/);
  });

  it('sends the contacts due meanwhile to the coordinator, not the absent peer worker', async () => {
    const [, second] = await contactsOf(t, episodes[0]);
    await fireContactReminder(second.id);
    const toCoordinator = (await notificationsOf(coordinator(), 'planned_contact.due')).filter(
      (n) => n.subjectId === second.id,
    );
    expect(toCoordinator).toHaveLength(1);
    expect(toCoordinator[0].details).toMatchObject({ absentPeerWorkerId: team.regular.peerWorkerId });
    const toAbsent = (await notificationsOf(team.regular.user, 'planned_contact.due')).filter(
      (n) => n.subjectId === second.id,
    );
    expect(toAbsent).toEqual([]);
  });

  it('resolves the items when cover is confirmed, and the covering peer worker gets the reminders', async () => {
    await t.expect(200, 'POST', `/api/v1/absences/${absenceId}/cover-plan`, {
      token: coordinator().token,
      body: {
        arrangements: episodes.map((episodeId) => ({
          episodeId,
          arrangement: 'cover',
          peerWorkerId: team.colleague.peerWorkerId,
        })),
      },
    });
    expect(await items()).toEqual([]);
    const resolved = (await items('resolved')).filter((i) => i.kind === 'absence_without_cover');
    expect(resolved).toHaveLength(2);
    expect(resolved[0].resolution).toMatch(/Cover confirmed/);

    // Cover takes the contacts due up to the end of the absence: contact 1 (overdue) is the covering worker's now.
    const [first] = await contactsOf(t, episodes[1]);
    await fireContactReminder(first.id);
    expect(
      (await notificationsOf(team.colleague.user, 'planned_contact.due')).filter((n) => n.subjectId === first.id),
    ).toHaveLength(1);
  });

  it('resolves them when the absence ends without cover', async () => {
    const other = await readyPeerWorker(t, team.site, 'Jo Ellis');
    const episodeId = await communityEpisode(t, team, other);
    const absence = await sickFromToday(other.peerWorkerId, londonDate(0));
    expect((await items()).map((i) => i.episodeId)).toEqual([episodeId]);
    await t.expect(200, 'POST', `/api/v1/absences/${absence.id}/transitions`, {
      token: coordinator().token,
      body: { to: 'ended', endedOn: londonDate(0), reason: 'Back at work' },
    });
    expect(await items()).toEqual([]);
  });

  it('shows a leaver’s stranded episodes in the daily digest too', async () => {
    const leaver = await readyPeerWorker(t, team.site, 'Lee Leaving');
    const episodeId = await communityEpisode(t, team, leaver);
    await t.expect(200, 'POST', `/api/v1/peer-workers/${leaver.peerWorkerId}/status`, {
      token: coordinator().token,
      body: { status: 'left', reason: 'Resigned' },
    });
    const listed = await digestItems(londonDate(2), new Date(Date.now() + 2 * 24 * 3600_000));
    expect(listed).toContainEqual(
      expect.objectContaining({ kind: 'attention.peer_worker_left', subjectId: episodeId, escalationLevel: 2 }),
    );
  });
});
