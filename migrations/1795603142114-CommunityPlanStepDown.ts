import { MigrationInterface, QueryRunner } from 'typeorm';

export class CommunityPlanStepDown1795603142114 implements MigrationInterface {
  name = 'CommunityPlanStepDown1795603142114';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "readmissions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "episode_id" uuid NOT NULL, "service_user_id" uuid NOT NULL, "readmitted_on" date NOT NULL, "after_discharge_on" date NOT NULL, "days_since_discharge" integer NOT NULL, "paused_from" text NOT NULL, "recorded_by_id" uuid NOT NULL, "discharged_again_on" date, CONSTRAINT "PK_c7a2e27735f64b877e859ab5321" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_72b59dcb56cf6243da186683c6" ON "readmissions"  ("service_user_id", "readmitted_on") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4e1364fd0b57515c406d12a0dd" ON "readmissions"  ("episode_id", "readmitted_on") `,
    );
    await queryRunner.query(
      `CREATE TABLE "community_plan_changes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "episode_id" uuid NOT NULL, "kind" text NOT NULL, "reason" text, "contact_ids" uuid array NOT NULL DEFAULT '{}', "details" jsonb NOT NULL DEFAULT '{}', "actor_id" uuid NOT NULL, "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6f93d13c1cfada4371db321d4c1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_fd023fa2c295e62f1f2322d065" ON "community_plan_changes"  ("episode_id", "occurred_at") `,
    );
    // The plan's history is append-only, like the episode's transitions.
    await queryRunner.query(
      `CREATE TRIGGER community_plan_changes_no_update_or_delete BEFORE UPDATE OR DELETE ON "community_plan_changes" FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only_table()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER community_plan_changes_no_truncate BEFORE TRUNCATE ON "community_plan_changes" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_append_only_table()`,
    );
    await queryRunner.query(
      `CREATE TABLE "planned_contacts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "episode_id" uuid NOT NULL, "sequence" integer NOT NULL, "phase" text NOT NULL, "offset_days" integer NOT NULL, "window_days" integer NOT NULL, "due_on" date NOT NULL, "window_starts_on" date NOT NULL, "window_ends_on" date NOT NULL, "owner_peer_worker_id" uuid, "status" text NOT NULL DEFAULT 'planned', "status_reason" text, "outcome_recorded_by_id" uuid, "outcome_recorded_at" TIMESTAMP WITH TIME ZONE, "meeting_id" uuid, CONSTRAINT "ck_planned_contacts_phase" CHECK (phase IN ('intensive','step_down','ending')), CONSTRAINT "ck_planned_contacts_status" CHECK (status IN ('planned','held','missed','suspended','cancelled')), CONSTRAINT "PK_7818e9ac4bae8b7caf9d4084b5f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e36862b0ce99037a19ed007c17" ON "planned_contacts"  ("owner_peer_worker_id", "status", "due_on") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_planned_contacts_episode_sequence" ON "planned_contacts"  ("episode_id", "sequence") `,
    );
    await queryRunner.query(
      `ALTER TABLE "readmissions" ADD CONSTRAINT "FK_851eb10de8abc61a5bdf2d724f4" FOREIGN KEY ("episode_id") REFERENCES "support_episodes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "planned_contacts" ADD CONSTRAINT "FK_0a01901c0fcbb57288feedfd34c" FOREIGN KEY ("episode_id") REFERENCES "support_episodes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "planned_contacts" DROP CONSTRAINT "FK_0a01901c0fcbb57288feedfd34c"`);
    await queryRunner.query(`ALTER TABLE "readmissions" DROP CONSTRAINT "FK_851eb10de8abc61a5bdf2d724f4"`);
    await queryRunner.query(`DROP INDEX "public"."uq_planned_contacts_episode_sequence"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e36862b0ce99037a19ed007c17"`);
    await queryRunner.query(`DROP TABLE "planned_contacts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fd023fa2c295e62f1f2322d065"`);
    await queryRunner.query(`DROP TRIGGER community_plan_changes_no_truncate ON "community_plan_changes"`);
    await queryRunner.query(`DROP TRIGGER community_plan_changes_no_update_or_delete ON "community_plan_changes"`);
    await queryRunner.query(`DROP TABLE "community_plan_changes"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4e1364fd0b57515c406d12a0dd"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_72b59dcb56cf6243da186683c6"`);
    await queryRunner.query(`DROP TABLE "readmissions"`);
  }
}
