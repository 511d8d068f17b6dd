import { MigrationInterface, QueryRunner } from 'typeorm';

export class DeliveryMeetingsPlansLoneWorking1795603178718 implements MigrationInterface {
  name = 'DeliveryMeetingsPlansLoneWorking1795603178718';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "meetings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "episode_id" uuid NOT NULL, "site_id" uuid NOT NULL, "service_user_id" uuid NOT NULL, "peer_worker_id" uuid NOT NULL, "mode" text NOT NULL, "setting" text NOT NULL, "planned_start_at" TIMESTAMP WITH TIME ZONE NOT NULL, "planned_duration_minutes" integer NOT NULL, "actual_start_at" TIMESTAMP WITH TIME ZONE, "actual_end_at" TIMESTAMP WITH TIME ZONE, "attendees" jsonb NOT NULL DEFAULT '[]', "status" text NOT NULL, "missed_by" text, "cancelled_by" text, "status_reason" text, "record" jsonb, "note" text, "rescheduled_from_id" uuid, "rescheduled_to_id" uuid, "recorded_by_id" uuid NOT NULL, CONSTRAINT "PK_aa73be861afa77eb4ed31f3ed57" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_96aa2e002b12749cdde013f06b" ON "meetings"  ("peer_worker_id", "planned_start_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7e564761d65c826ed482bd8f2e" ON "meetings"  ("site_id", "planned_start_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_08b5fc6ed8c2a0cc147151006b" ON "meetings"  ("episode_id", "planned_start_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "lone_working_visits" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "meeting_id" uuid NOT NULL, "episode_id" uuid NOT NULL, "site_id" uuid NOT NULL, "peer_worker_id" uuid NOT NULL, "location" text NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expected_end_at" TIMESTAMP WITH TIME ZONE NOT NULL, "check_ins" jsonb NOT NULL DEFAULT '[]', "checked_out_at" TIMESTAMP WITH TIME ZONE, "escalation_acknowledged_at" TIMESTAMP WITH TIME ZONE, "escalation_acknowledged_by_id" uuid, "started_by_id" uuid NOT NULL, CONSTRAINT "PK_858a775926da1119d85f800e157" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_a54a6831ad7fcf53565b8f0b2f" ON "lone_working_visits"  ("meeting_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_2c06865bb6c90faeb01b779d70" ON "lone_working_visits"  ("site_id", "expected_end_at") WHERE checked_out_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "meeting_transitions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "from_state" text, "to_state" text NOT NULL, "actor_id" uuid, "reason" text, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "meeting_id" uuid NOT NULL, CONSTRAINT "PK_40475e93d62a9d2f4d1fe977fcf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_d6ec9a0dcff7446e1a2418406d" ON "meeting_transitions"  ("meeting_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "discharge_meetings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "episode_id" uuid NOT NULL, "site_id" uuid NOT NULL, "service_user_id" uuid NOT NULL, "held_on" date NOT NULL, "attendees" jsonb NOT NULL DEFAULT '[]', "service_user_invited_peer_worker" boolean NOT NULL, "peer_worker_attended" boolean NOT NULL, "planned_discharge_on" date, "community_follow_up_arranged" boolean NOT NULL, "community_follow_up_on" date, "community_team_id" uuid, "recorded_by_id" uuid NOT NULL, CONSTRAINT "PK_65c29c89466046284d6ee425326" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_99a1e70fec51ac75283974bec6" ON "discharge_meetings"  ("episode_id", "held_on") `,
    );
    await queryRunner.query(
      `CREATE TABLE "service_user_plans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "episode_id" uuid NOT NULL, "site_id" uuid NOT NULL, "owner_service_user_id" uuid NOT NULL, "kind" text NOT NULL, "sections" jsonb NOT NULL DEFAULT '[]', "text" text, "shared_with_care_team" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_3d393d01cb06e4d0ebf363c3e3d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_ab886a387667d5a542b325c3e6" ON "service_user_plans"  ("episode_id", "kind") `,
    );
    await queryRunner.query(
      `CREATE TABLE "service_user_plan_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "plan_id" uuid NOT NULL, "version_number" integer NOT NULL, "sections" jsonb NOT NULL DEFAULT '[]', "text" text, "shared_with_care_team" boolean NOT NULL, "owner_service_user_id" uuid NOT NULL, "supporting_peer_worker_id" uuid, "changed_by_id" uuid NOT NULL, "changed_by_role" text NOT NULL, "changed_fields" text array NOT NULL DEFAULT '{}', "change_summary" text, CONSTRAINT "PK_d91db6a83ddbc68f4b70529bf74" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_97c923621a5b46706bb56d12b5" ON "service_user_plan_versions"  ("plan_id", "version_number") `,
    );
    await queryRunner.query(
      `ALTER TABLE "meetings" ADD CONSTRAINT "FK_44d2fbd2ccbc3c1d95c50eba697" FOREIGN KEY ("episode_id") REFERENCES "support_episodes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meetings" ADD CONSTRAINT "FK_3b20407cf30a2d98ae11f78796b" FOREIGN KEY ("peer_worker_id") REFERENCES "peer_workers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "lone_working_visits" ADD CONSTRAINT "FK_a54a6831ad7fcf53565b8f0b2f3" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_transitions" ADD CONSTRAINT "FK_04029baf3a78a99ae1a6c7cce9d" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "discharge_meetings" ADD CONSTRAINT "FK_cca093ac5940999e520f7367192" FOREIGN KEY ("episode_id") REFERENCES "support_episodes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "service_user_plans" ADD CONSTRAINT "FK_c043166146ccb669a1359bf5641" FOREIGN KEY ("episode_id") REFERENCES "support_episodes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "service_user_plan_versions" ADD CONSTRAINT "FK_c00635256c3a4774b594cee6a01" FOREIGN KEY ("plan_id") REFERENCES "service_user_plans"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // A meeting's status history and every version of a service user's plan are written once.
    for (const table of ['meeting_transitions', 'service_user_plan_versions']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_update_or_delete BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only_table()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_append_only_table()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['meeting_transitions', 'service_user_plan_versions']) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_truncate ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER ${table}_no_update_or_delete ON "${table}"`);
    }
    await queryRunner.query(
      `ALTER TABLE "service_user_plan_versions" DROP CONSTRAINT "FK_c00635256c3a4774b594cee6a01"`,
    );
    await queryRunner.query(`ALTER TABLE "service_user_plans" DROP CONSTRAINT "FK_c043166146ccb669a1359bf5641"`);
    await queryRunner.query(`ALTER TABLE "discharge_meetings" DROP CONSTRAINT "FK_cca093ac5940999e520f7367192"`);
    await queryRunner.query(`ALTER TABLE "meeting_transitions" DROP CONSTRAINT "FK_04029baf3a78a99ae1a6c7cce9d"`);
    await queryRunner.query(`ALTER TABLE "lone_working_visits" DROP CONSTRAINT "FK_a54a6831ad7fcf53565b8f0b2f3"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP CONSTRAINT "FK_3b20407cf30a2d98ae11f78796b"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP CONSTRAINT "FK_44d2fbd2ccbc3c1d95c50eba697"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_97c923621a5b46706bb56d12b5"`);
    await queryRunner.query(`DROP TABLE "service_user_plan_versions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ab886a387667d5a542b325c3e6"`);
    await queryRunner.query(`DROP TABLE "service_user_plans"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_99a1e70fec51ac75283974bec6"`);
    await queryRunner.query(`DROP TABLE "discharge_meetings"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d6ec9a0dcff7446e1a2418406d"`);
    await queryRunner.query(`DROP TABLE "meeting_transitions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2c06865bb6c90faeb01b779d70"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a54a6831ad7fcf53565b8f0b2f"`);
    await queryRunner.query(`DROP TABLE "lone_working_visits"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_08b5fc6ed8c2a0cc147151006b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7e564761d65c826ed482bd8f2e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_96aa2e002b12749cdde013f06b"`);
    await queryRunner.query(`DROP TABLE "meetings"`);
  }
}
