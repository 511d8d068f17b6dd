import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { DummyValue, GenerateSql } from '../database/sql/generate-sql.decorator';
import { IntegrationClient } from './entities/integration-client.entity';
import { RefreshToken } from './entities/refresh-token.entity';

/** Every query on refresh tokens and integration clients. */
@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `tokenHash` is the SHA-256 of the presented token. */
  @GenerateSql({ params: ['sha256'] })
  findRefreshToken(tokenHash: string, manager: EntityManager = this.dataSource.manager): Promise<RefreshToken | null> {
    return manager.findOneBy(RefreshToken, { tokenHash });
  }

  @GenerateSql({
    params: [{ userId: DummyValue.UUID, familyId: DummyValue.UUID2, tokenHash: 'sha256', expiresAt: DummyValue.DATE }],
  })
  async insertRefreshToken(
    token: Pick<RefreshToken, 'userId' | 'familyId' | 'tokenHash' | 'expiresAt'>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.insert(RefreshToken, { ...token, revokedAt: null });
  }

  /** Spend one token, once: whether this call spent it (two refreshes racing see one winner). */
  @GenerateSql({ params: [DummyValue.UUID] })
  async revokeRefreshToken(id: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const { affected } = await manager.update(RefreshToken, { id, revokedAt: IsNull() }, { revokedAt: new Date() });
    return !!affected;
  }

  /** Revoke every live token of the family (sign-out, or a spent token presented again). */
  @GenerateSql({ params: [DummyValue.UUID] })
  async revokeRefreshTokenFamily(familyId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.update(RefreshToken, { familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Housekeeping: tokens expired more than a day ago (the day keeps a reuse just after expiry recognised). */
  @GenerateSql({ params: [] })
  async purgeExpiredRefreshTokens(manager: EntityManager = this.dataSource.manager): Promise<number> {
    const { affected } = await manager
      .createQueryBuilder()
      .delete()
      .from(RefreshToken)
      .where(`expires_at < now() - interval '1 day'`)
      .execute();
    return affected ?? 0;
  }

  /** For client authentication only: the one read that includes the secret's hash. */
  @GenerateSql({ params: ['trust-epr-1a2b3c4d'] })
  findClientWithSecret(
    clientId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<IntegrationClient | null> {
    return manager
      .getRepository(IntegrationClient)
      .createQueryBuilder('client')
      .addSelect('client.secretHash')
      .where('client.clientId = :clientId', { clientId })
      .getOne();
  }

  @GenerateSql({
    params: [
      {
        name: 'Trust EPR',
        clientId: 'trust-epr-1a2b3c4d',
        secretHash: 'hash',
        siteIds: [DummyValue.UUID],
        scopes: [],
        active: true,
      },
    ],
  })
  createClient(
    client: Omit<IntegrationClient, 'id' | 'createdAt' | 'updatedAt' | 'version'>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<IntegrationClient> {
    return manager.save(manager.create(IntegrationClient, client));
  }

  @GenerateSql({ params: [] })
  listClients(manager: EntityManager = this.dataSource.manager): Promise<IntegrationClient[]> {
    return manager.find(IntegrationClient, { order: { createdAt: 'ASC' } });
  }
}
