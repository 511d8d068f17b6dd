import { DateTime } from 'luxon';
import {
  DeliverySite,
  deliverySite,
  episodeInCommunity,
  londonDate,
  PeerWorkerAccount,
  peerWorkerAccount,
} from '../support/builders';
import { TestApp } from '../support/test-app';
import { waitFor } from './scheduling-fixtures';

// A day lasts 0.43 s here: a contact due in two weeks is reminded of about 5.6 s after the plan is made.
const SCALE = 5e-6;
jest.setTimeout(40_000);

interface Scheduled {
  contactId: string;
  sequence: number;
  dueOn: string;
  fireAt: number;
}

describe('Step-down contact reminders (real Redis, real delays scaled)', () => {
  let t: TestApp;
  let site: DeliverySite;
  let peer: PeerWorkerAccount;

  beforeAll(async () => {
    t = await TestApp.start({ REMINDER_TIME_SCALE: String(SCALE), OUTBOX_RELAY_INTERVAL_MS: '100' });
    site = await deliverySite(t);
    peer = await peerWorkerAccount(t, site);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const contactReminders = async () =>
    ((await t.expect(200, 'GET', '/api/v1/notifications', { token: peer.user.token })).items as any[]).filter(
      (n) => n.kind === 'planned_contact.due',
    );
  /** Each planned contact's reminder: 09:00 London the day before it is due, its distance from the event scaled. */
  const scheduledReminders = async (episodeId: string): Promise<Scheduled[]> => {
    const rows = await t.dataSource.query(
      `SELECT aggregate_id AS id, payload, created_at FROM outbox_events WHERE type = 'planned_contact.scheduled' AND payload->>'episodeId' = $1 ORDER BY (payload->>'sequence')::int`,
      [episodeId],
    );
    return rows.map((r: { id: string; payload: { dueOn: string; sequence: number }; created_at: Date }) => {
      const remindAt = DateTime.fromISO(r.payload.dueOn, { zone: 'Europe/London' })
        .minus({ days: 1 })
        .set({ hour: 9 })
        .toMillis();
      const created = new Date(r.created_at).getTime();
      return {
        contactId: r.id,
        sequence: r.payload.sequence,
        dueOn: r.payload.dueOn,
        fireAt: created + Math.max(0, remindAt - created) * SCALE,
      };
    });
  };

  it('reminds the owner before each planned contact, and a readmission’s suspended contacts never fire their reminders', async () => {
    const episodeId = await episodeInCommunity(t, site, peer, 1);
    const scheduled = await scheduledReminders(episodeId);
    expect(scheduled.length).toBeGreaterThan(5);

    // The first contact (due within days of discharge) is reminded of almost at once, addressed to its owner, at its planned time.
    const first = await waitFor('the first contact’s reminder', async () =>
      (await contactReminders()).find((n) => n.subjectId === scheduled[0].contactId && n.sentAt),
    );
    expect(first).toMatchObject({
      subjectType: 'planned_contact',
      siteId: site.siteId,
      details: { episodeId, dueOn: scheduled[0].dueOn, sequence: 1 },
    });
    expect(Math.abs(new Date(first.dueAt).getTime() - scheduled[0].fireAt)).toBeLessThanOrEqual(5);

    // Readmitted: the outstanding contacts are suspended.
    await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/readmission`, {
      token: site.coordinator.token,
      body: { readmittedOn: londonDate(0) },
    });
    const readmittedAt = Date.now();
    const suspended = new Set(
      (
        await t.dataSource.query(`SELECT id FROM planned_contacts WHERE episode_id = $1 AND status = 'suspended'`, [
          episodeId,
        ])
      ).map((r: { id: string }) => r.id),
    );
    // Wait until two reminders that were due well after the readmission have had their time (and a second more).
    const later = scheduled.filter((s) => s.fireAt > readmittedAt + 500);
    expect(later.length).toBeGreaterThanOrEqual(2);
    // (Half a second beyond the full second: a timer may fire a millisecond early, and later[1] must count as passed.)
    await new Promise((resolve) => setTimeout(resolve, later[1].fireAt + 1500 - Date.now()));
    const passed = scheduled.filter((s) => s.fireAt > readmittedAt + 500 && s.fireAt <= Date.now() - 1000);
    expect(passed.length).toBeGreaterThanOrEqual(2);
    for (const s of passed) expect(suspended.has(s.contactId)).toBe(true);
    const notified = new Set((await contactReminders()).map((n) => n.subjectId));
    expect(passed.filter((s) => notified.has(s.contactId))).toEqual([]);
    // Each contact reminded of at most once.
    const all = await contactReminders();
    expect(new Set(all.map((n) => n.subjectId)).size).toBe(all.length);
  });
});
