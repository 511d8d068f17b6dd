import { MigrationInterface, QueryRunner } from 'typeorm';

const APPEND_ONLY = ['absence_transitions', 'wellbeing_plan_versions', 'reserve_inductions'];

export class SupervisionWellbeingAndAbsence1795603233857 implements MigrationInterface {
  name = 'SupervisionWellbeingAndAbsence1795603233857';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "absence_transitions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "from_state" text, "to_state" text NOT NULL, "actor_id" uuid, "reason" text, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "absence_id" uuid NOT NULL, CONSTRAINT "PK_dc30530a3e74f75b7a4604b8ff8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_be827d155fedb02a454d28ff90" ON "absence_transitions"  ("absence_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "absences" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "site_id" uuid NOT NULL, "subject" text NOT NULL, "peer_worker_id" uuid, "user_id" uuid, "kind" text NOT NULL, "planned" boolean NOT NULL, "starts_on" date NOT NULL, "expected_end_on" date, "ended_on" date, "state" text NOT NULL, "note" text, "recorded_by_id" uuid NOT NULL, CONSTRAINT "ck_absences_dates" CHECK ((expected_end_on IS NULL OR expected_end_on >= starts_on) AND (ended_on IS NULL OR ended_on >= starts_on)), CONSTRAINT "ck_absences_state" CHECK (state IN ('planned','active','ended','cancelled')), CONSTRAINT "ck_absences_kind" CHECK (kind IN ('sickness','annual_leave','other')), CONSTRAINT "ck_absences_subject" CHECK ((subject = 'peer_worker' AND peer_worker_id IS NOT NULL) OR (subject = 'coordinator' AND user_id IS NOT NULL AND peer_worker_id IS NULL)), CONSTRAINT "PK_bd79346866fea8ac6f269252748" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_cc6ea6d362fc667831ba3c9032" ON "absences"  ("user_id", "starts_on") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_7f58d2f0e868c956e5a9cb9a36" ON "absences"  ("peer_worker_id", "starts_on") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_dba06c7d88f9ab476afa2c0723" ON "absences"  ("site_id", "state") `);
    await queryRunner.query(
      `CREATE TABLE "reserve_inductions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "peer_worker_id" uuid NOT NULL, "site_id" uuid NOT NULL, "completed_on" date NOT NULL, "topics" text array NOT NULL, "supported_by_user_id" uuid NOT NULL, "note" text, "recorded_by_id" uuid NOT NULL, CONSTRAINT "PK_d4576fb01aca58fe177965d9013" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_11356b03db0e00d9bf8d73e6cb" ON "reserve_inductions"  ("peer_worker_id", "completed_on") `,
    );
    await queryRunner.query(
      `CREATE TABLE "group_supervision_attendance" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "session_id" uuid NOT NULL, "peer_worker_id" uuid NOT NULL, CONSTRAINT "PK_d6ce8ba61331fcdbe6201ed95ce" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_0f00bf010219040b38e762b004" ON "group_supervision_attendance"  ("peer_worker_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_18d2215366e7a10cafee83385a" ON "group_supervision_attendance"  ("session_id", "peer_worker_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "group_supervision_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "site_id" uuid NOT NULL, "held_on" date NOT NULL, "facilitator_user_id" uuid NOT NULL, "themes" text array NOT NULL, "notes" text, "recorded_by_id" uuid NOT NULL, CONSTRAINT "PK_d292b22e5cb38d6f2f7432dabba" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b01e0bc5458a0998906f1509f6" ON "group_supervision_sessions"  ("site_id", "held_on") `,
    );
    await queryRunner.query(
      `CREATE TABLE "individual_supervision_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "site_id" uuid NOT NULL, "peer_worker_id" uuid NOT NULL, "supervisor_user_id" uuid NOT NULL, "held_on" date NOT NULL, "notes" text, "recorded_by_id" uuid NOT NULL, CONSTRAINT "PK_ab8356e1bf5c3e5e625ad629469" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_fe5b6088c953262f06bf414cfe" ON "individual_supervision_sessions"  ("site_id", "held_on") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e4f8ef30bf81fd2fa6853b0c86" ON "individual_supervision_sessions"  ("peer_worker_id", "held_on") `,
    );
    await queryRunner.query(
      `CREATE TABLE "supervision_actions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "session_id" uuid NOT NULL, "peer_worker_id" uuid NOT NULL, "description" text NOT NULL, "owner" text NOT NULL, "owner_name" text, "due_on" date NOT NULL, "status" text NOT NULL DEFAULT 'open', "carried_forward_from_id" uuid, "followed_up_in_session_id" uuid, "follow_up_note" text, CONSTRAINT "ck_supervision_actions_owner" CHECK (owner IN ('peer_worker','supervisor','other')), CONSTRAINT "ck_supervision_actions_status" CHECK (status IN ('open','done','carried_forward','dropped')), CONSTRAINT "PK_f3d8b17b9fec95fb90ab7af1fa3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_9a1b62a4e0eee9fdb9ee7f42c1" ON "supervision_actions"  ("peer_worker_id", "status") `,
    );
    await queryRunner.query(
      `CREATE TABLE "supervision_concerns" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "site_id" uuid NOT NULL, "raised_in" text NOT NULL, "group_session_id" uuid, "individual_session_id" uuid, "peer_worker_id" uuid, "episode_id" uuid, "service_user_id" uuid, "category" text NOT NULL, "summary" text NOT NULL, "state" text NOT NULL DEFAULT 'open', "raised_by_id" uuid NOT NULL, "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by_id" uuid, "resolution" text, CONSTRAINT "ck_supervision_concerns_group_unlinked" CHECK ((raised_in = 'individual' AND individual_session_id IS NOT NULL AND group_session_id IS NULL) OR (raised_in = 'group' AND group_session_id IS NOT NULL AND individual_session_id IS NULL AND episode_id IS NULL AND service_user_id IS NULL AND peer_worker_id IS NULL)), CONSTRAINT "ck_supervision_concerns_state" CHECK (state IN ('open','resolved')), CONSTRAINT "ck_supervision_concerns_category" CHECK (category IN ('risk','safety','handover')), CONSTRAINT "PK_2e9efc241a47e4e6b80ae6f6e37" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_1379e7dbf3a6e7fbfd25624a65" ON "supervision_concerns"  ("site_id", "state") `,
    );
    await queryRunner.query(
      `CREATE TABLE "peer_support_resources" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "site_id" uuid NOT NULL, "name" text NOT NULL, "kind" text NOT NULL, "description" text, "how_to_access" text NOT NULL, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "ck_peer_support_resources_kind" CHECK (kind IN ('peer_support_group','peer_buddy','reflective_practice','employee_assistance','other')), CONSTRAINT "PK_bbcdfd8a31ee1036404141f705d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_79e30c44b4c8e9105666794d0e" ON "peer_support_resources"  ("site_id", "name") `,
    );
    await queryRunner.query(
      `CREATE TABLE "wellbeing_plan_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "peer_worker_id" uuid NOT NULL, "site_id" uuid NOT NULL, "version" integer NOT NULL, "what_keeps_me_well" text NOT NULL, "early_signs" text NOT NULL, "what_helps" text NOT NULL, "who_to_contact" jsonb NOT NULL DEFAULT '[]', "peer_support_resource_ids" uuid array NOT NULL DEFAULT '{}', "written_by_id" uuid NOT NULL, CONSTRAINT "PK_7d21cc3712267513206982172b4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_9f39f02695a2d7f21ebd40e208" ON "wellbeing_plan_versions"  ("peer_worker_id", "version") `,
    );
    // Absence history, wellbeing plan versions and reserve inductions are written once: a change is a new row.
    for (const table of APPEND_ONLY) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_update_or_delete BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only_table()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_append_only_table()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of APPEND_ONLY) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_truncate ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER ${table}_no_update_or_delete ON "${table}"`);
    }
    await queryRunner.query(`DROP INDEX "public"."IDX_9f39f02695a2d7f21ebd40e208"`);
    await queryRunner.query(`DROP TABLE "wellbeing_plan_versions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_79e30c44b4c8e9105666794d0e"`);
    await queryRunner.query(`DROP TABLE "peer_support_resources"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1379e7dbf3a6e7fbfd25624a65"`);
    await queryRunner.query(`DROP TABLE "supervision_concerns"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9a1b62a4e0eee9fdb9ee7f42c1"`);
    await queryRunner.query(`DROP TABLE "supervision_actions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e4f8ef30bf81fd2fa6853b0c86"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fe5b6088c953262f06bf414cfe"`);
    await queryRunner.query(`DROP TABLE "individual_supervision_sessions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b01e0bc5458a0998906f1509f6"`);
    await queryRunner.query(`DROP TABLE "group_supervision_sessions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_18d2215366e7a10cafee83385a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0f00bf010219040b38e762b004"`);
    await queryRunner.query(`DROP TABLE "group_supervision_attendance"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_11356b03db0e00d9bf8d73e6cb"`);
    await queryRunner.query(`DROP TABLE "reserve_inductions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dba06c7d88f9ab476afa2c0723"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7f58d2f0e868c956e5a9cb9a36"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cc6ea6d362fc667831ba3c9032"`);
    await queryRunner.query(`DROP TABLE "absences"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_be827d155fedb02a454d28ff90"`);
    await queryRunner.query(`DROP TABLE "absence_transitions"`);
  }
}
