import { MigrationInterface, QueryRunner } from 'typeorm';

/** A coordinator pairing against a hard rule (a "must" preference, an absence) records which rules and why. */
export class PairingOverrides1795900000000 implements MigrationInterface {
  name = 'PairingOverrides1795900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "pairings" ADD "overridden_rules" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "pairings" ADD "override_reason" text`);
    await queryRunner.query(
      `ALTER TABLE "pairings" ADD CONSTRAINT "ck_pairings_override_has_reason" CHECK (cardinality(overridden_rules) = 0 OR override_reason IS NOT NULL)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "pairings" DROP CONSTRAINT "ck_pairings_override_has_reason"`);
    await queryRunner.query(`ALTER TABLE "pairings" DROP COLUMN "override_reason"`);
    await queryRunner.query(`ALTER TABLE "pairings" DROP COLUMN "overridden_rules"`);
  }
}
