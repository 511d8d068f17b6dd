import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Domain events out (docs/reference/events-out.md). `integration_events` is the published stream: one row per
 * CloudEvent, written in the transaction of the change it announces, append-only. Replay reads it in the order
 * (tx, position): `tx` is the writing transaction's id, so a reader that only returns rows of transactions older
 * than every one still running (pg_snapshot_xmin) never skips a row that commits late. Webhook subscriptions get
 * a list of event types (the single type moves into it) and a site scope.
 */
export class IntegrationEventsOut1796610000000 implements MigrationInterface {
  name = 'IntegrationEventsOut1796610000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "integration_events" ("id" uuid NOT NULL, "position" bigserial NOT NULL, "tx" bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "type" text NOT NULL, "source" text NOT NULL, "subject" text NOT NULL, "site_id" uuid NOT NULL, "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "data" jsonb NOT NULL, "outbox_event_id" uuid NOT NULL, CONSTRAINT "PK_integration_events" PRIMARY KEY ("id"), CONSTRAINT "uq_integration_events_position" UNIQUE ("position"), CONSTRAINT "uq_integration_events_outbox_event" UNIQUE ("outbox_event_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_integration_events_order" ON "integration_events" ("tx", "position")`);
    await queryRunner.query(
      `CREATE INDEX "ix_integration_events_site_order" ON "integration_events" ("site_id", "tx", "position")`,
    );
    await queryRunner.query(
      `CREATE TRIGGER integration_events_no_update_or_delete BEFORE UPDATE OR DELETE ON "integration_events" FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only_table()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER integration_events_no_truncate BEFORE TRUNCATE ON "integration_events" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_append_only_table()`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_subscriptions" ADD "event_types" text array NOT NULL DEFAULT '{}', ADD "site_ids" uuid array, ADD "all_sites" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`UPDATE "webhook_subscriptions" SET "event_types" = ARRAY["event_type"]`);
    await queryRunner.query(`DROP INDEX "IDX_84024a4d72c807db18b6d53dff"`);
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" DROP COLUMN "event_type"`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_subscriptions_active" ON "webhook_subscriptions" ("active")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_webhook_subscriptions_active"`);
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" ADD "event_type" text`);
    await queryRunner.query(`UPDATE "webhook_subscriptions" SET "event_type" = coalesce("event_types"[1], '*')`);
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" ALTER COLUMN "event_type" SET NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "IDX_84024a4d72c807db18b6d53dff" ON "webhook_subscriptions" ("event_type", "active")`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_subscriptions" DROP COLUMN "all_sites", DROP COLUMN "site_ids", DROP COLUMN "event_types"`,
    );
    await queryRunner.query(`DROP TABLE "integration_events"`);
  }
}
