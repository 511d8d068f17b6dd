// Health probe for a worker process (it has no HTTP port): exits 0 when at least one BullMQ worker
// is connected to Redis for every ENRICH queue, 1 otherwise. Used by docker-compose's healthcheck.
import { Queue } from 'bullmq';
import { bullMqConnection } from '../common/redis/redis-client';
import { validateEnvironment } from '../config/environment';
import { QUEUES } from './queues';

async function probe(): Promise<boolean> {
  const env = validateEnvironment(process.env);
  const target = { url: env.REDIS_URL, cluster: env.REDIS_CLUSTER };
  for (const name of Object.values(QUEUES)) {
    const connection = bullMqConnection(target, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
    const queue = new Queue(name, { connection, prefix: env.REDIS_PREFIX });
    try {
      if ((await queue.getWorkersCount()) === 0) return false;
    } finally {
      await queue.close();
    }
  }
  return true;
}

probe().then(
  (healthy) => process.exit(healthy ? 0 : 1),
  () => process.exit(1),
);
