import { MigrationInterface, QueryRunner } from 'typeorm';

/** The coordinator's attention queue: episodes left without a responsible peer worker until mended. */
export class AttentionItems1795900200000 implements MigrationInterface {
  name = 'AttentionItems1795900200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "attention_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "site_id" uuid NOT NULL, "episode_id" uuid NOT NULL, "service_user_id" uuid NOT NULL, "kind" text NOT NULL, "summary" text NOT NULL, "details" jsonb NOT NULL DEFAULT '{}', "state" text NOT NULL DEFAULT 'open', "opened_by_id" uuid, "resolved_at" TIMESTAMP(3) WITH TIME ZONE, "resolved_by_id" uuid, "resolution" text, CONSTRAINT "ck_attention_items_kind" CHECK (kind IN ('peer_worker_left','discharged_before_ward_meeting','urgent_pairing','absence_without_cover')), CONSTRAINT "ck_attention_items_state" CHECK (state IN ('open','resolved')), CONSTRAINT "PK_attention_items" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_attention_items_site_state" ON "attention_items" ("site_id", "state") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_attention_items_one_open_per_episode_kind" ON "attention_items" ("episode_id", "kind") WHERE state = 'open'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "attention_items"`);
  }
}
