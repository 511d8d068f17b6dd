import { MigrationInterface, QueryRunner } from 'typeorm';

/** users.credentials_version: raised by a password change; access tokens carry it, so older tokens stop. */
export class AccountCredentialsVersion1796583000000 implements MigrationInterface {
  name = 'AccountCredentialsVersion1796583000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "credentials_version" integer NOT NULL DEFAULT '1'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "credentials_version"`);
  }
}
