import { MigrationInterface, QueryRunner } from 'typeorm';

/** idempotency_keys.response_text: the response body as sent, so a replay is byte-identical (jsonb is not). */
export class IdempotentReplayBytes1796583100000 implements MigrationInterface {
  name = 'IdempotentReplayBytes1796583100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_keys" ADD "response_text" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "response_text"`);
  }
}
