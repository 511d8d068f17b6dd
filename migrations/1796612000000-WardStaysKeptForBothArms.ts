import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: every ward event is kept, and readmissions are outcomes for both arms.
 * - inbound_ward_events keeps events that could not be applied (`status = 'unapplied'`, with the rule and
 *   reason, the NHS number while no service user matches it, and the sites whose coordinators see it).
 * - readmissions are kept after the episode ended, for usual care and before pairing: `paused_from` may be
 *   null, `episode_state` records where the episode was, `within_follow_up` the site's horizon.
 */
export class WardStaysKeptForBothArms1796612000000 implements MigrationInterface {
  name = 'WardStaysKeptForBothArms1796612000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "inbound_ward_events" ALTER COLUMN "service_user_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "inbound_ward_events" ADD "status" text NOT NULL DEFAULT 'applied'`);
    await queryRunner.query(`ALTER TABLE "inbound_ward_events" ADD "unapplied_rule" text`);
    await queryRunner.query(`ALTER TABLE "inbound_ward_events" ADD "unapplied_reason" text`);
    await queryRunner.query(`ALTER TABLE "inbound_ward_events" ADD "nhs_number" text`);
    await queryRunner.query(`ALTER TABLE "inbound_ward_events" ADD "site_ids" uuid array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "inbound_ward_events" ADD "attempts" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(
      `UPDATE "inbound_ward_events" e SET "site_ids" = ARRAY[su.site_id] FROM "service_users" su WHERE su.id = e.service_user_id`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_inbound_ward_events_status_created" ON "inbound_ward_events" ("status", "created_at") `,
    );
    await queryRunner.query(`ALTER TABLE "readmissions" ALTER COLUMN "paused_from" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "readmissions" ADD "episode_state" text`);
    await queryRunner.query(`UPDATE "readmissions" SET "episode_state" = "paused_from"`);
    await queryRunner.query(`ALTER TABLE "readmissions" ALTER COLUMN "episode_state" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "readmissions" ADD "within_follow_up" boolean NOT NULL DEFAULT true`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "readmissions" DROP COLUMN "within_follow_up"`);
    await queryRunner.query(`ALTER TABLE "readmissions" DROP COLUMN "episode_state"`);
    await queryRunner.query(`DELETE FROM "readmissions" WHERE "paused_from" IS NULL`);
    await queryRunner.query(`ALTER TABLE "readmissions" ALTER COLUMN "paused_from" SET NOT NULL`);
    await queryRunner.query(`DROP INDEX "public"."ix_inbound_ward_events_status_created"`);
    await queryRunner.query(`DELETE FROM "inbound_ward_events" WHERE "status" = 'unapplied'`);
    await queryRunner.query(`ALTER TABLE "inbound_ward_events" DROP COLUMN "attempts"`);
    await queryRunner.query(`ALTER TABLE "inbound_ward_events" DROP COLUMN "site_ids"`);
    await queryRunner.query(`ALTER TABLE "inbound_ward_events" DROP COLUMN "nhs_number"`);
    await queryRunner.query(`ALTER TABLE "inbound_ward_events" DROP COLUMN "unapplied_reason"`);
    await queryRunner.query(`ALTER TABLE "inbound_ward_events" DROP COLUMN "unapplied_rule"`);
    await queryRunner.query(`ALTER TABLE "inbound_ward_events" DROP COLUMN "status"`);
    await queryRunner.query(`ALTER TABLE "inbound_ward_events" ALTER COLUMN "service_user_id" SET NOT NULL`);
  }
}
