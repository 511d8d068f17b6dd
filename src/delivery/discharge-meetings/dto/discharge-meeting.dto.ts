import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsISO8601,
  IsOptional,
  IsUUID,
  Matches,
  ValidateNested,
} from 'class-validator';
import { AttendeeDto } from '../../meetings/dto/meeting.dto';
import type { DischargeMeeting } from '../entities/discharge-meeting.entity';
import { FOLLOW_UP_STATUSES, type FollowUpCompliance, type FollowUpStatus } from '../follow-up-standard';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class RecordDischargeMeetingRequest {
  @ApiProperty({ format: 'date', example: '2026-11-18' })
  @IsISO8601({ strict: true })
  @Matches(DATE, { message: 'heldOn must be a date (YYYY-MM-DD)' })
  heldOn: string;

  @ApiProperty({
    type: [AttendeeDto],
    description: 'Who attended, by role',
    example: [
      { role: 'service_user' },
      { role: 'ward_staff', name: 'Consultant psychiatrist' },
      { role: 'community_team', name: 'Care coordinator' },
      { role: 'peer_worker' },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => AttendeeDto)
  attendees: AttendeeDto[];

  @ApiProperty({
    example: true,
    description: 'The service user invited their peer worker (the peer worker joins only when invited)',
  })
  @IsBoolean()
  serviceUserInvitedPeerWorker: boolean;

  @ApiProperty({ example: true })
  @IsBoolean()
  peerWorkerAttended: boolean;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String, example: '2026-11-20' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE, { message: 'plannedDischargeOn must be a date (YYYY-MM-DD)' })
  plannedDischargeOn?: string | null;

  @ApiProperty({
    example: true,
    description: 'The community team arranged its follow-up (recorded for the 72-hour standard)',
  })
  @IsBoolean()
  communityFollowUpArranged: boolean;

  @ApiPropertyOptional({
    format: 'date',
    nullable: true,
    type: String,
    example: '2026-11-22',
    description: 'Required when the follow-up is arranged',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE, { message: 'communityFollowUpOn must be a date (YYYY-MM-DD)' })
  communityFollowUpOn?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    example: '7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f',
  })
  @IsOptional()
  @IsUUID()
  communityTeamId?: string | null;
}

export class FollowUpComplianceDto {
  @ApiProperty({
    enum: FOLLOW_UP_STATUSES,
    example: 'met',
    description: 'awaiting_discharge until the actual discharge date is recorded',
  })
  status: FollowUpStatus;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    example: '2026-11-23',
    description: 'Discharge date + 3 days',
  })
  dueBy: string | null;
  @ApiProperty({ nullable: true, type: Number, example: 2 })
  daysAfterDischarge: number | null;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    example: '2026-11-20',
    description: 'The actual discharge this meeting led to',
  })
  dischargedOn: string | null;
}

export class DischargeMeetingResponse {
  @ApiProperty({ format: 'uuid', example: '2b3c4d5e-6f70-4a81-9b2c-3d4e5f6a7b8c' }) id: string;
  @ApiProperty({ format: 'uuid', example: '0c7d5e4f-3a2b-4c1d-9e8f-7a6b5c4d3e2f' }) episodeId: string;
  @ApiProperty({ format: 'date', example: '2026-11-18' }) heldOn: string;
  @ApiProperty({
    type: [AttendeeDto],
    example: [
      { role: 'service_user', name: null },
      { role: 'peer_worker', name: null },
    ],
  })
  attendees: AttendeeDto[];
  @ApiProperty({ example: true }) serviceUserInvitedPeerWorker: boolean;
  @ApiProperty({ example: true }) peerWorkerAttended: boolean;
  @ApiProperty({ format: 'date', nullable: true, type: String, example: '2026-11-20' }) plannedDischargeOn:
    string | null;
  @ApiProperty({ example: true }) communityFollowUpArranged: boolean;
  @ApiProperty({ format: 'date', nullable: true, type: String, example: '2026-11-22' }) communityFollowUpOn:
    string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, example: null }) communityTeamId: string | null;
  @ApiProperty({
    type: FollowUpComplianceDto,
    description: 'The 72-hour follow-up standard, once the actual discharge is known',
  })
  followUpStandard: FollowUpComplianceDto;
  @ApiProperty({ format: 'uuid', example: '1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f' }) recordedById: string;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ example: '2026-11-18T15:00:00.000Z' }) createdAt: Date;

  static from(
    m: DischargeMeeting,
    compliance: FollowUpCompliance & { dischargedOn: string | null },
  ): DischargeMeetingResponse {
    return Object.assign(new DischargeMeetingResponse(), {
      id: m.id,
      episodeId: m.episodeId,
      heldOn: m.heldOn,
      attendees: m.attendees,
      serviceUserInvitedPeerWorker: m.serviceUserInvitedPeerWorker,
      peerWorkerAttended: m.peerWorkerAttended,
      plannedDischargeOn: m.plannedDischargeOn,
      communityFollowUpArranged: m.communityFollowUpArranged,
      communityFollowUpOn: m.communityFollowUpOn,
      communityTeamId: m.communityTeamId,
      followUpStandard: compliance,
      recordedById: m.recordedById,
      version: m.version,
      createdAt: m.createdAt,
    });
  }
}
