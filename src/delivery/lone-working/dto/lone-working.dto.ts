import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { LoneWorkingVisit } from '../entities/lone-working-visit.entity';
import { VISIT_SAFETY_STATES, type VisitSafety, type VisitSafetyState } from '../visit-safety';

const INSTANT = { strict: true, strictSeparator: true } as const;

export class StartVisitRequest {
  @ApiProperty({
    example: 'Service user’s flat, 14 Mill Lane, ground floor',
    description: 'Where the peer worker will be (personal data: never logged)',
  })
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  location: string;

  @ApiProperty({
    format: 'date-time',
    example: '2026-11-25T11:00:00Z',
    description: 'When the peer worker expects to check out',
  })
  @IsISO8601(INSTANT)
  expectedEndAt: string;
}

export class CheckInRequest {
  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-11-25T11:30:00Z',
    description: 'A new expected end, if the visit runs longer',
  })
  @IsOptional()
  @IsISO8601(INSTANT)
  expectedEndAt?: string;
}

export class VisitQuery {
  @ApiPropertyOptional({
    enum: ['open', 'overdue'],
    example: 'overdue',
    description: 'open: not checked out; overdue: past the expected end and the grace period',
  })
  @IsOptional()
  @IsIn(['open', 'overdue'])
  status?: 'open' | 'overdue';
}

export class VisitCheckInDto {
  @ApiProperty({ format: 'date-time', example: '2026-11-25T10:02:00.000Z' }) at: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-25T11:00:00.000Z' }) expectedEndAt: string;
}

export class VisitResponse {
  @ApiProperty({ format: 'uuid', example: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' }) id: string;
  @ApiProperty({ format: 'uuid', example: '9b2c5e4d-3c2b-4a09-8f1e-6a1f8c2e0d7b' }) meetingId: string;
  @ApiProperty({ format: 'uuid', example: '0c7d5e4f-3a2b-4c1d-9e8f-7a6b5c4d3e2f' }) episodeId: string;
  @ApiProperty({ format: 'uuid', example: '3f0c8b7e-2a53-4a8e-9b8a-51f0d1b2c3d4' }) siteId: string;
  @ApiProperty({ format: 'uuid', example: '6a1f8c2e-0d7b-4f3a-9b2c-5e4d3c2b1a09' }) peerWorkerId: string;
  @ApiProperty({ example: 'Service user’s flat, 14 Mill Lane, ground floor' }) location: string;
  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' }) startedAt: Date;
  @ApiProperty({ example: '2026-11-25T11:00:00.000Z' }) expectedEndAt: Date;
  @ApiProperty({
    type: [VisitCheckInDto],
    example: [{ at: '2026-11-25T10:02:00.000Z', expectedEndAt: '2026-11-25T11:00:00.000Z' }],
  })
  checkIns: VisitCheckInDto[];
  @ApiProperty({ nullable: true, type: Date, example: null }) checkedOutAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, example: null }) escalationAcknowledgedAt: Date | null;
  @ApiProperty({ enum: VISIT_SAFETY_STATES, example: 'on_time', description: 'The visit’s safety state now' })
  safety: VisitSafetyState;
  @ApiProperty({
    enum: ['coordinator', 'deputy'],
    nullable: true,
    example: null,
    description: 'Who it escalates to now, if overdue',
  })
  escalateTo: 'coordinator' | 'deputy' | null;
  @ApiProperty({ example: 1 }) version: number;

  static from(v: LoneWorkingVisit, safety: VisitSafety): VisitResponse {
    return Object.assign(new VisitResponse(), {
      id: v.id,
      meetingId: v.meetingId,
      episodeId: v.episodeId,
      siteId: v.siteId,
      peerWorkerId: v.peerWorkerId,
      location: v.location,
      startedAt: v.startedAt,
      expectedEndAt: v.expectedEndAt,
      checkIns: v.checkIns,
      checkedOutAt: v.checkedOutAt,
      escalationAcknowledgedAt: v.escalationAcknowledgedAt,
      safety: safety.state,
      escalateTo: safety.escalateTo,
      version: v.version,
    });
  }
}
