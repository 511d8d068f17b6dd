import { MigrationInterface, QueryRunner } from 'typeorm';

export class AbsenceCover1795855261747 implements MigrationInterface {
  name = 'AbsenceCover1795855261747';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "cover_arrangements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "absence_id" uuid NOT NULL, "episode_id" uuid NOT NULL, "site_id" uuid NOT NULL, "absent_peer_worker_id" uuid NOT NULL, "arrangement" text NOT NULL, "covering_peer_worker_id" uuid, "pairing_id" uuid, "reserve_activated" boolean NOT NULL DEFAULT false, "service_user_informed" boolean NOT NULL DEFAULT false, "term_at_confirmation" text NOT NULL, "reason" text, "starts_on" date NOT NULL, "state" text NOT NULL, "confirmed_by_id" uuid NOT NULL, "ended_at" TIMESTAMP(3) WITH TIME ZONE, "ended_by_id" uuid, "end_reason" text, CONSTRAINT "ck_cover_arrangements_pause_informed" CHECK (arrangement <> 'pause' OR service_user_informed), CONSTRAINT "ck_cover_arrangements_covering" CHECK ((arrangement = 'pause') = (covering_peer_worker_id IS NULL)), CONSTRAINT "ck_cover_arrangements_state" CHECK (state IN ('active','ended')), CONSTRAINT "ck_cover_arrangements_kind" CHECK (arrangement IN ('cover','pause','repair')), CONSTRAINT "PK_c5d8ff7b70fed71c05a7c3c5b95" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6a9957238345286d6d36b76a9b" ON "cover_arrangements"  ("episode_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_e48a9ebc0173d3bb82ceb95831" ON "cover_arrangements"  ("covering_peer_worker_id", "episode_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_cover_arrangements_one_active_per_episode_absence" ON "cover_arrangements"  ("absence_id", "episode_id") WHERE state = 'active'`,
    );
    await queryRunner.query(
      `CREATE TABLE "handover_notes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "arrangement_id" uuid NOT NULL, "absence_id" uuid NOT NULL, "episode_id" uuid NOT NULL, "service_user_id" uuid NOT NULL, "site_id" uuid NOT NULL, "direction" text NOT NULL, "to_peer_worker_id" uuid NOT NULL, "author_id" uuid NOT NULL, "risk_and_safety" text NOT NULL, "current_situation" text, "coming_up" text, "service_user_wishes" text, "acknowledged_at" TIMESTAMP(3) WITH TIME ZONE, "acknowledged_by_id" uuid, CONSTRAINT "ck_handover_notes_direction" CHECK (direction IN ('handover','hand_back')), CONSTRAINT "PK_64967013da144ed76ef918a5fc5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_3b8d69dd273e091358dbc199f0" ON "handover_notes"  ("to_peer_worker_id", "acknowledged_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_handover_notes_one_per_direction" ON "handover_notes"  ("arrangement_id", "direction") `,
    );
    await queryRunner.query(
      `ALTER TABLE "cover_arrangements" ADD CONSTRAINT "FK_4f971c49966e86c89ae798d2d33" FOREIGN KEY ("absence_id") REFERENCES "absences"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cover_arrangements" ADD CONSTRAINT "FK_6a9957238345286d6d36b76a9b7" FOREIGN KEY ("episode_id") REFERENCES "support_episodes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "handover_notes" ADD CONSTRAINT "FK_bfd8b5f36201b33e7372887406f" FOREIGN KEY ("arrangement_id") REFERENCES "cover_arrangements"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "handover_notes" DROP CONSTRAINT "FK_bfd8b5f36201b33e7372887406f"`);
    await queryRunner.query(`ALTER TABLE "cover_arrangements" DROP CONSTRAINT "FK_6a9957238345286d6d36b76a9b7"`);
    await queryRunner.query(`ALTER TABLE "cover_arrangements" DROP CONSTRAINT "FK_4f971c49966e86c89ae798d2d33"`);
    await queryRunner.query(`DROP INDEX "public"."uq_handover_notes_one_per_direction"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3b8d69dd273e091358dbc199f0"`);
    await queryRunner.query(`DROP TABLE "handover_notes"`);
    await queryRunner.query(`DROP INDEX "public"."uq_cover_arrangements_one_active_per_episode_absence"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e48a9ebc0173d3bb82ceb95831"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6a9957238345286d6d36b76a9b"`);
    await queryRunner.query(`DROP TABLE "cover_arrangements"`);
  }
}
