import type { EntityManager } from 'typeorm';
import type { OutboxEventView } from '../reminder-policy';
import type { SettingsReader, SiteContacts } from '../site-contacts';
import { firstCommunityMeetingTimes } from './first-community-meeting.policy';
import { LONE_WORKING_DEPUTY_ESCALATION, LONE_WORKING_ESCALATION, LoneWorkingEscalationPolicy } from './lone-working-escalation.policy';
import { MEETING_REMINDER, MeetingReminderPolicy, meetingReminderJobId } from './meeting-reminder.policy';
import type { LoneWorkingVisitReader, LoneWorkingVisitView, MeetingReader, MeetingView } from './readers';

const manager = {} as EntityManager; // the fakes below never touch it
const settings: SettingsReader = {
  settingsOf: async () => ({ firstCommunityMeetingWithinDays: 7, loneWorkingGraceMinutes: 30, loneWorkingDeputyAfterMinutes: 15, meetingReminderLeadHours: 24 }),
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
  aggregateId: String(payload.meetingId ?? payload.visitId),
  payload,
  createdAt: new Date('2026-11-01T12:00:00Z'),
});

describe('Meeting reminders', () => {
  const meetings = new Map<string, MeetingView>();
  const reader: MeetingReader = { meeting: async (id) => meetings.get(id) ?? null, firstCommunityMeetingHeldSince: async () => null };
  const policy = new MeetingReminderPolicy(reader, settings, 1);
  const planned: MeetingView = { id: 'm1', siteId: 's1', episodeId: 'e1', status: 'planned', startsAt: new Date('2026-11-10T14:00:00Z'), peerWorkerUserId: 'pw' };

  it('plans a reminder to the peer worker the lead time before a planned meeting', async () => {
    meetings.set('m1', planned);
    const plan = await policy.plan(event('meeting.planned', { meetingId: 'm1', startsAt: '2026-11-10T14:00:00Z' }), manager);
    expect(plan.schedule).toEqual([expect.objectContaining({ jobId: meetingReminderJobId('m1', Date.parse('2026-11-10T14:00:00Z')), kind: MEETING_REMINDER, fireAt: new Date('2026-11-09T14:00:00Z') })]);
    const drafts = await policy.check(plan.schedule[0], manager);
    expect(drafts).toEqual([expect.objectContaining({ recipientUserId: 'pw', kind: MEETING_REMINDER, subjectId: 'm1' })]);
  });

  it('moves the reminder with the meeting: a new job for the new start, the old one cancelled and ignored if it fires', async () => {
    meetings.set('m1', planned);
    const first = await policy.plan(event('meeting.planned', { meetingId: 'm1', startsAt: '2026-11-10T14:00:00Z' }), manager);
    meetings.set('m1', { ...planned, startsAt: new Date('2026-11-12T10:00:00Z') });
    const moved = await policy.plan(event('meeting.rescheduled', { meetingId: 'm1', startsAt: '2026-11-12T10:00:00Z', previousStartsAt: '2026-11-10T14:00:00Z' }), manager);
    expect(moved.cancel).toEqual([first.schedule[0].jobId]);
    expect(moved.schedule[0].jobId).not.toBe(first.schedule[0].jobId);
    expect(moved.schedule[0].fireAt).toEqual(new Date('2026-11-11T10:00:00Z'));
    expect(await policy.check(first.schedule[0], manager)).toBeNull();
    expect(await policy.check(moved.schedule[0], manager)).toHaveLength(1);
  });

  it('removes the reminder of a cancelled meeting, and a cancelled meeting’s reminder notifies nobody', async () => {
    meetings.set('m1', planned);
    const plan = await policy.plan(event('meeting.planned', { meetingId: 'm1', startsAt: '2026-11-10T14:00:00Z' }), manager);
    meetings.set('m1', { ...planned, status: 'cancelled' });
    const cancelled = await policy.plan(event('meeting.cancelled', { meetingId: 'm1', startsAt: '2026-11-10T14:00:00Z' }), manager);
    expect(cancelled).toEqual({ schedule: [], cancel: [plan.schedule[0].jobId] });
    expect(await policy.check(plan.schedule[0], manager)).toBeNull();
  });
});

describe('Lone-working escalation', () => {
  const visits = new Map<string, LoneWorkingVisitView>();
  const reader: LoneWorkingVisitReader = { visit: async (id) => visits.get(id) ?? null };
  const policy = new LoneWorkingEscalationPolicy(reader, settings, contacts, 1);
  const started: LoneWorkingVisitView = { id: 'v1', siteId: 's1', peerWorkerUserId: 'pw', expectedEndAt: new Date('2026-11-10T15:00:00Z'), checkedOutAt: null };

  it('escalates to the coordinator after the grace period, then to the deputy', async () => {
    visits.set('v1', started);
    const plan = await policy.plan(event('lone_working.visit_started', { visitId: 'v1', expectedEndAt: '2026-11-10T15:00:00Z' }), manager);
    expect(plan.schedule.map((r) => [r.kind, r.fireAt.toISOString()])).toEqual([
      [LONE_WORKING_ESCALATION, '2026-11-10T15:30:00.000Z'],
      [LONE_WORKING_DEPUTY_ESCALATION, '2026-11-10T15:45:00.000Z'],
    ]);
    expect(await policy.check(plan.schedule[0], manager)).toEqual([expect.objectContaining({ recipientUserId: 'coordinator-user' })]);
    const unacknowledged = { query: async () => [{ acknowledged: 0 }] } as unknown as EntityManager;
    expect(await policy.check(plan.schedule[1], unacknowledged)).toEqual([expect.objectContaining({ recipientUserId: 'deputy-user' })]);
  });

  it('does not go on to the deputy once the coordinator has acknowledged', async () => {
    visits.set('v1', started);
    const plan = await policy.plan(event('lone_working.visit_started', { visitId: 'v1', expectedEndAt: '2026-11-10T15:00:00Z' }), manager);
    const acknowledged = { query: async () => [{ acknowledged: 1 }] } as unknown as EntityManager;
    expect(await policy.check(plan.schedule[1], acknowledged)).toBeNull();
  });

  it('cancels both escalations on check-out, and a checked-out visit escalates to nobody', async () => {
    visits.set('v1', started);
    const plan = await policy.plan(event('lone_working.visit_started', { visitId: 'v1', expectedEndAt: '2026-11-10T15:00:00Z' }), manager);
    visits.set('v1', { ...started, checkedOutAt: new Date('2026-11-10T15:05:00Z') });
    const out = await policy.plan(event('lone_working.checked_out', { visitId: 'v1', expectedEndAt: '2026-11-10T15:00:00Z' }), manager);
    expect(out.cancel).toEqual(plan.schedule.map((r) => r.jobId));
    expect(await policy.check(plan.schedule[0], manager)).toBeNull();
  });
});

describe('First community meeting after discharge', () => {
  it('reminds the day before the window closes and escalates the day after, at 09:00 London time', () => {
    const times = firstCommunityMeetingTimes('2026-03-25', 7);
    expect(times.remindAt.toISOString()).toBe('2026-03-31T08:00:00.000Z'); // BST after 29 March
    expect(times.escalateAt.toISOString()).toBe('2026-04-02T08:00:00.000Z');
  });
});
