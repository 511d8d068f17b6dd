import { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationsAndWebhooks1795602856199 implements MigrationInterface {
  name = 'NotificationsAndWebhooks1795602856199';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "recipient_user_id" uuid NOT NULL, "kind" text NOT NULL, "subject_type" text NOT NULL, "subject_id" uuid NOT NULL, "site_id" uuid, "due_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "sent_at" TIMESTAMP(3) WITH TIME ZONE, "read_at" TIMESTAMP WITH TIME ZONE, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "summary" text NOT NULL, "details" jsonb NOT NULL DEFAULT '{}', "dedupe_key" text NOT NULL, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_1ce34a3c9fd97cd56bcb734ca9" ON "notifications"  ("dedupe_key") `);
    await queryRunner.query(
      `CREATE INDEX "ix_notifications_unsent" ON "notifications"  ("created_at") WHERE sent_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_909ef44693d6971edbabb5ccc0" ON "notifications"  ("recipient_user_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "subscription_id" uuid NOT NULL, "event_id" text NOT NULL, "event_type" text NOT NULL, "attempt" integer NOT NULL, "status_code" integer, "duration_ms" integer NOT NULL, "succeeded" boolean NOT NULL, "error" text, CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_95c2164aeeb56e15fbdb8d73d0" ON "webhook_deliveries"  ("subscription_id", "created_at") `,
    );
    // The delivery log is append-only, like the audit trail.
    await queryRunner.query(
      `CREATE TRIGGER webhook_deliveries_no_update_or_delete BEFORE UPDATE OR DELETE ON "webhook_deliveries" FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only_table()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER webhook_deliveries_no_truncate BEFORE TRUNCATE ON "webhook_deliveries" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_append_only_table()`,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "integration_client_id" uuid NOT NULL, "event_type" text NOT NULL, "target_url" text NOT NULL, "secret" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "consecutive_failures" integer NOT NULL DEFAULT '0', "disabled_at" TIMESTAMP WITH TIME ZONE, "disabled_reason" text, CONSTRAINT "PK_bf631ae77d39849d599817fb6f4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_84024a4d72c807db18b6d53dff" ON "webhook_subscriptions"  ("event_type", "active") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_84024a4d72c807db18b6d53dff"`);
    await queryRunner.query(`DROP TABLE "webhook_subscriptions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_95c2164aeeb56e15fbdb8d73d0"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_909ef44693d6971edbabb5ccc0"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_unsent"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1ce34a3c9fd97cd56bcb734ca9"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
  }
}
