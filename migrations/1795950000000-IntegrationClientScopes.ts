import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * OAuth scopes per integration client. Clients registered before scopes existed could do all three
 * things, so they keep all three; new clients get what they are registered with.
 */
export class IntegrationClientScopes1795950000000 implements MigrationInterface {
  name = 'IntegrationClientScopes1795950000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "integration_clients" ADD "scopes" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `UPDATE "integration_clients" SET "scopes" = ARRAY['system/*.read', 'ward-events.write', 'events.subscribe']`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "integration_clients" DROP COLUMN "scopes"`);
  }
}
