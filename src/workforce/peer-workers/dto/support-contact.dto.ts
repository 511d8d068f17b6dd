import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { PeerWorkerSupportContact } from '../entities/peer-worker-support-contact.entity';
import { SUPPORT_CONTACT_KINDS, type SupportContactKind } from '../support-contact-kind';

export class RecordSupportContactRequest {
  @ApiProperty({ example: '2026-03-03', format: 'date', description: 'When the support was given (not in the future)' })
  @IsISO8601({ strict: true })
  contactOn: string;

  @ApiProperty({ enum: SUPPORT_CONTACT_KINDS, example: 'welfare' })
  @IsIn(SUPPORT_CONTACT_KINDS)
  kind: SupportContactKind;

  @ApiProperty({ example: 'Citizens Advice Riverside – benefits adviser', description: 'Who gave the support' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  providedBy: string;

  @ApiPropertyOptional({ example: 'Better-off calculation before accepting 22.5 hours a week', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class SupportContactResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) peerWorkerId: string;
  @ApiProperty({ example: '2026-03-03', format: 'date' }) contactOn: string;
  @ApiProperty({ enum: SUPPORT_CONTACT_KINDS, example: 'welfare' }) kind: SupportContactKind;
  @ApiProperty({ example: 'Citizens Advice Riverside – benefits adviser' }) providedBy: string;
  @ApiProperty({ type: String, nullable: true, example: null }) notes: string | null;
  @ApiProperty({ format: 'uuid', description: 'users.id of who recorded it' }) recordedById: string;
  @ApiProperty() createdAt: Date;

  static from(c: PeerWorkerSupportContact): SupportContactResponse {
    return Object.assign(new SupportContactResponse(), {
      id: c.id,
      peerWorkerId: c.peerWorkerId,
      contactOn: c.contactOn,
      kind: c.kind,
      providedBy: c.providedBy,
      notes: c.notes,
      recordedById: c.recordedById,
      createdAt: c.createdAt,
    });
  }
}
