import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DummyValue, GenerateSql } from '../../database/sql/generate-sql.decorator';
import { WebhookSubscription } from './entities/webhook-subscription.entity';

/** Queries of webhook subscriptions and their delivery bookkeeping. */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** An active integration client's sites (null when there is no such active client). */
  @GenerateSql({ params: [DummyValue.UUID] })
  async activeClientSites(clientId: string): Promise<string[] | null> {
    const [client] = await this.dataSource.query<Array<{ site_ids: string[] } | undefined>>(
      `SELECT site_ids FROM integration_clients WHERE id = $1 AND active`,
      [clientId],
    );
    return client ? client.site_ids : null;
  }

  /**
   * Active subscriptions of active clients to any of `patterns` (the type, `*` and each `prefix.*`) that cover
   * the site: the subscription's own sites (else the client's), or every site when `allSites`. A null site
   * (a notification of no site) reaches every matching subscription.
   */
  @GenerateSql({ params: [['uk.nhs.enrich.episode.discharged', '*', 'uk.nhs.enrich.episode.*'], DummyValue.UUID] })
  async matchingSubscriptions(
    patterns: string[],
    siteId: string | null,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT s.id FROM webhook_subscriptions s JOIN integration_clients c ON c.id = s.integration_client_id
       WHERE s.active AND c.active AND s.event_types && $1::text[]
         AND ($2::uuid IS NULL OR s.all_sites
              OR ($2::uuid = ANY(c.site_ids) AND (s.site_ids IS NULL OR $2::uuid = ANY(s.site_ids))))`,
      [patterns, siteId],
    );
    return rows.map((r) => r.id);
  }

  /** The subscription with its secret (not selected by default), for signing a delivery. */
  @GenerateSql({ params: [DummyValue.UUID] })
  withSecret(id: string): Promise<WebhookSubscription | null> {
    return this.dataSource
      .getRepository(WebhookSubscription)
      .createQueryBuilder('s')
      .addSelect('s.secret')
      .where('s.id = :id', { id })
      .getOne();
  }

  /** A delivery succeeded: the run of failures is over. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async resetFailures(id: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `UPDATE webhook_subscriptions SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures <> 0`,
      [id],
    );
  }

  /** A delivery failed: count it, and disable the subscription at `limit` in a row. Whether it is still active. */
  @GenerateSql({ params: [DummyValue.UUID, DummyValue.NUMBER] })
  async recordFailure(id: string, limit: number, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    // An UPDATE ... RETURNING answers [rows, affected count] on Postgres.
    const [rows] = await manager.query<[Array<{ active: boolean }>, number]>(
      `UPDATE webhook_subscriptions SET consecutive_failures = consecutive_failures + 1,
         active = CASE WHEN consecutive_failures + 1 >= $2 THEN false ELSE active END,
         disabled_at = CASE WHEN consecutive_failures + 1 >= $2 THEN now() ELSE disabled_at END,
         disabled_reason = CASE WHEN consecutive_failures + 1 >= $2 THEN $3 ELSE disabled_reason END
       WHERE id = $1 RETURNING active`,
      [id, limit, `Disabled after ${limit} consecutive failed deliveries`],
    );
    return rows[0]?.active ?? false;
  }
}
