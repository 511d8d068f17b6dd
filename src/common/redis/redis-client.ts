import type { ConnectionOptions } from 'bullmq';
import { Cluster, Redis, type RedisOptions } from 'ioredis';

/** A single Redis server or a Redis Cluster: every ENRICH connection is one of these. */
export type RedisClient = Redis | Cluster;

export interface RedisTarget {
  /** `redis://[user:password@]host:port` — on a cluster, one seed node (the rest are discovered). */
  url: string;
  cluster: boolean;
}

/**
 * The one place that knows whether Redis is one server or a cluster (`REDIS_CLUSTER=true`). Options are those of a
 * single connection; on a cluster they apply to each node connection, and the cluster client itself honours
 * `lazyConnect` and `enableOfflineQueue` (so fail-fast connections stay fail-fast).
 */
export function createRedisClient(target: RedisTarget, options: RedisOptions = {}): RedisClient {
  if (!target.cluster) return new Redis(target.url, options);
  const { lazyConnect, enableOfflineQueue, maxRetriesPerRequest, ...nodeOptions } = options;
  const seed = new URL(target.url);
  return new Cluster([{ host: seed.hostname, port: Number(seed.port || 6379) }], {
    lazyConnect,
    enableOfflineQueue,
    redisOptions: {
      ...nodeOptions,
      maxRetriesPerRequest,
      username: seed.username ? decodeURIComponent(seed.username) : undefined,
      password: seed.password ? decodeURIComponent(seed.password) : undefined,
      tls: seed.protocol === 'rediss:' ? {} : undefined,
    },
  });
}

/**
 * A BullMQ `connection`: options with the URL for one server (BullMQ opens and closes its own connections), or a
 * Cluster client on a cluster (BullMQ duplicates it for each blocking worker connection). On a cluster every queue
 * prefix must be a hash tag (`{enrich}`), which the configuration enforces.
 */
export function bullMqConnection(target: RedisTarget, options: RedisOptions): ConnectionOptions {
  if (!target.cluster) return { url: target.url, ...options } as ConnectionOptions;
  const client = createRedisClient(target, options) as Cluster;
  sharedClusterClients.add(client);
  return client;
}

/** Cluster clients handed to BullMQ, which does not close a connection it was given: closed at shutdown. */
const sharedClusterClients = new Set<Cluster>();

export async function closeSharedClusterClients(): Promise<void> {
  const clients = [...sharedClusterClients];
  sharedClusterClients.clear();
  await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
}

/** REDIS_URL and REDIS_CLUSTER from the configuration. */
export function redisTarget(config: {
  get(key: 'REDIS_URL', options: { infer: true }): string;
  get(key: 'REDIS_CLUSTER', options: { infer: true }): boolean;
}): RedisTarget {
  return { url: config.get('REDIS_URL', { infer: true }), cluster: config.get('REDIS_CLUSTER', { infer: true }) };
}
