import { MigrationInterface, QueryRunner } from 'typeorm';

/** A home, community-venue or public-place meeting held without a checked-out visit keeps the reason why. */
export class LoneWorkingExemption1795900100000 implements MigrationInterface {
  name = 'LoneWorkingExemption1795900100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meetings" ADD "lone_working_exemption_reason" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meetings" DROP COLUMN "lone_working_exemption_reason"`);
  }
}
