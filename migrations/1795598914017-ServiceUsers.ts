import { MigrationInterface, QueryRunner } from 'typeorm';

export class ServiceUsers1795598914017 implements MigrationInterface {
  name = 'ServiceUsers1795598914017';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "service_users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "site_id" uuid NOT NULL, "nhs_number" text NOT NULL, "given_name" text NOT NULL, "family_name" text NOT NULL, "date_of_birth" date NOT NULL, "gender" text NOT NULL, "ethnicity" text NOT NULL, "preferred_language" text, "contact" jsonb NOT NULL DEFAULT '{}'::jsonb, "accessibility_needs" text, "ward_id" uuid, "gp_practice_code" text, CONSTRAINT "PK_0733c78cc45274ecc054c43cfcb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_02998905daa7b456323bef15d3" ON "service_users"  ("nhs_number") `);
    await queryRunner.query(`CREATE INDEX "IDX_4897478e1774ada40d89b6a749" ON "service_users"  ("ward_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_0e3b723173d69d30af28579007" ON "service_users"  ("site_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "consent_records" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "service_user_id" uuid NOT NULL, "kind" text NOT NULL, "given_on" date NOT NULL, "information_sheet_version" text NOT NULL, "recorded_by_id" uuid NOT NULL, "withdrawn_on" date, "withdrawal_recorded_by_id" uuid, CONSTRAINT "PK_030be152eaa44998166470b2ccc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7458473ec77c957de6b8d7b73c" ON "consent_records"  ("service_user_id", "kind") `,
    );
    await queryRunner.query(
      `CREATE TABLE "matching_preferences" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "service_user_id" uuid NOT NULL, "kind" text NOT NULL, "value" text NOT NULL, "weight" text NOT NULL, "position" integer NOT NULL, "recorded_by_id" uuid NOT NULL, CONSTRAINT "PK_0b9c770bac17397a019825d2259" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_fa496b83e6da4cf26dd569daaf" ON "matching_preferences"  ("service_user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "ward_staff_assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid NOT NULL, "ward_id" uuid NOT NULL, CONSTRAINT "PK_7cfd6658065ce1e56e6c7d30bc8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_24f0e276426ea4754a5d915ecf" ON "ward_staff_assignments"  ("ward_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_cbf6b084205394f1e8a9181d54" ON "ward_staff_assignments"  ("user_id", "ward_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "service_users" ADD CONSTRAINT "FK_a52433158abcc1eeb74553442c2" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "service_users" ADD CONSTRAINT "FK_4897478e1774ada40d89b6a7494" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "consent_records" ADD CONSTRAINT "FK_eb6cca632225b86ed3e39b013bf" FOREIGN KEY ("service_user_id") REFERENCES "service_users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "matching_preferences" ADD CONSTRAINT "FK_fa496b83e6da4cf26dd569daaf0" FOREIGN KEY ("service_user_id") REFERENCES "service_users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ward_staff_assignments" ADD CONSTRAINT "FK_a0ed5bd299f8b12a783a2cd565c" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ward_staff_assignments" ADD CONSTRAINT "FK_24f0e276426ea4754a5d915ecfd" FOREIGN KEY ("ward_id") REFERENCES "wards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ward_staff_assignments" DROP CONSTRAINT "FK_24f0e276426ea4754a5d915ecfd"`);
    await queryRunner.query(`ALTER TABLE "ward_staff_assignments" DROP CONSTRAINT "FK_a0ed5bd299f8b12a783a2cd565c"`);
    await queryRunner.query(`ALTER TABLE "matching_preferences" DROP CONSTRAINT "FK_fa496b83e6da4cf26dd569daaf0"`);
    await queryRunner.query(`ALTER TABLE "consent_records" DROP CONSTRAINT "FK_eb6cca632225b86ed3e39b013bf"`);
    await queryRunner.query(`ALTER TABLE "service_users" DROP CONSTRAINT "FK_4897478e1774ada40d89b6a7494"`);
    await queryRunner.query(`ALTER TABLE "service_users" DROP CONSTRAINT "FK_a52433158abcc1eeb74553442c2"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cbf6b084205394f1e8a9181d54"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_24f0e276426ea4754a5d915ecf"`);
    await queryRunner.query(`DROP TABLE "ward_staff_assignments"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fa496b83e6da4cf26dd569daaf"`);
    await queryRunner.query(`DROP TABLE "matching_preferences"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7458473ec77c957de6b8d7b73c"`);
    await queryRunner.query(`DROP TABLE "consent_records"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0e3b723173d69d30af28579007"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4897478e1774ada40d89b6a749"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_02998905daa7b456323bef15d3"`);
    await queryRunner.query(`DROP TABLE "service_users"`);
  }
}
