import { MigrationInterface, QueryRunner } from 'typeorm';

export class TransactionalOutbox1795602548674 implements MigrationInterface {
  name = 'TransactionalOutbox1795602548674';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outbox_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "type" text NOT NULL, "aggregate_type" text NOT NULL, "aggregate_id" uuid NOT NULL, "payload" jsonb NOT NULL DEFAULT '{}', "actor_id" text NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE, "relay_attempts" integer NOT NULL DEFAULT '0', "last_relay_error" text, CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_outbox_events_unsent" ON "outbox_events"  ("created_at") WHERE sent_at IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_outbox_events_unsent"`);
    await queryRunner.query(`DROP TABLE "outbox_events"`);
  }
}
