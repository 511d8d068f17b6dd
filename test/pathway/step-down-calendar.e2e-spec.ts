import { londonTimeOn } from '../../src/scheduling/reminders/reminder-clock';
import { ReminderJobs } from '../../src/scheduling/reminders/reminder-jobs';
import type { OutboxEventView } from '../../src/scheduling/reminders/reminder-policy';
import { ReminderRegistry } from '../../src/scheduling/reminders/reminder-registry';
import { waitFor } from '../scheduling/scheduling-fixtures';
import {
  DeliverySite,
  deliverySite,
  episodeInCommunity,
  londonDate,
  PeerWorkerAccount,
  peerWorkerAccount,
} from '../support/builders';
import { TestApp } from '../support/test-app';

interface Contact {
  id: string;
  sequence: number;
  phase: string;
  status: string;
  dueOn: string;
  windowStartsOn: string;
  windowEndsOn: string;
}

const addDays = (iso: string, days: number) => {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
/** Noon (UTC) on a calendar date: the same date in London, winter or summer. */
const noonOn = (iso: string, minutes = 0) => new Date(Date.parse(`${iso}T12:00:00Z`) + minutes * 60_000);

/** Issue 13 case 7: the step-down follows the calendar, not the count. */
describe('The step-down follows the calendar', () => {
  let t: TestApp;
  let site: DeliverySite;
  let peer: PeerWorkerAccount;

  beforeAll(async () => {
    t = await TestApp.start();
    site = await deliverySite(t, 'Calendar Trust');
    peer = await peerWorkerAccount(t, site);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const contactsOf = async (episodeId: string): Promise<Contact[]> =>
    (
      await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}/community-plan`, {
        token: site.coordinator.token,
      })
    ).contacts;
  const state = async (episodeId: string) =>
    (await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, { token: site.coordinator.token })).state;
  /** A telephone contact recorded as held at `at` (no lone-working visit needed for a call). */
  const heldCall = (episodeId: string, at: Date) =>
    t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, {
      token: peer.user.token,
      body: {
        mode: 'telephone',
        setting: 'online',
        plannedStartAt: at.toISOString(),
        plannedDurationMinutes: 20,
        status: 'held',
        held: {
          actualStartAt: at.toISOString(),
          actualEndAt: new Date(at.getTime() + 20 * 60_000).toISOString(),
          attendees: [{ role: 'service_user' }, { role: 'peer_worker' }],
          record: { topics: ['relationship_building'] },
        },
      },
    });

  it('fulfils a week’s contact once: a second meeting in week 1 is extra and does not mark week 2 held', async () => {
    const episodeId = await episodeInCommunity(t, site, peer, 21);
    const discharged = londonDate(-21);
    const [c1, c2] = await contactsOf(episodeId);
    expect(c1.windowStartsOn).toBe(discharged); // the discharge day counts for the first community meeting

    const first = await heldCall(episodeId, noonOn(addDays(discharged, 1)));
    const second = await heldCall(episodeId, noonOn(addDays(discharged, 2)));
    expect(first.plannedContactId).toBe(c1.id);
    expect(second.plannedContactId).toBeNull();
    let contacts = await contactsOf(episodeId);
    expect(contacts.slice(0, 3).map((c) => c.status)).toEqual(['held', 'planned', 'planned']);

    // A meeting in week 2's window fulfils week 2.
    const inWeek2 = await heldCall(episodeId, noonOn(c2.windowStartsOn));
    expect(inWeek2.plannedContactId).toBe(c2.id);
    contacts = await contactsOf(episodeId);
    expect(contacts.slice(0, 3).map((c) => c.status)).toEqual(['held', 'held', 'planned']);
  });

  it('never reaches planned_ending from thirteen contacts on one day, by meetings or by recorded outcomes', async () => {
    // Discharged yesterday: the thirteen calls reach 5.5 hours back, which after midnight is before a discharge dated
    // today (and refused as such); from yesterday they all fall in the first contact's window whatever the hour.
    const episodeId = await episodeInCommunity(t, site, peer, 1);
    const now = Date.now();
    const linked: (string | null)[] = [];
    for (let i = 0; i < 13; i++)
      linked.push((await heldCall(episodeId, new Date(now - (30 + 25 * i) * 60_000))).plannedContactId);
    const contacts = await contactsOf(episodeId);
    // The latest meeting is recorded first; whichever comes first today fulfils the first contact, the rest are extra.
    expect(linked.filter((id) => id !== null)).toEqual([contacts[0].id]);
    expect(contacts.filter((c) => c.status === 'held')).toHaveLength(1);
    expect(await state(episodeId)).toBe('community_support');

    // Recorded directly: a contact whose window is still to come cannot have happened yet — the ending neither.
    for (const c of [contacts[1], contacts[12]]) {
      const refused = await t.expect(409, 'POST', `/api/v1/planned-contacts/${c.id}/outcome`, {
        token: peer.user.token,
        body: { outcome: 'held' },
      });
      expect(refused.rule).toBe('contact_window_not_open');
    }
    expect((await contactsOf(episodeId)).filter((c) => c.status === 'held')).toHaveLength(1);
    expect(await state(episodeId)).toBe('community_support');
  });

  it('holds the ending session only once its window opens, unless the ending is brought forward with a reason', async () => {
    const episodeId = await episodeInCommunity(t, site, peer, 20);
    const ending = (await contactsOf(episodeId)).at(-1)!;
    expect(ending.phase).toBe('ending');
    const early = await t.expect(409, 'POST', `/api/v1/planned-contacts/${ending.id}/outcome`, {
      token: site.coordinator.token,
      body: { outcome: 'held' },
    });
    expect(early).toMatchObject({ rule: 'contact_window_not_open' });
    expect(early.detail).toMatch(/early ending/);

    const plan = await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/community-plan/early-ending`, {
      token: site.coordinator.token,
      body: { reason: 'Started a college course and asked to finish sooner', endingOn: londonDate(0) },
    });
    const moved = plan.contacts.find((c: Contact) => c.id === ending.id);
    expect(moved.windowStartsOn).toBe(londonDate(0));
    await t.expect(200, 'POST', `/api/v1/planned-contacts/${ending.id}/outcome`, {
      token: site.coordinator.token,
      body: { outcome: 'held' },
    });
    expect(
      await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, { token: site.coordinator.token }),
    ).toMatchObject({ state: 'ended', endingReason: 'planned_ending' });
  });

  describe('a contact whose window closes unmet', () => {
    /** Plan the window-close job as if the plan had been made on the discharge day (the worker asleep since). */
    async function scheduleWindowJobs(episodeId: string, madeAt: Date): Promise<string[]> {
      const policy = t.app.get(ReminderRegistry).policy('planned-contact-window')!;
      const rows: OutboxEventView[] = await t.dataSource.query(
        `SELECT id, type, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId", payload, created_at AS "createdAt"
           FROM outbox_events WHERE type = 'planned_contact.scheduled' AND payload->>'episodeId' = $1`,
        [episodeId],
      );
      const jobIds: string[] = [];
      for (const row of rows) {
        const plan = await policy.plan({ ...row, createdAt: madeAt }, t.dataSource.manager);
        for (const reminder of plan.schedule) {
          // Twice: the job id is deterministic, so the second adds nothing.
          await t.app.get(ReminderJobs).schedule(reminder);
          await t.app.get(ReminderJobs).schedule(reminder);
          jobIds.push(reminder.jobId);
        }
      }
      return jobIds;
    }
    const windowNotices = async (token: string) =>
      ((await t.expect(200, 'GET', '/api/v1/notifications', { token })).items as any[]).filter(
        (n) => n.kind === 'planned_contact.window_closed',
      );

    it('is marked missed by the scheduled job (through the transition table), and the peer worker and coordinator are told', async () => {
      const episodeId = await episodeInCommunity(t, site, peer, 10);
      const discharged = londonDate(-10);
      const [c1, c2] = await contactsOf(episodeId);
      const jobIds = await scheduleWindowJobs(episodeId, londonTimeOn(discharged, '12:00'));
      expect(new Set(jobIds).size).toBe(13);
      expect(jobIds).toContain(`planned_contact.window_closed-${c1.id}-${c1.windowEndsOn}`);

      await waitFor('the first contact missed', async () => (await contactsOf(episodeId))[0].status === 'missed');
      const history = await t.dataSource.query(
        `SELECT from_state, to_state, reason FROM planned_contact_transitions WHERE planned_contact_id = $1 ORDER BY occurred_at`,
        [c1.id],
      );
      expect(history.at(-1)).toMatchObject({ from_state: 'planned', to_state: 'missed' });
      expect(history.at(-1).reason).toMatch(/closed with no contact recorded/);
      // Week 2's window is still open: its job waits for it.
      expect((await contactsOf(episodeId))[1]).toMatchObject({ id: c2.id, status: 'planned' });

      for (const token of [peer.user.token, site.coordinator.token]) {
        const notices = await waitFor('the missed-contact notice', async () => {
          const found = (await windowNotices(token)).filter((n) => n.subjectId === c1.id);
          return found.length > 0 ? found : null;
        });
        expect(notices).toHaveLength(1);
        expect(notices[0]).toMatchObject({ details: { episodeId, sequence: 1, status: 'missed' } });
      }
    });

    it('leaves a contact held within its window alone when the job fires', async () => {
      const episodeId = await episodeInCommunity(t, site, peer, 10);
      const discharged = londonDate(-10);
      const [c1] = await contactsOf(episodeId);
      expect((await heldCall(episodeId, noonOn(addDays(discharged, 3)))).plannedContactId).toBe(c1.id);
      const jobId = `planned_contact.window_closed-${c1.id}-${c1.windowEndsOn}`;
      expect(await scheduleWindowJobs(episodeId, londonTimeOn(discharged, '12:00'))).toContain(jobId);
      const job = await waitFor('the window job to run', async () => {
        const found = await t.app.get(ReminderJobs)['reminders'].getJob(jobId);
        return found && (await found.isCompleted()) ? found : null;
      });
      expect(job).toBeTruthy();
      expect((await contactsOf(episodeId))[0].status).toBe('held');
      expect((await windowNotices(peer.user.token)).filter((n) => n.subjectId === c1.id)).toEqual([]);
    });
  });
});
