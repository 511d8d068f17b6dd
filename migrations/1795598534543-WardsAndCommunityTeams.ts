import { MigrationInterface, QueryRunner } from "typeorm";

export class WardsAndCommunityTeams1795598534543 implements MigrationInterface {
    name = 'WardsAndCommunityTeams1795598534543'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "community_teams" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "site_id" uuid NOT NULL, "name" text NOT NULL, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_fac64add826e1dcbabd9f369d4e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_98f01cb253ebc81a71f3d0e3af" ON "community_teams"  ("site_id", "name") `);
        await queryRunner.query(`CREATE TABLE "wards" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "site_id" uuid NOT NULL, "name" text NOT NULL, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_f67afa72e02ac056570c0dde279" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_e886242a4ac53ce92a7f79f000" ON "wards"  ("site_id", "name") `);
        await queryRunner.query(`ALTER TABLE "audit_events" ALTER COLUMN "details" SET DEFAULT '{}'::jsonb`);
        await queryRunner.query(`ALTER TABLE "sites" ALTER COLUMN "settings" SET DEFAULT '{}'::jsonb`);
        await queryRunner.query(`ALTER TABLE "community_teams" ADD CONSTRAINT "FK_85ba3792a01aa3a21d76b17f753" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "wards" ADD CONSTRAINT "FK_a05d8e0c517dd5238ca6098b87b" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "wards" DROP CONSTRAINT "FK_a05d8e0c517dd5238ca6098b87b"`);
        await queryRunner.query(`ALTER TABLE "community_teams" DROP CONSTRAINT "FK_85ba3792a01aa3a21d76b17f753"`);
        await queryRunner.query(`ALTER TABLE "sites" ALTER COLUMN "settings" SET DEFAULT '{}'`);
        await queryRunner.query(`ALTER TABLE "audit_events" ALTER COLUMN "details" SET DEFAULT '{}'`);
        await queryRunner.query(`DROP INDEX "public"."IDX_e886242a4ac53ce92a7f79f000"`);
        await queryRunner.query(`DROP TABLE "wards"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_98f01cb253ebc81a71f3d0e3af"`);
        await queryRunner.query(`DROP TABLE "community_teams"`);
    }

}
