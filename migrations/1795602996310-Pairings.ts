import { MigrationInterface, QueryRunner } from 'typeorm';

export class Pairings1795602996310 implements MigrationInterface {
  name = 'Pairings1795602996310';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "pairings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "episode_id" uuid NOT NULL, "peer_worker_id" uuid NOT NULL, "kind" text NOT NULL, "started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP(3) WITH TIME ZONE, "reason" text, "end_reason" text, "started_by_id" uuid NOT NULL, "ended_by_id" uuid, CONSTRAINT "ck_pairings_ends_after_start" CHECK (ended_at IS NULL OR ended_at >= started_at), CONSTRAINT "ck_pairings_kind" CHECK (kind IN ('primary','cover')), CONSTRAINT "PK_db617dbea5aade9510d4a31c4f7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_1d04e7dd77c42417b3bc301dcf" ON "pairings"  ("episode_id", "started_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_73d7cdafec50870c500db04698" ON "pairings"  ("peer_worker_id", "ended_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_pairings_one_current_primary_per_episode" ON "pairings"  ("episode_id") WHERE kind = 'primary' AND ended_at IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "pairings" ADD CONSTRAINT "FK_f8077c2b0342e7a764e4e809568" FOREIGN KEY ("episode_id") REFERENCES "support_episodes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "pairings" ADD CONSTRAINT "FK_ce003916023645c9f131e26861e" FOREIGN KEY ("peer_worker_id") REFERENCES "peer_workers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "pairings" DROP CONSTRAINT "FK_ce003916023645c9f131e26861e"`);
    await queryRunner.query(`ALTER TABLE "pairings" DROP CONSTRAINT "FK_f8077c2b0342e7a764e4e809568"`);
    await queryRunner.query(`DROP INDEX "public"."uq_pairings_one_current_primary_per_episode"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_73d7cdafec50870c500db04698"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1d04e7dd77c42417b3bc301dcf"`);
    await queryRunner.query(`DROP TABLE "pairings"`);
  }
}
