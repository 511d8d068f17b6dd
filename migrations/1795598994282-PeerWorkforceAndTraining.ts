import { MigrationInterface, QueryRunner } from 'typeorm';

/** Frozen copy of SEEDED_MODULES (src/workforce/training/training-catalogue.ts) as it stood when this migration was written. */
const SEEDED_MODULES = [
  {
    code: 'boundaries_and_relationships',
    title: 'Boundaries and managing relationships',
    kind: 'core',
    source: 'enrich_core_component',
  },
  {
    code: 'sharing_lived_experience',
    title: 'Sharing lived experience',
    kind: 'core',
    source: 'enrich_core_component',
  },
  {
    code: 'communication_and_self_management',
    title: 'Communication and self-management skills',
    kind: 'core',
    source: 'enrich_core_component',
  },
  {
    code: 'values_based_competencies',
    title: 'Values-based competencies',
    kind: 'core',
    source: 'enrich_core_component',
  },
  { code: 'risk_and_safety', title: 'Risk and safety', kind: 'core', source: 'enrich_core_component' },
  { code: 'trust_induction', title: 'Trust induction', kind: 'core', source: 'enrich_core_component' },
  { code: 'community_asset_mapping', title: 'Community asset mapping', kind: 'core', source: 'enrich_core_component' },
  {
    code: 'keeping_well_and_safe_at_work',
    title: 'Keeping yourself well and safe at work',
    kind: 'core',
    source: 'enrich_core_component',
  },
  { code: 'discharge_transition', title: 'The discharge transition', kind: 'core', source: 'enrich_core_component' },
  { code: 'cultural_competence', title: 'Cultural competence', kind: 'core', source: 'enrich_core_component' },
  {
    code: 'discussing_difficult_issues',
    title: 'Discussing difficult issues',
    kind: 'core',
    source: 'enrich_core_component',
  },
  {
    code: 'digital_service_user_rights',
    title: 'Digital: protecting the rights of service users',
    kind: 'local',
    source: 'digital_peer_support',
  },
  {
    code: 'digital_technical_knowledge',
    title: 'Digital: technical knowledge and skills',
    kind: 'local',
    source: 'digital_peer_support',
  },
  {
    code: 'digital_available_technologies',
    title: 'Digital: available technologies',
    kind: 'local',
    source: 'digital_peer_support',
  },
  {
    code: 'digital_equity_of_access',
    title: 'Digital: equity of access',
    kind: 'local',
    source: 'digital_peer_support',
  },
  {
    code: 'digital_communication_skills',
    title: 'Digital: communication skills',
    kind: 'local',
    source: 'digital_peer_support',
  },
  {
    code: 'digital_performance_based_training',
    title: 'Digital: performance-based training',
    kind: 'local',
    source: 'digital_peer_support',
  },
  { code: 'digital_self_care', title: 'Digital: self-care', kind: 'local', source: 'digital_peer_support' },
  {
    code: 'digital_monitoring_and_crisis',
    title: 'Digital: monitoring digital peer support and addressing digital crisis',
    kind: 'local',
    source: 'digital_peer_support',
  },
  {
    code: 'digital_peer_support_competencies',
    title: 'Digital: peer support competencies',
    kind: 'local',
    source: 'digital_peer_support',
  },
  { code: 'digital_health_literacy', title: 'Digital: health literacy', kind: 'local', source: 'digital_peer_support' },
];

export class PeerWorkforceAndTraining1795598994282 implements MigrationInterface {
  name = 'PeerWorkforceAndTraining1795598994282';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "induction_step_records" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "peer_worker_id" uuid NOT NULL, "step" text NOT NULL, "completed_on" date NOT NULL, "signed_off_by" uuid NOT NULL, CONSTRAINT "PK_96a662a1453449350d7f74fe0e1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_2887dd9b053ff5c0c1ec9cd53c" ON "induction_step_records"  ("peer_worker_id", "step") `,
    );
    await queryRunner.query(
      `CREATE TABLE "peer_worker_status_changes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "from_state" text, "to_state" text NOT NULL, "actor_id" uuid, "reason" text, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "peer_worker_id" uuid NOT NULL, CONSTRAINT "PK_20890fef0102e4aef2faf6c288c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_d42b2a1470b0ddc172967db0a5" ON "peer_worker_status_changes"  ("peer_worker_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "peer_workers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "site_id" uuid NOT NULL, "user_id" uuid, "display_name" text NOT NULL, "email" text, "phone" text, "ward_id" uuid, "community_team_id" uuid, "working_pattern" jsonb, "languages" text array NOT NULL DEFAULT '{}', "gender" text, "date_of_birth" date, "ethnicity" text, "lived_experience" text array NOT NULL DEFAULT '{}', "interests" text array NOT NULL DEFAULT '{}', "has_patient_notes_access" boolean NOT NULL DEFAULT false, "code_of_ethics_acknowledged_on" date, "dbs_cleared_on" date, "occupational_health_cleared_on" date, "status" text NOT NULL DEFAULT 'applicant', CONSTRAINT "ck_peer_workers_status" CHECK (status IN ('applicant','in_training','appointed','reserve','active','inactive','left')), CONSTRAINT "PK_624345644bf219eb37c54aa93ab" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_peer_workers_user" ON "peer_workers"  ("user_id") WHERE user_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e001f75ef88fb6f07d28149dff" ON "peer_workers"  ("site_id", "status") `);
    await queryRunner.query(
      `CREATE TABLE "site_coordinators" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "site_id" uuid NOT NULL, "coordinator_user_id" uuid NOT NULL, "deputy_user_id" uuid, CONSTRAINT "PK_e922d4face9bf889210038c76eb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_6863f7183dc126c9be57fae61d" ON "site_coordinators"  ("site_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "team_preparation_workshops" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "site_id" uuid NOT NULL, "ward_id" uuid, "community_team_id" uuid, "held_on" date NOT NULL, "co_delivered_by_peer_worker_id" uuid NOT NULL, "managers_attended" boolean NOT NULL, "assets_named" text array NOT NULL DEFAULT '{}', CONSTRAINT "PK_8e4635d849fa4fa8452b1df9f72" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_467596d48b87b8fdfcb8a63016" ON "team_preparation_workshops"  ("site_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "training_assessments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "peer_worker_id" uuid NOT NULL, "module_id" uuid NOT NULL, "method" text NOT NULL, "outcome" text NOT NULL, "assessor_user_id" uuid NOT NULL, "assessed_on" date NOT NULL, CONSTRAINT "PK_9d325bd9486ee51be1ed4eed042" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_dc8d45f26dc69a645cf8ee8ceb" ON "training_assessments"  ("peer_worker_id", "module_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "training_attendances" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "session_id" uuid NOT NULL, "peer_worker_id" uuid NOT NULL, "attended" boolean NOT NULL, "recorded_by" uuid NOT NULL, CONSTRAINT "PK_2c28d77c75ef1f5575250b495b7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8e65957fc7d0ff76f0f8603771" ON "training_attendances"  ("peer_worker_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_74a4c39e8358485317a4cee672" ON "training_attendances"  ("session_id", "peer_worker_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "training_reflections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "session_id" uuid NOT NULL, "peer_worker_id" uuid, "kind" text NOT NULL, "text" text NOT NULL, "author_id" uuid NOT NULL, CONSTRAINT "PK_fc6eb8efab292796d9d88e0d739" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_2e8ab470ba8b935c74209377a4" ON "training_reflections"  ("session_id") `);
    await queryRunner.query(
      `CREATE TABLE "training_modules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "site_id" uuid, "code" text NOT NULL, "title" text NOT NULL, "kind" text NOT NULL, "source" text NOT NULL, CONSTRAINT "PK_eb8283e63be7f65abc59c5d96a3" PRIMARY KEY ("id"))`,
    );
    // One code per site; programme-wide modules (site_id null) share the nil uuid in the key.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_training_modules_code" ON "training_modules" (coalesce("site_id", '00000000-0000-0000-0000-000000000000'::uuid), "code")`,
    );
    // The programme every site starts with: ENRICH core components and digital competency themes.
    for (const m of SEEDED_MODULES) {
      await queryRunner.query(
        `INSERT INTO "training_modules" ("site_id", "code", "title", "kind", "source") VALUES (NULL, $1, $2, $3, $4)`,
        [m.code, m.title, m.kind, m.source],
      );
    }
    await queryRunner.query(
      `CREATE TABLE "training_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "site_id" uuid NOT NULL, "module_id" uuid NOT NULL, "held_on" date NOT NULL, "facilitators" jsonb NOT NULL, CONSTRAINT "PK_6678399f77ed9db5176459befa9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_608c2a2a654e02f5d688e5723b" ON "training_sessions"  ("site_id", "held_on") `,
    );
    await queryRunner.query(
      `ALTER TABLE "peer_workers" ADD CONSTRAINT "FK_aa3faf4744616609d01daa9c57b" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "peer_workers" DROP CONSTRAINT "FK_aa3faf4744616609d01daa9c57b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_608c2a2a654e02f5d688e5723b"`);
    await queryRunner.query(`DROP TABLE "training_sessions"`);
    await queryRunner.query(`DROP INDEX "public"."uq_training_modules_code"`);
    await queryRunner.query(`DROP TABLE "training_modules"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2e8ab470ba8b935c74209377a4"`);
    await queryRunner.query(`DROP TABLE "training_reflections"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_74a4c39e8358485317a4cee672"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8e65957fc7d0ff76f0f8603771"`);
    await queryRunner.query(`DROP TABLE "training_attendances"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dc8d45f26dc69a645cf8ee8ceb"`);
    await queryRunner.query(`DROP TABLE "training_assessments"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_467596d48b87b8fdfcb8a63016"`);
    await queryRunner.query(`DROP TABLE "team_preparation_workshops"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6863f7183dc126c9be57fae61d"`);
    await queryRunner.query(`DROP TABLE "site_coordinators"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e001f75ef88fb6f07d28149dff"`);
    await queryRunner.query(`DROP INDEX "public"."uq_peer_workers_user"`);
    await queryRunner.query(`DROP TABLE "peer_workers"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d42b2a1470b0ddc172967db0a5"`);
    await queryRunner.query(`DROP TABLE "peer_worker_status_changes"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2887dd9b053ff5c0c1ec9cd53c"`);
    await queryRunner.query(`DROP TABLE "induction_step_records"`);
  }
}
