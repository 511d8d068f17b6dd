import { randomUUID } from 'node:crypto';
import { NotificationsRepository, type NewNotification } from '../../src/notifications/notifications.repository';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { TestApp } from '../support/test-app';

/**
 * A burst of reminders firing together stores and delivers their notifications in shared batches: one INSERT and
 * one delivery transaction for many callers, each caller still told its own counts, one bad caller not holding
 * back the rest.
 */
describe('Notifications stored and delivered in batches', () => {
  let t: TestApp;
  let service: NotificationsService;
  let repository: NotificationsRepository;

  const draft = (dedupeKey: string, extra: Partial<NewNotification> = {}): NewNotification => ({
    recipientUserId: randomUUID(),
    kind: 'bench.reminder',
    subjectType: 'support_episode',
    subjectId: randomUUID(),
    siteId: null,
    dueAt: new Date(),
    summary: 'A reminder',
    dedupeKey,
    ...extra,
  });

  beforeAll(async () => {
    t = await TestApp.start();
    service = t.app.get(NotificationsService);
    repository = t.app.get(NotificationsRepository);
  });
  afterAll(() => t?.close());
  afterEach(() => jest.restoreAllMocks());

  it('stores 40 callers’ notifications with one INSERT and delivers each once', async () => {
    const inserts = jest.spyOn(repository, 'insertNew');
    const claims = jest.spyOn(repository, 'claimUnsent');
    const keys = Array.from({ length: 40 }, (_, i) => `batch-${i}-${randomUUID()}`);
    const results = await Promise.all(keys.map((key) => service.dispatch([draft(key)])));

    expect(results).toEqual(keys.map(() => ({ created: 1, delivered: 1 })));
    expect(inserts).toHaveBeenCalledTimes(1);
    expect(claims).toHaveBeenCalledTimes(1);
    const rows = await t.dataSource.query<{ n: number; sent: number }[]>(
      `SELECT count(*)::int AS n, count(sent_at)::int AS sent FROM notifications WHERE dedupe_key = ANY($1)`,
      [keys],
    );
    expect(rows[0]).toEqual({ n: 40, sent: 40 });
  });

  it('tells each caller its own counts: a key stored before, or twice in one batch, is created once', async () => {
    const old = `old-${randomUUID()}`;
    await service.dispatch([draft(old)]);
    const shared = `shared-${randomUUID()}`;
    const fresh = `fresh-${randomUUID()}`;
    const [again, first, second, own] = await Promise.all([
      service.dispatch([draft(old)]),
      service.dispatch([draft(shared)]),
      service.dispatch([draft(shared)]),
      service.dispatch([draft(fresh)]),
    ]);
    expect(again).toEqual({ created: 0, delivered: 0 });
    // The shared key is created and delivered once, credited to the first caller that named it.
    expect([first, second]).toEqual([
      { created: 1, delivered: 1 },
      { created: 0, delivered: 0 },
    ]);
    expect(own).toEqual({ created: 1, delivered: 1 });
  });

  it('fails only the caller whose notification cannot be stored; the others in its batch are delivered', async () => {
    const good = [`good-a-${randomUUID()}`, `good-b-${randomUUID()}`];
    const outcomes = await Promise.allSettled([
      service.dispatch([draft(good[0])]),
      // PostgreSQL refuses this uuid: the whole batch's INSERT fails, then each caller is tried alone.
      service.dispatch([draft(`bad-${randomUUID()}`, { recipientUserId: 'not-a-uuid' })]),
      service.dispatch([draft(good[1])]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const rows = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(sent_at)::int AS n FROM notifications WHERE dedupe_key = ANY($1)`,
      [good],
    );
    expect(rows[0].n).toBe(2);
  });
});
