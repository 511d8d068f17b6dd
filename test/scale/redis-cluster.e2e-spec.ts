import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { Cluster } from 'ioredis';
import { systemActor } from '../../src/common/auth/actor';
import { bullMqConnection } from '../../src/common/redis/redis-client';
import { validateEnvironment } from '../../src/config/environment';
import { OutboxRelay } from '../../src/scheduling/outbox/outbox-relay.service';
import { OutboxService } from '../../src/scheduling/outbox/outbox.service';
import { outboxJobId, QUEUES } from '../../src/scheduling/queues';
import { waitFor } from '../scheduling/scheduling-fixtures';
import { TestApp } from '../support/test-app';

jest.setTimeout(120_000);

/** Three masters on free-looking ports of this run (no replicas: enough for slots to spread over nodes). */
const BASE_PORT = 17_000 + (process.pid % 1_000) * 3;
const PORTS = [BASE_PORT, BASE_PORT + 1, BASE_PORT + 2];

/**
 * ENRICH on a Redis Cluster (REDIS_CLUSTER=true, REDIS_URL a seed node): a real three-node cluster started here
 * with Debian's redis-server. BullMQ's Lua scripts touch several keys of a queue at once, so the queue prefix must
 * be a hash tag ({…}) that puts them in one slot: without it the cluster refuses the script (CROSSSLOT), and the
 * configuration refuses such a prefix at start-up. With it, the app starts ready, relays its outbox through the
 * cluster, runs the jobs and counts the sign-in throttle there.
 */
describe('Redis Cluster', () => {
  let dir: string;
  const nodes: ChildProcess[] = [];
  let t: TestApp | undefined;
  const saved = { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: process.env.REDIS_PREFIX };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'enrich-redis-cluster-'));
    for (const port of PORTS) {
      nodes.push(
        spawn(
          'redis-server',
          [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--dir',
            dir,
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            `nodes-${port}.conf`,
            '--save',
            '',
            '--appendonly',
            'no',
          ],
          { stdio: 'ignore' },
        ),
      );
    }
    for (const port of PORTS) {
      await waitFor(`redis node ${port}`, async () => {
        try {
          return (
            execFileSync('redis-cli', ['-p', String(port), 'ping'])
              .toString()
              .trim() === 'PONG'
          );
        } catch {
          return false;
        }
      });
    }
    execFileSync('redis-cli', [
      '--cluster',
      'create',
      ...PORTS.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    for (const port of PORTS) {
      await waitFor(`cluster state ok on ${port}`, async () =>
        execFileSync('redis-cli', ['-p', String(port), 'cluster', 'info'])
          .toString()
          .includes('cluster_state:ok'),
      );
    }
  });

  afterAll(async () => {
    await t?.close();
    Object.assign(process.env, saved);
    delete process.env.REDIS_CLUSTER;
    for (const node of nodes) node.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const seed = { url: `redis://127.0.0.1:${PORTS[0]}`, cluster: true };

  it('refuses, at start-up, a cluster configuration whose prefix is not a hash tag', () => {
    expect(() => validateEnvironment({ REDIS_CLUSTER: 'true', REDIS_PREFIX: 'enrich' })).toThrow(
      /REDIS_PREFIX must be a hash tag such as \{enrich\} when REDIS_CLUSTER is true/,
    );
    expect(validateEnvironment({ REDIS_CLUSTER: 'true', REDIS_PREFIX: '{enrich}' }).REDIS_CLUSTER).toBe(true);
  });

  it('is why: the cluster refuses BullMQ’s multi-key scripts under a plain prefix, and runs them under a hash tag', async () => {
    const plain = new Queue('cluster-probe', {
      connection: bullMqConnection(seed, { maxRetriesPerRequest: 1 }),
      prefix: `enrich-plain-${process.pid}`,
    });
    const tagged = new Queue('cluster-probe', {
      connection: bullMqConnection(seed, { maxRetriesPerRequest: 1 }),
      prefix: `{enrich-tagged-${process.pid}}`,
    });
    try {
      await expect(plain.add('probe', {}, { jobId: 'one' })).rejects.toThrow(/CROSSSLOT/);
      const job = await tagged.add('probe', {}, { jobId: 'one' });
      expect(job.id).toBe('one');
      expect((await tagged.getJobCounts('waiting')).waiting).toBe(1);
    } finally {
      for (const queue of [plain, tagged]) {
        const connection = (queue.opts as { connection: Cluster }).connection;
        await queue.close();
        connection.disconnect();
      }
    }
  });

  it('runs the app on the cluster: ready, outbox relayed and its jobs run exactly once, sign-in throttle counted there', async () => {
    t = await TestApp.start({
      REDIS_CLUSTER: 'true',
      REDIS_URL: seed.url,
      REDIS_PREFIX: `{enrich-cluster-${process.pid}}`,
      LOGIN_RATE_LIMIT_PER_MINUTE: '3',
    });
    const ready = await t.call('GET', '/health/ready');
    expect({ status: ready.statusCode, redis: ready.json().details?.redis?.status }).toEqual({
      status: 200,
      redis: 'up',
    });

    const ids = await t.dataSource.transaction(async (manager) => {
      const rows = await t!.app.get(OutboxService).recordMany(
        manager,
        systemActor('test'),
        Array.from({ length: 20 }, (_, i) => ({
          type: 'test.cluster',
          aggregateType: 'test',
          aggregateId: `00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`,
          payload: { i },
        })),
      );
      return rows;
    });
    const relay = t.app.get(OutboxRelay);
    await Promise.all([relay.relayPending(), relay.relayPending()]);
    const domainEvents = t.app.get<Queue>(getQueueToken(QUEUES.domainEvents));
    // Each row became exactly one job (deterministic ids), and the in-process worker ran them on the cluster.
    const jobs = await Promise.all(ids.map((id) => domainEvents.getJob(outboxJobId(id))));
    expect(
      jobs
        .filter(Boolean)
        .map((job) => job!.data.outboxEventId)
        .sort(),
    ).toEqual([...ids].sort());
    await waitFor('the domain-event jobs to complete on the cluster', async () => {
      const states = await Promise.all(ids.map((id) => domainEvents.getJobState(outboxJobId(id))));
      return states.every((state) => state === 'completed');
    });
    const [{ unsent }] = await t.dataSource.query(
      `SELECT count(*)::int AS unsent FROM outbox_events WHERE id = ANY($1::uuid[]) AND sent_at IS NULL`,
      [ids],
    );
    expect(unsent).toBe(0);

    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        (
          await t.call('POST', '/api/v1/auth/login', {
            body: { email: 'someone.guessing@nhs.test', password: 'not-the-password-1' },
          })
        ).statusCode,
      );
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
