import { randomUUID } from 'node:crypto';
import { systemActor } from '../../src/common/auth/actor';
import { OutboxService } from '../../src/scheduling/outbox/outbox.service';
import { TestApp } from '../support/test-app';

/** Batched outbox writes keep the transactional outbox's promise: the rows exist if and only if the change committed. */
describe('Outbox rows written in batches', () => {
  let t: TestApp;
  let outbox: OutboxService;
  beforeAll(async () => {
    t = await TestApp.start();
    outbox = t.app.get(OutboxService);
  });
  afterAll(() => t?.close());

  const events = (n: number, type: string) =>
    Array.from({ length: n }, (_, i) => ({
      type,
      aggregateType: 'support_episode',
      aggregateId: randomUUID(),
      payload: { index: i },
    }));

  it('writes 2,500 events across several INSERTs, returning their ids in order', async () => {
    const type = `batch.test_${randomUUID().slice(0, 8)}`;
    const written = events(2500, type);
    const ids = await t.dataSource.transaction((manager) => outbox.recordMany(manager, systemActor('test'), written));
    expect(ids).toHaveLength(2500);
    const rows = await t.dataSource.query<{ id: string; aggregate_id: string; idx: number; actor_id: string }[]>(
      `SELECT id, aggregate_id, (payload->>'index')::int AS idx, actor_id FROM outbox_events WHERE type = $1`,
      [type],
    );
    expect(rows).toHaveLength(2500);
    const byId = new Map(rows.map((r) => [r.id, r]));
    ids.forEach((id, i) => {
      expect(byId.get(id)).toMatchObject({
        aggregate_id: written[i].aggregateId,
        idx: i,
        actor_id: systemActor('test').id,
      });
    });
  });

  it('leaves nothing behind when the transaction rolls back', async () => {
    const type = `batch.rolled_back_${randomUUID().slice(0, 8)}`;
    await expect(
      t.dataSource.transaction(async (manager) => {
        await outbox.recordMany(manager, systemActor('test'), events(1200, type));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox_events WHERE type = $1`,
      [type],
    );
    expect(n).toBe(0);
  });
});
