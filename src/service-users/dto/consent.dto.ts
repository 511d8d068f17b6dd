import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CONSENT_KINDS, type ConsentKind } from '../service-user-vocabulary';
import type { ConsentRecord } from '../entities/consent-record.entity';

export class RecordConsentRequest {
  @ApiProperty({
    enum: CONSENT_KINDS,
    example: 'peer_support',
    description: 'Peer support, or (separately) taking part in evaluation/research',
  })
  @IsIn(CONSENT_KINDS)
  kind: ConsentKind;

  @ApiProperty({ example: '2026-11-20', format: 'date' })
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'givenOn must be a date (YYYY-MM-DD)' })
  givenOn: string;

  @ApiProperty({ example: 'PIS v2.1 2026-09-01', description: 'Version of the information sheet the person was given' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  informationSheetVersion: string;
}

export class WithdrawConsentRequest {
  @ApiProperty({ example: '2026-12-02', format: 'date' })
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'withdrawnOn must be a date (YYYY-MM-DD)' })
  withdrawnOn: string;
}

export class ConsentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) serviceUserId: string;
  @ApiProperty({ enum: CONSENT_KINDS, example: 'peer_support' }) kind: ConsentKind;
  @ApiProperty({ example: '2026-11-20', format: 'date' }) givenOn: string;
  @ApiProperty({ example: 'PIS v2.1 2026-09-01' }) informationSheetVersion: string;
  @ApiProperty({ format: 'uuid', description: 'Who recorded the consent' }) recordedById: string;
  @ApiProperty({ nullable: true, type: String, format: 'date', example: null }) withdrawnOn: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', example: null }) withdrawalRecordedById: string | null;
  @ApiProperty({ example: true, description: 'Given and not withdrawn' }) active: boolean;
  @ApiProperty() createdAt: Date;

  static from(c: ConsentRecord): ConsentResponse {
    return Object.assign(new ConsentResponse(), {
      id: c.id,
      serviceUserId: c.serviceUserId,
      kind: c.kind,
      givenOn: c.givenOn,
      informationSheetVersion: c.informationSheetVersion,
      recordedById: c.recordedById,
      withdrawnOn: c.withdrawnOn,
      withdrawalRecordedById: c.withdrawalRecordedById,
      active: c.withdrawnOn === null,
      createdAt: c.createdAt,
    });
  }
}
