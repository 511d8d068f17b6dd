import type { EntityManager } from 'typeorm';
import type { OverdueSupervisionResponse } from './dto/supervision.dto';
import { SUPERVISION_OVERDUE, SupervisionOverduePolicy, supervisionOverdueAt } from './supervision-reminders';

const manager = {} as EntityManager;
const overdueRow = (extra: Partial<OverdueSupervisionResponse> = {}): OverdueSupervisionResponse => ({
  peerWorkerId: 'pw1',
  displayName: 'Sam Okafor',
  kind: 'individual',
  everyDays: 30,
  lastHeldOn: '2026-01-31',
  dueOn: '2026-03-02',
  daysOverdue: 1,
  neverHeld: false,
  absentToday: false,
  ...extra,
});

describe('Supervision overdue reminders', () => {
  let overdue: OverdueSupervisionResponse[] = [];
  let responsible = ['coordinator-user'];
  const policy = new SupervisionOverduePolicy(
    {
      everyDays: async (_site, kind) => (kind === 'group' ? 14 : 30),
      overdueFor: async () => overdue,
      responsibleFor: async () => responsible,
    },
    1,
  );
  const recorded = (payload: Record<string, unknown>) => ({
    id: 'e',
    type: 'supervision.recorded',
    aggregateType: 'x',
    aggregateId: 'x',
    payload,
    createdAt: new Date('2026-01-31T12:00:00Z'),
  });

  beforeEach(() => {
    overdue = [overdueRow()];
    responsible = ['coordinator-user'];
  });

  it('is overdue the day after it is due, at 09:00 London time (calendar days, across month ends)', () => {
    expect(supervisionOverdueAt('2026-01-31', 30)).toEqual({
      dueOn: '2026-03-02',
      at: new Date('2026-03-03T09:00:00Z'),
    });
    expect(supervisionOverdueAt('2026-03-20', 14).at.toISOString()).toBe('2026-04-04T08:00:00.000Z'); // BST
  });

  it('plans one reminder per attendee when a session is recorded, and reminds the responsible coordinator if still overdue', async () => {
    const plan = await policy.plan(
      recorded({ kind: 'individual', siteId: 's1', heldOn: '2026-01-31', peerWorkerIds: ['pw1'] }),
      manager,
    );
    expect(plan.schedule).toEqual([
      expect.objectContaining({
        kind: SUPERVISION_OVERDUE,
        subjectId: 'pw1',
        fireAt: new Date('2026-03-03T09:00:00Z'),
      }),
    ]);
    expect(await policy.check(plan.schedule[0], manager)).toEqual([
      expect.objectContaining({
        recipientUserId: 'coordinator-user',
        subjectType: 'peer_worker',
        subjectId: 'pw1',
        siteId: 's1',
      }),
    ]);
  });

  it('goes to the deputy when routing says the deputy is responsible', async () => {
    responsible = ['deputy-user'];
    const plan = await policy.plan(
      recorded({ kind: 'individual', siteId: 's1', heldOn: '2026-01-31', peerWorkerIds: ['pw1'] }),
      manager,
    );
    expect((await policy.check(plan.schedule[0], manager))?.map((d) => d.recipientUserId)).toEqual(['deputy-user']);
  });

  it('never fires when a later session was held, or the peer worker is absent that day', async () => {
    const plan = await policy.plan(
      recorded({ kind: 'individual', siteId: 's1', heldOn: '2026-01-31', peerWorkerIds: ['pw1'] }),
      manager,
    );
    overdue = [];
    expect(await policy.check(plan.schedule[0], manager)).toBeNull();
    overdue = [overdueRow({ lastHeldOn: '2026-02-20', dueOn: '2026-03-22' })];
    expect(await policy.check(plan.schedule[0], manager)).toBeNull();
    overdue = [overdueRow({ absentToday: true })];
    expect(await policy.check(plan.schedule[0], manager)).toBeNull();
  });

  it('lists overdue supervision for the daily digest, leaving out absent peer workers', async () => {
    overdue = [
      overdueRow(),
      overdueRow({
        peerWorkerId: 'pw2',
        kind: 'group',
        neverHeld: true,
        lastHeldOn: null,
        dueOn: null,
        daysOverdue: null,
      }),
      overdueRow({ peerWorkerId: 'pw3', absentToday: true }),
    ];
    const items = await policy.overdueAt('s1', new Date('2026-03-03T07:00:00Z'));
    expect(items.map((i) => [i.subjectId, i.summary])).toEqual([
      ['pw1', 'Sam Okafor: individual supervision overdue since 2026-03-02 (1 day)'],
      ['pw2', 'Sam Okafor has never had group supervision'],
    ]);
  });
});
