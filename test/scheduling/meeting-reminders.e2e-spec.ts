import {
  DeliverySite,
  deliverySite,
  episodeInCommunity,
  hoursFromNow,
  PeerWorkerAccount,
  peerWorkerAccount,
  wardMeeting,
} from '../support/builders';
import { TestApp } from '../support/test-app';
import { waitFor } from './scheduling-fixtures';

// An hour lasts 0.144 s here: a meeting 48 hours ahead with the default 24-hour lead is reminded of
// about 3.5 s after it is planned; one moved to 72 hours ahead about 6.9 s after the move.
const SCALE = 4e-5;
const HOUR = 3_600_000;
jest.setTimeout(40_000);

describe('Meeting reminders to the peer worker (real Redis, real delays scaled)', () => {
  let t: TestApp;
  let site: DeliverySite;
  let peer: PeerWorkerAccount;
  let episodeId: string;

  beforeAll(async () => {
    t = await TestApp.start({ REMINDER_TIME_SCALE: String(SCALE), OUTBOX_RELAY_INTERVAL_MS: '100' });
    site = await deliverySite(t);
    peer = await peerWorkerAccount(t, site);
    episodeId = await episodeInCommunity(t, site, peer);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const feed = async () =>
    (await t.expect(200, 'GET', '/api/v1/notifications', { token: peer.user.token })).items as any[];
  const remindersOf = async (meetingId: string) =>
    (await feed()).filter((n) => n.kind === 'meeting.reminder' && n.subjectId === meetingId);
  const plan = (hoursAhead: number) =>
    t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, {
      token: peer.user.token,
      body: wardMeeting(hoursFromNow(hoursAhead), { setting: 'service_user_home' }),
    });
  const eventTime = async (type: string, meetingId: string): Promise<number> => {
    const [row] = await t.dataSource.query(
      `SELECT created_at FROM outbox_events WHERE type = $1 AND aggregate_id = $2`,
      [type, meetingId],
    );
    return new Date(row.created_at).getTime();
  };
  /** Fire time = event time + (start − lead − event time) × scale. */
  const expectedFireAt = (eventAt: number, plannedStartAt: string, leadHours = 24) =>
    eventAt + (new Date(plannedStartAt).getTime() - leadHours * HOUR - eventAt) * SCALE;

  it('reminds the peer worker of a planned meeting the lead time before it, and only then', async () => {
    const meeting = await plan(48);
    const fireAt = expectedFireAt(await eventTime('meeting.planned', meeting.id), meeting.plannedStartAt);
    expect(await remindersOf(meeting.id)).toEqual([]);

    const [reminder] = await waitFor('the meeting reminder', async () => {
      const found = (await remindersOf(meeting.id)).filter((n) => n.sentAt);
      return found.length ? found : null;
    });
    // The feed is the peer worker's own: the reminder is addressed to them.
    expect(reminder).toMatchObject({
      subjectType: 'meeting',
      siteId: site.siteId,
      details: { startsAt: new Date(meeting.plannedStartAt).toISOString(), episodeId },
    });
    expect(Math.abs(new Date(reminder.dueAt).getTime() - fireAt)).toBeLessThanOrEqual(5);
    // Not early, and not late by more than the worker's pick-up time.
    expect(new Date(reminder.sentAt).getTime()).toBeGreaterThanOrEqual(fireAt - 5);
    expect(new Date(reminder.sentAt).getTime() - fireAt).toBeLessThan(1500);
    expect(await remindersOf(meeting.id)).toHaveLength(1);
  });

  it('moves the reminder with the meeting: the old time never fires, the new one does', async () => {
    const meeting = await plan(48);
    const moved = await t.expect(200, 'POST', `/api/v1/meetings/${meeting.id}/reschedule`, {
      token: peer.user.token,
      body: { plannedStartAt: hoursFromNow(72), reason: 'Asked to move it to Thursday' },
    });
    const oldFireAt = expectedFireAt(await eventTime('meeting.planned', meeting.id), meeting.plannedStartAt);
    const newFireAt = expectedFireAt(await eventTime('meeting.rescheduled', moved.id), moved.plannedStartAt);
    expect(newFireAt - oldFireAt).toBeGreaterThan(2500);

    const [reminder] = await waitFor('the moved meeting’s reminder', async () => {
      const found = (await remindersOf(moved.id)).filter((n) => n.sentAt);
      return found.length ? found : null;
    });
    expect(Math.abs(new Date(reminder.dueAt).getTime() - newFireAt)).toBeLessThanOrEqual(5);
    expect(new Date(reminder.sentAt).getTime()).toBeGreaterThanOrEqual(newFireAt - 5);
    // The old time passed long ago (by the scaled clock) and nothing was sent for it.
    expect(Date.now()).toBeGreaterThan(oldFireAt + 2000);
    expect(await remindersOf(meeting.id)).toEqual([]);
    expect(
      (await feed()).filter(
        (n) => n.kind === 'meeting.reminder' && n.details.startsAt === new Date(meeting.plannedStartAt).toISOString(),
      ),
    ).toEqual([]);
  });

  it('removes the reminder of a cancelled meeting: it never fires, while a meeting planned after it is reminded of', async () => {
    const cancelled = await plan(48);
    const later = await plan(49);
    await t.expect(200, 'POST', `/api/v1/meetings/${cancelled.id}/cancellation`, {
      token: peer.user.token,
      body: { cancelledBy: 'service_user', reason: 'Clinic appointment' },
    });
    const cancelledFireAt = expectedFireAt(await eventTime('meeting.planned', cancelled.id), cancelled.plannedStartAt);

    await waitFor('the later meeting’s reminder', async () => (await remindersOf(later.id)).some((n) => n.sentAt));
    expect(Date.now()).toBeGreaterThan(cancelledFireAt);
    expect(await remindersOf(cancelled.id)).toEqual([]);
  });
});
