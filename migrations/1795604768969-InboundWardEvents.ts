import { MigrationInterface, QueryRunner } from 'typeorm';

export class InboundWardEvents1795604768969 implements MigrationInterface {
  name = 'InboundWardEvents1795604768969';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "inbound_ward_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "client_id" uuid NOT NULL, "source_event_id" text NOT NULL, "source_system" text NOT NULL, "type" text NOT NULL, "occurred_on" date NOT NULL, "ward_code" text, "service_user_id" uuid NOT NULL, "episode_id" uuid, "outcome" text NOT NULL, "episode_state" text, "ward_id" uuid, CONSTRAINT "PK_60ea06d05413c485d1748b70436" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4c2c8923ef2fa958939cf51b70" ON "inbound_ward_events"  ("service_user_id", "occurred_on") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_inbound_ward_events_client_source_event" ON "inbound_ward_events"  ("client_id", "source_event_id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_inbound_ward_events_client_source_event"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4c2c8923ef2fa958939cf51b70"`);
    await queryRunner.query(`DROP TABLE "inbound_ward_events"`);
  }
}
