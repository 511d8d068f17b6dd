import { MigrationInterface, QueryRunner } from 'typeorm';

const CODE_OF_ETHICS_V1 = `ENRICH Peer Worker Code of Ethics (handbook 14.10), version 1.

As an ENRICH peer worker I will:
- work alongside the service user as an equal, building on their strengths and helping them build their own support network after discharge;
- share my own lived experience only when it helps them, keeping the focus on them;
- keep clear boundaries in our relationship, and talk about them in supervision;
- keep what I am told confidential within the Trust's policies, and tell my coordinator at once about a risk to anyone's safety;
- support the service user's own plans (discharge plan, crisis plan, personal recovery plan): they own them, I never write over them;
- prepare for the ending of our relationship from our first meeting;
- follow lone working and safety procedures;
- look after my own wellbeing, and use supervision and peer support when I need them.

This is the programme's first text. A Trust replaces it with its approved wording by publishing a new version.`;

const APPEND_ONLY = ['peer_worker_support_contacts', 'code_of_ethics_versions', 'code_of_ethics_acknowledgements'];

/**
 * Issue 13 case 9, workforce facts are records. What happens to what was recorded as free text before:
 * - interview panels: the panel as recorded is kept unchanged in `interview_panel_legacy`; `interview_panel` is mapped
 *   to the new shape, a member who said they were a peer becoming `unverified_peer` (which no longer satisfies the
 *   offer's guard) and everyone else `staff`. An application still at `interviewed` re-records its panel
 *   (interviewed → interviewed) with the peer's record before an offer.
 * - training sessions: an `experienced_peer_worker` facilitator with no peer worker record is relabelled
 *   `unverified_peer`, the facilitators as recorded kept in `facilitators_legacy`; attendance and assessments stand.
 *   Sessions of the digital competency modules cover their own competency.
 * - the code of ethics: version 1 is the programme's first text; a date a coordinator recorded becomes a `migrated`
 *   acknowledgement of version 1 (who acknowledged is unknown), which still counts, so nobody in post becomes
 *   unpairable overnight. The next published version is acknowledged by each peer worker themself.
 * - employment and welfare support contacts start empty; nothing was recorded before.
 */
export class WorkforceFactsAreRecords1796625000000 implements MigrationInterface {
  name = 'WorkforceFactsAreRecords1796625000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "code_of_ethics_acknowledgements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "peer_worker_id" uuid NOT NULL, "version_id" uuid NOT NULL, "version" integer NOT NULL, "acknowledged_on" date NOT NULL, "acknowledged_by_user_id" uuid, "source" text NOT NULL, CONSTRAINT "ck_code_of_ethics_acknowledgements_source" CHECK (source IN ('peer_worker','migrated')), CONSTRAINT "PK_4c470c1b53b8a632addec3f0464" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_b27e499a74cf5e885eb58604dc" ON "code_of_ethics_acknowledgements"  ("peer_worker_id", "version_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "code_of_ethics_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "text" text NOT NULL, "published_on" date NOT NULL, "published_by_id" uuid, CONSTRAINT "PK_11b22fddcba5b5fbbf8d395510e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_30fe3d813e9499f7cc82471a42" ON "code_of_ethics_versions"  ("version") `,
    );
    await queryRunner.query(
      `CREATE TABLE "peer_worker_support_contacts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "peer_worker_id" uuid NOT NULL, "site_id" uuid NOT NULL, "contact_on" date NOT NULL, "kind" text NOT NULL, "provided_by" text NOT NULL, "notes" text, "recorded_by_id" uuid NOT NULL, CONSTRAINT "ck_peer_worker_support_contacts_kind" CHECK (kind IN ('employment','welfare')), CONSTRAINT "PK_ab5f74ddc645a3b517675e04aa5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a31825c220e725ceb26966ac05" ON "peer_worker_support_contacts"  ("peer_worker_id", "contact_on") `,
    );
    await queryRunner.query(`ALTER TABLE "peer_workers" ADD "experienced_peer_verified_on" date`);
    await queryRunner.query(`ALTER TABLE "peer_workers" ADD "experienced_peer_verified_by_id" uuid`);
    await queryRunner.query(`ALTER TABLE "recruitment_applications" ADD "interview_panel_legacy" jsonb`);
    await queryRunner.query(`ALTER TABLE "training_sessions" ADD "facilitators_legacy" jsonb`);
    await queryRunner.query(`ALTER TABLE "training_sessions" ADD "competencies" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `ALTER TABLE "peer_worker_support_contacts" ADD CONSTRAINT "FK_8ffe0a9a85d97e8d7303b5cb4ac" FOREIGN KEY ("peer_worker_id") REFERENCES "peer_workers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    for (const table of APPEND_ONLY) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_update_or_delete BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only_table()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_append_only_table()`,
      );
    }

    // Interview panels: keep what was recorded, map it to the new shape (a self-declared peer is unverified).
    await queryRunner.query(
      `UPDATE "recruitment_applications"
          SET "interview_panel_legacy" = "interview_panel",
              "interview_panel" = (
                SELECT coalesce(jsonb_agg(jsonb_build_object(
                         'kind', CASE WHEN (m->>'isPeerWorker')::boolean THEN 'unverified_peer' ELSE 'staff' END,
                         'peerWorkerId', NULL, 'name', m->>'name', 'role', m->>'role',
                         'organisation', NULL, 'roleVerification', NULL) ORDER BY ord), '[]'::jsonb)
                  FROM jsonb_array_elements("interview_panel") WITH ORDINALITY AS panel(m, ord))
        WHERE "interview_panel" IS NOT NULL`,
    );
    // Training sessions: an experienced peer named only in free text is relabelled, the original kept.
    await queryRunner.query(
      `UPDATE "training_sessions"
          SET "facilitators_legacy" = "facilitators",
              "facilitators" = (
                SELECT jsonb_agg(CASE WHEN f->>'role' = 'experienced_peer_worker' AND f->>'peerWorkerId' IS NULL
                                      THEN f || '{"role":"unverified_peer"}'::jsonb ELSE f END ORDER BY ord)
                  FROM jsonb_array_elements("facilitators") WITH ORDINALITY AS list(f, ord))
        WHERE EXISTS (SELECT 1 FROM jsonb_array_elements("facilitators") f
                       WHERE f->>'role' = 'experienced_peer_worker' AND f->>'peerWorkerId' IS NULL)`,
    );
    await queryRunner.query(
      `UPDATE "training_sessions" s SET "competencies" = ARRAY[m."code"]
         FROM "training_modules" m WHERE m."id" = s."module_id" AND m."source" = 'digital_peer_support'`,
    );
    // The code of ethics: version 1, and the dates coordinators recorded as migrated acknowledgements of it.
    await queryRunner.query(
      `INSERT INTO "code_of_ethics_versions" ("version", "text", "published_on") VALUES (1, $1, '2026-01-01')`,
      [CODE_OF_ETHICS_V1],
    );
    await queryRunner.query(
      `INSERT INTO "code_of_ethics_acknowledgements" ("peer_worker_id", "version_id", "version", "acknowledged_on", "acknowledged_by_user_id", "source")
       SELECT pw."id", v."id", 1, pw."code_of_ethics_acknowledged_on", NULL, 'migrated'
         FROM "peer_workers" pw CROSS JOIN "code_of_ethics_versions" v
        WHERE v."version" = 1 AND pw."code_of_ethics_acknowledged_on" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of APPEND_ONLY) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_truncate ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER ${table}_no_update_or_delete ON "${table}"`);
    }
    await queryRunner.query(
      `UPDATE "training_sessions" SET "facilitators" = "facilitators_legacy" WHERE "facilitators_legacy" IS NOT NULL`,
    );
    await queryRunner.query(
      `UPDATE "recruitment_applications" SET "interview_panel" = "interview_panel_legacy" WHERE "interview_panel_legacy" IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "peer_worker_support_contacts" DROP CONSTRAINT "FK_8ffe0a9a85d97e8d7303b5cb4ac"`,
    );
    await queryRunner.query(`ALTER TABLE "training_sessions" DROP COLUMN "competencies"`);
    await queryRunner.query(`ALTER TABLE "training_sessions" DROP COLUMN "facilitators_legacy"`);
    await queryRunner.query(`ALTER TABLE "recruitment_applications" DROP COLUMN "interview_panel_legacy"`);
    await queryRunner.query(`ALTER TABLE "peer_workers" DROP COLUMN "experienced_peer_verified_by_id"`);
    await queryRunner.query(`ALTER TABLE "peer_workers" DROP COLUMN "experienced_peer_verified_on"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a31825c220e725ceb26966ac05"`);
    await queryRunner.query(`DROP TABLE "peer_worker_support_contacts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_30fe3d813e9499f7cc82471a42"`);
    await queryRunner.query(`DROP TABLE "code_of_ethics_versions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b27e499a74cf5e885eb58604dc"`);
    await queryRunner.query(`DROP TABLE "code_of_ethics_acknowledgements"`);
  }
}
