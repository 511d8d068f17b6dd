import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AccessTokenClaims } from '../common/auth/access.guard';
import { Role } from '../common/auth/role';
import { QueueHealthIndicator } from './queue-health';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * bull-board at /admin/queues, for admins only: every request under the prefix must carry an admin's
 * bearer access token (the same JWT as the API), checked before bull-board sees it.
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: app
      .get(QueueHealthIndicator)
      .all()
      .map((q) => new BullMQAdapter(q)),
    serverAdapter,
  });
  const jwt = app.get(JwtService);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0];
    if (path !== QUEUE_DASHBOARD_PATH && !path.startsWith(`${QUEUE_DASHBOARD_PATH}/`)) return;
    const [scheme, token] = request.headers.authorization?.split(' ') ?? [];
    let claims: AccessTokenClaims | null = null;
    if (scheme?.toLowerCase() === 'bearer' && token)
      claims = await jwt.verifyAsync<AccessTokenClaims & object>(token).catch(() => null);
    const status = !claims ? 401 : claims.roles.includes(Role.Admin) ? 0 : 403;
    if (status === 0) return;
    await reply
      .code(status)
      .header('content-type', 'application/problem+json')
      .send({
        type: 'about:blank',
        title: status === 401 ? 'Unauthorized' : 'Forbidden',
        status,
        detail: 'The queue dashboard is for admins (bearer access token)',
      });
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
}
