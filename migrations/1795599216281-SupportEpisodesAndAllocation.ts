import { MigrationInterface, QueryRunner } from 'typeorm';

export class SupportEpisodesAndAllocation1795599216281 implements MigrationInterface {
  name = 'SupportEpisodesAndAllocation1795599216281';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "support_episodes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "service_user_id" uuid NOT NULL, "site_id" uuid NOT NULL, "state" text NOT NULL, "referred_on" date NOT NULL, "referred_by_id" uuid NOT NULL, "primary_diagnosis_group" text NOT NULL, "diagnostic_stratum" text NOT NULL, "previous_admission_dates" date array NOT NULL DEFAULT '{}', "eligibility" jsonb NOT NULL, "allocation_method" text, "allocated_arm" text, "allocated_at" TIMESTAMP WITH TIME ZONE, "peer_worker_id" uuid, "first_ward_meeting_at" TIMESTAMP WITH TIME ZONE, "discharged_on" date, "readmitted_on" date, "paused_from" text, "ending_reason" text, "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f054da17188e47e0d72958cc2c5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_f23f58c6edf6cfb9f3df99b1e7" ON "support_episodes"  ("site_id", "state") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_support_episodes_one_open_per_service_user" ON "support_episodes"  ("service_user_id") WHERE state <> 'ended'`,
    );
    await queryRunner.query(
      `CREATE TABLE "allocations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "episode_id" uuid NOT NULL, "site_id" uuid NOT NULL, "stratum" text NOT NULL, "sequence_number" integer NOT NULL, "block_index" integer NOT NULL, "block_size" integer NOT NULL, "arm" text NOT NULL, "allocated_by_id" uuid NOT NULL, "allocated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ca63099fc248466264af0fa6f1f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_7eb58634f3245a81ef5e027e70" ON "allocations"  ("episode_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_2df29cbf10bc14852fc6b97441" ON "allocations"  ("site_id", "stratum", "sequence_number") `,
    );
    await queryRunner.query(
      `CREATE TABLE "randomisation_strata" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "site_id" uuid NOT NULL, "stratum" text NOT NULL, "seed" text NOT NULL, "next_block_index" integer NOT NULL DEFAULT '0', "next_offset" integer NOT NULL DEFAULT '0', "allocations_made" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_55751f5f487c9acc53484fcbd15" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_04ba2229d2f8de2795231cb6be" ON "randomisation_strata"  ("site_id", "stratum") `,
    );
    await queryRunner.query(
      `CREATE TABLE "support_episode_transitions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "from_state" text, "to_state" text NOT NULL, "actor_id" uuid, "reason" text, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "episode_id" uuid NOT NULL, CONSTRAINT "PK_d3344d0c3fede7c2d75bb580a8a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_1665deb3dfc3703d1bfe266f0f" ON "support_episode_transitions"  ("episode_id", "occurred_at") `,
    );
    await queryRunner.query(`ALTER TABLE "service_users" ALTER COLUMN "contact" SET DEFAULT '{}'::jsonb`);
    await queryRunner.query(
      `ALTER TABLE "support_episodes" ADD CONSTRAINT "FK_4969fd1796622d81d42b611f61d" FOREIGN KEY ("service_user_id") REFERENCES "service_users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "support_episodes" ADD CONSTRAINT "FK_573e1fcd8f07996d2e9aedab52f" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "allocations" ADD CONSTRAINT "FK_7eb58634f3245a81ef5e027e70f" FOREIGN KEY ("episode_id") REFERENCES "support_episodes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "allocations" ADD CONSTRAINT "FK_c4f5b45023c37974a50d04379f3" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "randomisation_strata" ADD CONSTRAINT "FK_ed8879db025d6b4b32e5519de7c" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "support_episode_transitions" ADD CONSTRAINT "FK_75e49df8cc06f4e10e8bf54943b" FOREIGN KEY ("episode_id") REFERENCES "support_episodes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Randomised allocations and the episode history are written once: the database refuses to change or remove
    // them, with the append-only function the Foundation migration made for audit_events.
    for (const table of ['allocations', 'support_episode_transitions']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_update_or_delete BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only_table()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_append_only_table()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['allocations', 'support_episode_transitions']) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_truncate ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER ${table}_no_update_or_delete ON "${table}"`);
    }
    await queryRunner.query(
      `ALTER TABLE "support_episode_transitions" DROP CONSTRAINT "FK_75e49df8cc06f4e10e8bf54943b"`,
    );
    await queryRunner.query(`ALTER TABLE "randomisation_strata" DROP CONSTRAINT "FK_ed8879db025d6b4b32e5519de7c"`);
    await queryRunner.query(`ALTER TABLE "allocations" DROP CONSTRAINT "FK_c4f5b45023c37974a50d04379f3"`);
    await queryRunner.query(`ALTER TABLE "allocations" DROP CONSTRAINT "FK_7eb58634f3245a81ef5e027e70f"`);
    await queryRunner.query(`ALTER TABLE "support_episodes" DROP CONSTRAINT "FK_573e1fcd8f07996d2e9aedab52f"`);
    await queryRunner.query(`ALTER TABLE "support_episodes" DROP CONSTRAINT "FK_4969fd1796622d81d42b611f61d"`);
    await queryRunner.query(`ALTER TABLE "service_users" ALTER COLUMN "contact" SET DEFAULT '{}'`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1665deb3dfc3703d1bfe266f0f"`);
    await queryRunner.query(`DROP TABLE "support_episode_transitions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_04ba2229d2f8de2795231cb6be"`);
    await queryRunner.query(`DROP TABLE "randomisation_strata"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2df29cbf10bc14852fc6b97441"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7eb58634f3245a81ef5e027e70"`);
    await queryRunner.query(`DROP TABLE "allocations"`);
    await queryRunner.query(`DROP INDEX "public"."uq_support_episodes_one_open_per_service_user"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f23f58c6edf6cfb9f3df99b1e7"`);
    await queryRunner.query(`DROP TABLE "support_episodes"`);
  }
}
