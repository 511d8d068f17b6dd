import type { EntityManager } from 'typeorm';
import type { OutboxEventView } from '../../../scheduling/reminders/reminder-policy';
import type { SettingsReader, SiteContacts } from '../../../scheduling/reminders/site-contacts';
import { firstCommunityMeetingTimes } from './first-community-meeting.policy';
import {
  LONE_WORKING_DEPUTY_ESCALATION,
  LONE_WORKING_ESCALATION,
  LoneWorkingEscalationPolicy,
} from './lone-working-escalation.policy';
import { MEETING_REMINDER, MeetingReminderPolicy, meetingReminderJobId } from './meeting-reminder.policy';
import {
  ENDING_PREPARATION_DUE,
  PLANNED_CONTACT_DUE,
  PlannedContactReminderPolicy,
  PlannedContactView,
} from './planned-contact.policy';
import type {
  EscalationRouter,
  LoneWorkingVisitReader,
  LoneWorkingVisitView,
  MeetingReader,
  MeetingView,
} from './readers';

const manager = {} as EntityManager; // the fakes below never touch it
const settings: SettingsReader = {
  settingsOf: async () => ({
    firstCommunityMeetingWithinDays: 7,
    loneWorkingGraceMinutes: 30,
    loneWorkingAcknowledgementMinutes: 15,
    loneWorkingEscalationChain: ['coordinator', 'deputy'],
    meetingReminderLeadHours: 24,
  }),
};
const contacts: SiteContacts = {
  coordinatorsOf: async () => ['coordinator-user'],
  deputyOf: async () => 'deputy-user',
  userOfPeerWorker: async () => 'peer-worker-user',
};
const event = (type: string, payload: Record<string, unknown>): OutboxEventView => ({
  id: 'evt',
  type,
  aggregateType: 'x',
  aggregateId: String(payload.meetingId ?? payload.visitId ?? payload.plannedContactId),
  payload,
  createdAt: new Date('2026-11-01T12:00:00Z'),
});

describe('Meeting reminders', () => {
  const meetings = new Map<string, MeetingView>();
  const reader: MeetingReader = {
    meeting: async (id) => meetings.get(id) ?? null,
    firstCommunityMeetingHeldSince: async () => null,
  };
  const policy = new MeetingReminderPolicy(reader, settings, 1);
  const planned: MeetingView = {
    id: 'm1',
    siteId: 's1',
    episodeId: 'e1',
    status: 'planned',
    startsAt: new Date('2026-11-10T14:00:00Z'),
    peerWorkerUserId: 'pw',
  };

  it('plans a reminder to the peer worker the lead time before a planned meeting', async () => {
    meetings.set('m1', planned);
    const plan = await policy.plan(
      event('meeting.planned', { meetingId: 'm1', plannedStartAt: '2026-11-10T14:00:00.000Z' }),
      manager,
    );
    expect(plan.schedule).toEqual([
      expect.objectContaining({
        jobId: meetingReminderJobId('m1', Date.parse('2026-11-10T14:00:00Z')),
        kind: MEETING_REMINDER,
        fireAt: new Date('2026-11-09T14:00:00Z'),
      }),
    ]);
    const drafts = await policy.check(plan.schedule[0], manager);
    expect(drafts).toEqual([
      expect.objectContaining({ recipientUserId: 'pw', kind: MEETING_REMINDER, subjectId: 'm1' }),
    ]);
  });

  it('moves the reminder with the meeting: the replacement meeting gets a new job, the old meeting’s is cancelled and ignored if it fires', async () => {
    meetings.set('m1', planned);
    const first = await policy.plan(
      event('meeting.planned', { meetingId: 'm1', plannedStartAt: '2026-11-10T14:00:00.000Z' }),
      manager,
    );
    // Rescheduling keeps m1 as `rescheduled` and plans m2 at the new time.
    meetings.set('m1', { ...planned, status: 'rescheduled' });
    meetings.set('m2', { ...planned, id: 'm2', startsAt: new Date('2026-11-12T10:00:00Z') });
    const moved = await policy.plan(
      event('meeting.rescheduled', {
        meetingId: 'm2',
        plannedStartAt: '2026-11-12T10:00:00.000Z',
        rescheduledFromId: 'm1',
        previousPlannedStartAt: '2026-11-10T14:00:00.000Z',
      }),
      manager,
    );
    expect(moved.cancel).toEqual([first.schedule[0].jobId]);
    expect(moved.schedule).toEqual([
      expect.objectContaining({ subjectId: 'm2', fireAt: new Date('2026-11-11T10:00:00Z') }),
    ]);
    expect(await policy.check(first.schedule[0], manager)).toBeNull();
    expect(await policy.check(moved.schedule[0], manager)).toHaveLength(1);
  });

  it('removes the reminder of a cancelled meeting, and a cancelled meeting’s reminder notifies nobody', async () => {
    meetings.set('m1', planned);
    const plan = await policy.plan(
      event('meeting.planned', { meetingId: 'm1', plannedStartAt: '2026-11-10T14:00:00.000Z' }),
      manager,
    );
    meetings.set('m1', { ...planned, status: 'cancelled' });
    const cancelled = await policy.plan(
      event('meeting.cancelled', { meetingId: 'm1', plannedStartAt: '2026-11-10T14:00:00.000Z' }),
      manager,
    );
    expect(cancelled).toEqual({ schedule: [], cancel: [plan.schedule[0].jobId] });
    expect(await policy.check(plan.schedule[0], manager)).toBeNull();
  });

  it('removes the reminder of a meeting held early', async () => {
    meetings.set('m1', planned);
    const plan = await policy.plan(
      event('meeting.planned', { meetingId: 'm1', plannedStartAt: '2026-11-10T14:00:00.000Z' }),
      manager,
    );
    const held = await policy.plan(
      event('meeting.held', { meetingId: 'm1', plannedStartAt: '2026-11-10T14:00:00.000Z' }),
      manager,
    );
    expect(held.cancel).toEqual([plan.schedule[0].jobId]);
  });
});

type Sent = { recipient: string; acknowledged: boolean }[];

describe('Lone-working escalation', () => {
  const visits = new Map<string, LoneWorkingVisitView>();
  /** The escalations already sent for the visit travel with the (fake) manager each check is given. */
  const reader: LoneWorkingVisitReader = {
    visit: async (id) => visits.get(id) ?? null,
    escalationsNotified: async (_visitId, _kinds, _end, m) => (m as unknown as { sent?: Sent }).sent ?? [],
  };
  let route = { responsibleUserId: 'coordinator-user', deputyUserId: 'deputy-user' as string | null };
  const router: EscalationRouter = { responsibleFor: async () => route };
  const policy = new LoneWorkingEscalationPolicy(reader, settings, contacts, router, 1);
  const started: LoneWorkingVisitView = {
    id: 'v1',
    siteId: 's1',
    peerWorkerUserId: 'pw',
    expectedEndAt: new Date('2026-11-10T15:00:00Z'),
    checkedOutAt: null,
    escalationAcknowledgedAt: null,
  };
  /** A manager carrying the escalations already sent for the visit. */
  const sent = (rows: Sent) => ({ sent: rows }) as unknown as EntityManager;
  const nothingSent = sent([]);
  const startedEvent = event('lone_working.visit_started', {
    visitId: 'v1',
    expectedEndAt: '2026-11-10T15:00:00.000Z',
  });

  beforeEach(() => {
    route = { responsibleUserId: 'coordinator-user', deputyUserId: 'deputy-user' };
    visits.set('v1', started);
  });

  it('escalates to the coordinator after the grace period, then to the deputy an acknowledgement window later', async () => {
    const plan = await policy.plan(startedEvent, manager);
    expect(plan.schedule.map((r) => [r.kind, r.fireAt.toISOString()])).toEqual([
      [LONE_WORKING_ESCALATION, '2026-11-10T15:30:00.001Z'],
      [LONE_WORKING_DEPUTY_ESCALATION, '2026-11-10T15:45:00.001Z'],
    ]);
    expect(await policy.check(plan.schedule[0], nothingSent)).toEqual([
      expect.objectContaining({ recipientUserId: 'coordinator-user' }),
    ]);
    expect(
      await policy.check(plan.schedule[1], sent([{ recipient: 'coordinator-user', acknowledged: false }])),
    ).toEqual([expect.objectContaining({ recipientUserId: 'deputy-user' })]);
  });

  it('follows the site’s chain: a deputy-only chain escalates straight to the deputy', async () => {
    const deputyOnly = new LoneWorkingEscalationPolicy(
      reader,
      { settingsOf: async () => ({ ...(await settings.settingsOf('s1')), loneWorkingEscalationChain: ['deputy'] }) },
      contacts,
      router,
      1,
    );
    const plan = await deputyOnly.plan(startedEvent, manager);
    expect(plan.schedule.map((r) => [r.kind, r.fireAt.toISOString()])).toEqual([
      [LONE_WORKING_DEPUTY_ESCALATION, '2026-11-10T15:30:00.001Z'],
    ]);
  });

  it('shortens the grace and acknowledgement windows by the time scale, never the expected end', async () => {
    const scaled = new LoneWorkingEscalationPolicy(reader, settings, contacts, router, 0.001);
    const plan = await scaled.plan(startedEvent, manager);
    expect(plan.schedule.map((r) => r.fireAt.toISOString())).toEqual([
      '2026-11-10T15:00:01.801Z',
      '2026-11-10T15:00:02.701Z',
    ]);
  });

  it('does not go on to the deputy once the visit’s escalation is acknowledged', async () => {
    const plan = await policy.plan(startedEvent, manager);
    visits.set('v1', { ...started, escalationAcknowledgedAt: new Date('2026-11-10T15:35:00Z') });
    expect(await policy.check(plan.schedule[1], nothingSent)).toBeNull();
  });

  it('does not go on to the deputy once the coordinator acknowledged the notification', async () => {
    const plan = await policy.plan(startedEvent, manager);
    expect(
      await policy.check(plan.schedule[1], sent([{ recipient: 'coordinator-user', acknowledged: true }])),
    ).toBeNull();
  });

  it('sends the coordinator’s escalation to the deputy while the coordinator is absent, and does not alert the deputy twice', async () => {
    route = { responsibleUserId: 'deputy-user', deputyUserId: 'deputy-user' };
    const plan = await policy.plan(startedEvent, manager);
    expect(await policy.check(plan.schedule[0], nothingSent)).toEqual([
      expect.objectContaining({ recipientUserId: 'deputy-user', kind: LONE_WORKING_ESCALATION }),
    ]);
    expect(await policy.check(plan.schedule[1], sent([{ recipient: 'deputy-user', acknowledged: false }]))).toEqual([]);
  });

  it('cancels both escalations on check-out, and a checked-out visit escalates to nobody', async () => {
    const plan = await policy.plan(startedEvent, manager);
    visits.set('v1', { ...started, checkedOutAt: new Date('2026-11-10T15:05:00Z') });
    const out = await policy.plan(
      event('lone_working.checked_out', { visitId: 'v1', expectedEndAt: '2026-11-10T15:00:00.000Z' }),
      manager,
    );
    expect(out.cancel).toEqual(plan.schedule.map((r) => r.jobId));
    expect(await policy.check(plan.schedule[0], nothingSent)).toBeNull();
  });

  it('moves the escalations when a check-in extends the visit', async () => {
    const plan = await policy.plan(startedEvent, manager);
    visits.set('v1', { ...started, expectedEndAt: new Date('2026-11-10T16:00:00Z') });
    const extended = await policy.plan(
      event('lone_working.checked_in', {
        visitId: 'v1',
        expectedEndAt: '2026-11-10T16:00:00.000Z',
        previousExpectedEndAt: '2026-11-10T15:00:00.000Z',
      }),
      manager,
    );
    expect(extended.cancel).toEqual(plan.schedule.map((r) => r.jobId));
    expect(extended.schedule[0].fireAt.toISOString()).toBe('2026-11-10T16:30:00.001Z');
    expect(await policy.check(plan.schedule[0], nothingSent)).toBeNull();
  });
});

describe('Step-down contact and ending-preparation reminders', () => {
  const planned = new Map<string, PlannedContactView>();
  const policy = new PlannedContactReminderPolicy(
    { plannedContact: async (id) => planned.get(id) ?? null },
    contacts,
    1,
  );
  const contact: PlannedContactView = {
    id: 'c1',
    episodeId: 'e1',
    siteId: 's1',
    sequence: 5,
    phase: 'step_down',
    status: 'planned',
    dueOn: '2026-11-10',
    ownerPeerWorkerId: 'pw1',
  };
  const scheduled = (c: PlannedContactView) =>
    event('planned_contact.scheduled', {
      plannedContactId: c.id,
      dueOn: c.dueOn,
      phase: c.phase,
      sequence: c.sequence,
    });

  it('reminds the contact’s owner at 09:00 London time the day before it is due', async () => {
    planned.set('c1', contact);
    const plan = await policy.plan(scheduled(contact), manager);
    expect(plan.schedule.map((r) => [r.kind, r.fireAt.toISOString()])).toEqual([
      [PLANNED_CONTACT_DUE, '2026-11-09T09:00:00.000Z'],
    ]);
    expect(await policy.check(plan.schedule[0], manager)).toEqual([
      expect.objectContaining({ recipientUserId: 'peer-worker-user', kind: PLANNED_CONTACT_DUE, subjectId: 'c1' }),
    ]);
  });

  it('adds an ending-preparation reminder a week before the ending session', async () => {
    const ending = { ...contact, id: 'c9', phase: 'ending', dueOn: '2026-04-02' };
    planned.set('c9', ending);
    const plan = await policy.plan(scheduled(ending), manager);
    expect(plan.schedule.map((r) => [r.kind, r.fireAt.toISOString()])).toEqual([
      [PLANNED_CONTACT_DUE, '2026-04-01T08:00:00.000Z'], // BST
      [ENDING_PREPARATION_DUE, '2026-03-26T09:00:00.000Z'], // GMT, before the clocks change
    ]);
  });

  it.each(['suspended', 'cancelled', 'held', 'missed'])('never fires the reminder of a %s contact', async (status) => {
    planned.set('c1', contact);
    const plan = await policy.plan(scheduled(contact), manager);
    planned.set('c1', { ...contact, status });
    expect(await policy.check(plan.schedule[0], manager)).toBeNull();
  });

  it('never fires the stale reminder of a contact whose due date changed; the new date has its own job', async () => {
    planned.set('c1', contact);
    const stale = await policy.plan(scheduled(contact), manager);
    const moved = { ...contact, dueOn: '2026-11-24' };
    planned.set('c1', moved);
    const fresh = await policy.plan(scheduled(moved), manager);
    expect(fresh.schedule[0].jobId).not.toBe(stale.schedule[0].jobId);
    expect(await policy.check(stale.schedule[0], manager)).toBeNull();
    expect(await policy.check(fresh.schedule[0], manager)).toHaveLength(1);
  });

  it('sends the reminder to the coordinator while the owner is absent with no cover, and to the owner again once back', async () => {
    const away = new Set(['pw1']);
    const routed = new PlannedContactReminderPolicy(
      { plannedContact: async (id) => planned.get(id) ?? null },
      contacts,
      1,
      {
        standInFor: async (peerWorkerId) => (away.has(peerWorkerId) ? 'coordinator-user' : null),
      },
    );
    planned.set('c1', contact);
    const [reminder] = (await routed.plan(scheduled(contact), manager)).schedule;
    const [toCoordinator] = (await routed.check(reminder, manager))!;
    expect(toCoordinator).toMatchObject({
      recipientUserId: 'coordinator-user',
      details: { absentPeerWorkerId: 'pw1' },
    });
    expect(toCoordinator.summary).toMatch(/absent with no cover confirmed/);
    away.clear();
    expect(await routed.check(reminder, manager)).toEqual([
      expect.objectContaining({ recipientUserId: 'peer-worker-user' }),
    ]);
  });
});

describe('First community meeting after discharge', () => {
  it('reminds the day before the window closes and escalates the day after, at 09:00 London time', () => {
    const times = firstCommunityMeetingTimes('2026-03-25', 7);
    expect(times.remindAt.toISOString()).toBe('2026-03-31T08:00:00.000Z'); // BST after 29 March
    expect(times.escalateAt.toISOString()).toBe('2026-04-02T08:00:00.000Z');
  });
});
