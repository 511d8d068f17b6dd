import { MigrationInterface, QueryRunner } from 'typeorm';

/** Outcome measures (issue 14): item-level administrations of catalogued instruments, for service users and peer workers. */
export class OutcomeMeasures1796587381478 implements MigrationInterface {
  name = 'OutcomeMeasures1796587381478';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outcome_administrations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "instrument" text NOT NULL, "subject" text NOT NULL, "site_id" uuid NOT NULL, "episode_id" uuid, "service_user_id" uuid, "peer_worker_id" uuid, "timepoint" text NOT NULL, "administered_on" date NOT NULL, "item_scores" jsonb NOT NULL, "items_answered" integer NOT NULL, "raw_total" integer, "score" double precision, "not_scored_reason" text, "recorded_by_id" uuid NOT NULL, CONSTRAINT "ck_outcome_administrations_subject" CHECK ((subject = 'service_user' AND episode_id IS NOT NULL AND service_user_id IS NOT NULL AND peer_worker_id IS NULL) OR (subject = 'peer_worker' AND peer_worker_id IS NOT NULL AND episode_id IS NULL AND service_user_id IS NULL)), CONSTRAINT "PK_cf9ffd605fcccea40f31e930b1a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_194ae82efd8f4bead8322ef18c" ON "outcome_administrations"  ("peer_worker_id", "administered_on") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_76309514bb9f36f952914e2c14" ON "outcome_administrations"  ("site_id", "administered_on") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_outcome_administrations_episode_once" ON "outcome_administrations"  ("episode_id", "instrument", "timepoint") WHERE episode_id IS NOT NULL AND timepoint IN ('baseline', 'end_of_support')`,
    );
    await queryRunner.query(
      `ALTER TABLE "outcome_administrations" ADD CONSTRAINT "FK_5718d8dda8415b70a183a1f3967" FOREIGN KEY ("episode_id") REFERENCES "support_episodes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "outcome_administrations" ADD CONSTRAINT "FK_d17de0d4e7bad724cebf2adc362" FOREIGN KEY ("peer_worker_id") REFERENCES "peer_workers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outcome_administrations" DROP CONSTRAINT "FK_d17de0d4e7bad724cebf2adc362"`);
    await queryRunner.query(`ALTER TABLE "outcome_administrations" DROP CONSTRAINT "FK_5718d8dda8415b70a183a1f3967"`);
    await queryRunner.query(`DROP INDEX "public"."uq_outcome_administrations_episode_once"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_76309514bb9f36f952914e2c14"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_194ae82efd8f4bead8322ef18c"`);
    await queryRunner.query(`DROP TABLE "outcome_administrations"`);
  }
}
