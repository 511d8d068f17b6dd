import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795598742103 implements MigrationInterface {
  name = 'Foundation1795598742103';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "actor_kind" text NOT NULL, "actor_roles" text NOT NULL, "action" text NOT NULL, "resource_type" text NOT NULL, "resource_id" text, "service_user_id" uuid, "request_id" text, "outcome" text NOT NULL, "details" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_4e139cc590fd5127ecc451472e" ON "audit_events"  ("occurred_at") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_fbcba0f0d1c1663f65e4fcb478" ON "audit_events"  ("service_user_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_463cf6bce2b93c9b4968281c7a" ON "audit_events"  ("actor_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "integration_clients" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "name" text NOT NULL, "client_id" text NOT NULL, "secret_hash" text NOT NULL, "site_ids" uuid array NOT NULL DEFAULT '{}', "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_38a6ed3834fe9aeb1d467c4804f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_3cfc367fea0dae8e7569ba6f00" ON "integration_clients"  ("client_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "email" text NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "roles" text array NOT NULL, "site_ids" uuid array NOT NULL DEFAULT '{}', "active" boolean NOT NULL DEFAULT true, "last_signed_in_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid NOT NULL, "token_hash" text NOT NULL, "family_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_3ddc983c5f7bcf132fd8732c3f" ON "refresh_tokens"  ("user_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_a7838d2ba25be1342091b6695f" ON "refresh_tokens"  ("token_hash") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d5e27da0cd39bc3bb2811fc8ba" ON "refresh_tokens"  ("family_id") `);
    await queryRunner.query(
      `CREATE TABLE "sites" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "name" text NOT NULL, "ods_code" text NOT NULL, "settings" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_4f5eccb1dfde10c9170502595a7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_15e79a7c859c9c16e61515916f" ON "sites"  ("ods_code") `);
    await queryRunner.query(
      `CREATE TABLE "community_teams" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "site_id" uuid NOT NULL, "name" text NOT NULL, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_fac64add826e1dcbabd9f369d4e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_98f01cb253ebc81a71f3d0e3af" ON "community_teams"  ("site_id", "name") `,
    );
    await queryRunner.query(
      `CREATE TABLE "wards" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "site_id" uuid NOT NULL, "name" text NOT NULL, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_f67afa72e02ac056570c0dde279" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_e886242a4ac53ce92a7f79f000" ON "wards"  ("site_id", "name") `);
    await queryRunner.query(
      `ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "community_teams" ADD CONSTRAINT "FK_85ba3792a01aa3a21d76b17f753" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "wards" ADD CONSTRAINT "FK_a05d8e0c517dd5238ca6098b87b" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Email is unique whatever its case (the entity declares this index with synchronize: false).
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_email_lower" ON "users" (lower("email"))`);
    // The audit trail is append-only: the database itself refuses to change or remove a row.
    // The function is shared by every append-only table (later migrations add their own triggers).
    await queryRunner.query(`CREATE FUNCTION refuse_change_to_append_only_table() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
            END
        $$`);
    await queryRunner.query(
      `CREATE TRIGGER audit_events_no_update_or_delete BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only_table()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_append_only_table()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_events_no_truncate ON "audit_events"`);
    await queryRunner.query(`DROP TRIGGER audit_events_no_update_or_delete ON "audit_events"`);
    await queryRunner.query(`DROP FUNCTION refuse_change_to_append_only_table()`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_email_lower"`);
    await queryRunner.query(`ALTER TABLE "wards" DROP CONSTRAINT "FK_a05d8e0c517dd5238ca6098b87b"`);
    await queryRunner.query(`ALTER TABLE "community_teams" DROP CONSTRAINT "FK_85ba3792a01aa3a21d76b17f753"`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e886242a4ac53ce92a7f79f000"`);
    await queryRunner.query(`DROP TABLE "wards"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_98f01cb253ebc81a71f3d0e3af"`);
    await queryRunner.query(`DROP TABLE "community_teams"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_15e79a7c859c9c16e61515916f"`);
    await queryRunner.query(`DROP TABLE "sites"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d5e27da0cd39bc3bb2811fc8ba"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a7838d2ba25be1342091b6695f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3ddc983c5f7bcf132fd8732c3f"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3cfc367fea0dae8e7569ba6f00"`);
    await queryRunner.query(`DROP TABLE "integration_clients"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_463cf6bce2b93c9b4968281c7a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fbcba0f0d1c1663f65e4fcb478"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4e139cc590fd5127ecc451472e"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
  }
}
