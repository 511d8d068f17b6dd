import { MigrationInterface, QueryRunner } from 'typeorm';

export class Recruitment1795599151250 implements MigrationInterface {
  name = 'Recruitment1795599151250';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "recruitment_application_stage_changes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "from_state" text, "to_state" text NOT NULL, "actor_id" uuid, "reason" text, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "application_id" uuid NOT NULL, CONSTRAINT "PK_e0e5ad81886ac1f1839ec2c93f8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_2e5f52f2c92d7951753745e91c" ON "recruitment_application_stage_changes"  ("application_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "recruitment_applications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "campaign_id" uuid NOT NULL, "site_id" uuid NOT NULL, "peer_worker_id" uuid NOT NULL, "pathway" text NOT NULL, "stage" text NOT NULL, "interview_panel" jsonb, "interviewed_on" date, CONSTRAINT "PK_4f7e51345ddef0c3bda6946bec5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_1c7ec03380ffb6c91cbdd499f6" ON "recruitment_applications"  ("peer_worker_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_035895c8a5ddc841f59844e370" ON "recruitment_applications"  ("campaign_id", "stage") `,
    );
    await queryRunner.query(
      `CREATE TABLE "recruitment_campaigns" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "site_id" uuid NOT NULL, "title" text NOT NULL, "posts_to_fill" integer NOT NULL, "reserve_places" integer NOT NULL, "advertised_on" date, CONSTRAINT "ck_recruitment_campaigns_counts" CHECK (posts_to_fill >= 0 AND reserve_places >= 0), CONSTRAINT "PK_f70947d914b70dca99cb444ed7b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_a8a0f1be5acd1aba6e8ee546e9" ON "recruitment_campaigns"  ("site_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_a8a0f1be5acd1aba6e8ee546e9"`);
    await queryRunner.query(`DROP TABLE "recruitment_campaigns"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_035895c8a5ddc841f59844e370"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1c7ec03380ffb6c91cbdd499f6"`);
    await queryRunner.query(`DROP TABLE "recruitment_applications"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2e5f52f2c92d7951753745e91c"`);
    await queryRunner.query(`DROP TABLE "recruitment_application_stage_changes"`);
  }
}
