import { MigrationInterface, QueryRunner } from 'typeorm';

export class MeetingPlannedContact1795604577474 implements MigrationInterface {
  name = 'MeetingPlannedContact1795604577474';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meetings" ADD "planned_contact_id" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_e0f3772c27cfb428daedd7cd33" ON "meetings"  ("planned_contact_id") `);
    await queryRunner.query(
      `ALTER TABLE "meetings" ADD CONSTRAINT "FK_e0f3772c27cfb428daedd7cd33d" FOREIGN KEY ("planned_contact_id") REFERENCES "planned_contacts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meetings" DROP CONSTRAINT "FK_e0f3772c27cfb428daedd7cd33d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e0f3772c27cfb428daedd7cd33"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP COLUMN "planned_contact_id"`);
  }
}
