import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The step-down follows the calendar: a planned contact is met only within its window. The first community
 * meeting's window now opens on the discharge day itself (day 0; "within 7 days of discharge" counts the day),
 * so outstanding first contacts (offset day 1 of their plan) open a day earlier; every window is well ordered.
 */
export class PlannedContactWindows1796612400000 implements MigrationInterface {
  name = 'PlannedContactWindows1796612400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "planned_contacts" SET "window_starts_on" = "window_starts_on" - 1
        WHERE "offset_days" = 1 AND "status" IN ('planned', 'suspended')`,
    );
    await queryRunner.query(
      `ALTER TABLE "planned_contacts" ADD CONSTRAINT "ck_planned_contacts_window" CHECK (window_starts_on <= window_ends_on)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "planned_contacts" DROP CONSTRAINT "ck_planned_contacts_window"`);
    await queryRunner.query(
      `UPDATE "planned_contacts" SET "window_starts_on" = "window_starts_on" + 1
        WHERE "offset_days" = 1 AND "status" IN ('planned', 'suspended')`,
    );
  }
}
