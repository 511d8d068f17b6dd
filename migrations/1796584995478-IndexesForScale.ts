import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the query plans at a million meetings asked for (EXPLAIN ANALYZE in docs/reference/performance.md):
 * FHIR Encounter/Appointment searches by patient read meetings by service user (without it the plan probed
 * meetings for every episode), and the episode list by state pages in creation order (a coordinator's within their site, an admin's across sites).
 */
export class IndexesForScale1796584995478 implements MigrationInterface {
  name = 'IndexesForScale1796584995478';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_meetings_service_user_planned_start" ON "meetings" ("service_user_id", "planned_start_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_support_episodes_state_creation" ON "support_episodes" ("state", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_support_episodes_site_state_creation" ON "support_episodes" ("site_id", "state", "created_at", "id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_support_episodes_site_state_creation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_support_episodes_state_creation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_meetings_service_user_planned_start"`);
  }
}
