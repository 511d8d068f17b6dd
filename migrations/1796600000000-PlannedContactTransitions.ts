import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Planned contacts move through a transition table (planned-contact.state-machine.ts): each move is
 * recorded with who, when and why, append-only like the episode's history. Contacts that exist already
 * get their current status as a first row (actor unknown), so every contact has a history.
 */
export class PlannedContactTransitions1796600000000 implements MigrationInterface {
  name = 'PlannedContactTransitions1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "planned_contact_transitions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "from_state" text, "to_state" text NOT NULL, "actor_id" uuid, "reason" text, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "planned_contact_id" uuid NOT NULL, CONSTRAINT "PK_3d752b840ac99e3f66beb76a10c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b6bf2045b3a594afe11de58f13" ON "planned_contact_transitions" ("planned_contact_id", "occurred_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "planned_contact_transitions" ADD CONSTRAINT "FK_5c954bc2b57528b5f890b9452ac" FOREIGN KEY ("planned_contact_id") REFERENCES "planned_contacts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `INSERT INTO "planned_contact_transitions" ("planned_contact_id", "from_state", "to_state", "actor_id", "reason", "occurred_at")
       SELECT id, NULL, status, NULL, coalesce(status_reason, 'Status before transitions were recorded'), updated_at FROM "planned_contacts"`,
    );
    await queryRunner.query(
      `CREATE TRIGGER planned_contact_transitions_no_update_or_delete BEFORE UPDATE OR DELETE ON "planned_contact_transitions" FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only_table()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER planned_contact_transitions_no_truncate BEFORE TRUNCATE ON "planned_contact_transitions" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_append_only_table()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER planned_contact_transitions_no_truncate ON "planned_contact_transitions"`);
    await queryRunner.query(
      `DROP TRIGGER planned_contact_transitions_no_update_or_delete ON "planned_contact_transitions"`,
    );
    await queryRunner.query(`DROP TABLE "planned_contact_transitions"`);
  }
}
