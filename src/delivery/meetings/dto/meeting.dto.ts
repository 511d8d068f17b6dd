import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../../common/pagination/page';
import type { Meeting } from '../entities/meeting.entity';
import type { MeetingTransition } from '../entities/meeting-transition.entity';
import type { MeetingSummary } from '../meetings.repository';
import {
  ATTENDEE_ROLES,
  type AttendeeRole,
  COMMUNITY_CONNECTION_KINDS,
  type CommunityConnectionKind,
  MEETING_MODES,
  MEETING_PARTIES,
  MEETING_SETTINGS,
  MEETING_STATUSES,
  MEETING_TOPICS,
  type MeetingMode,
  type MeetingParty,
  type MeetingSetting,
  type MeetingStatus,
  type MeetingTopic,
} from '../../../common/vocabulary/meeting-vocabulary';

const INSTANT = { strict: true, strictSeparator: true } as const;

export class AttendeeDto {
  @ApiProperty({ enum: ATTENDEE_ROLES, example: 'service_user' })
  @IsIn(ATTENDEE_ROLES)
  role: AttendeeRole;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'Staff nurse',
    description: 'A name or job title, if useful',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string | null;
}

export class MeetingRecordDto {
  @ApiProperty({ enum: MEETING_TOPICS, isArray: true, example: ['relationship_building', 'discharge_plan'] })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(MEETING_TOPICS.length)
  @IsIn(MEETING_TOPICS, { each: true })
  topics: MeetingTopic[];

  @ApiPropertyOptional({
    enum: COMMUNITY_CONNECTION_KINDS,
    nullable: true,
    example: 'signposted',
    description: 'With the community_connections topic',
  })
  @IsOptional()
  @IsIn(COMMUNITY_CONNECTION_KINDS)
  communityConnections?: CommunityConnectionKind | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'Housing benefit forms',
    description: 'With the other topic: what, in a few words',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  otherTopic?: string | null;

  @ApiPropertyOptional({
    example: true,
    description:
      'Preparation for ending discussed. When omitted it defaults to true for the episode’s first held meetings (site setting endingPreparationEarlyMeetings, default 3) and false after',
  })
  @IsOptional()
  @IsBoolean()
  endingPreparationDiscussed?: boolean;
}

/** What a held meeting records: when it really happened, who came, the record and the note. */
export class HeldDetails {
  @ApiProperty({ format: 'date-time', example: '2026-11-10T10:05:00Z' })
  @IsISO8601(INSTANT)
  actualStartAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-10T11:00:00Z' })
  @IsISO8601(INSTANT)
  actualEndAt: string;

  @ApiPropertyOptional({ type: [AttendeeDto], example: [{ role: 'service_user' }, { role: 'peer_worker' }] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => AttendeeDto)
  attendees?: AttendeeDto[];

  @ApiPropertyOptional({ type: MeetingRecordDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MeetingRecordDto)
  record?: MeetingRecordDto;

  @ApiPropertyOptional({
    example: 'Talked about going home and what helped last time.',
    description:
      'Sensitive free text: never logged; read only by the meeting’s peer worker, their coordinator or an admin (audited)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  note?: string;

  @ApiPropertyOptional({
    example: 'Visited with a colleague from the community team',
    description:
      'A face-to-face or accompanying meeting at a home, community venue or public place (the site’s loneWorkingRequiredSettings) is held only after its lone-working visit was checked out; otherwise say why here',
    maxLength: 2000,
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  loneWorkingExemptionReason?: string;
}

export class CreateMeetingRequest {
  @ApiPropertyOptional({
    format: 'uuid',
    example: '6a1f8c2e-0d7b-4f3a-9b2c-5e4d3c2b1a09',
    description:
      'Defaults to the caller’s own peer worker record, or (for coordinators) the episode’s paired peer worker',
  })
  @IsOptional()
  @IsUUID()
  peerWorkerId?: string;

  @ApiProperty({ enum: MEETING_MODES, example: 'face_to_face' })
  @IsIn(MEETING_MODES)
  mode: MeetingMode;

  @ApiProperty({ enum: MEETING_SETTINGS, example: 'ward' })
  @IsIn(MEETING_SETTINGS)
  setting: MeetingSetting;

  @ApiProperty({ format: 'date-time', example: '2026-11-10T10:00:00Z' })
  @IsISO8601(INSTANT)
  plannedStartAt: string;

  @ApiPropertyOptional({ minimum: 5, maximum: 480, default: 60, example: 60 })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(480)
  plannedDurationMinutes?: number;

  @ApiPropertyOptional({
    enum: ['planned', 'held'],
    default: 'planned',
    example: 'planned',
    description: '`held` records a meeting after the fact (give `held`)',
  })
  @IsOptional()
  @IsIn(['planned', 'held'])
  status?: 'planned' | 'held';

  @ApiPropertyOptional({ type: HeldDetails, description: 'With status held' })
  @IsOptional()
  @ValidateNested()
  @Type(() => HeldDetails)
  held?: HeldDetails;

  @ApiPropertyOptional({
    format: 'uuid',
    example: '7c3e1b2a-9d8f-4e6a-b5c4-d3e2f1a0b9c8',
    description:
      'The planned contact of the community plan this meeting is for. Holding the meeting records the contact held (missing it, once due, records it missed) in the same transaction. ' +
      'When omitted, a community meeting held during community support or the step-down fulfils the next outstanding contact that no other planned meeting is for.',
  })
  @IsOptional()
  @IsUUID()
  plannedContactId?: string;
}

export class HoldMeetingRequest extends HeldDetails {}

export class MissMeetingRequest {
  @ApiProperty({ enum: MEETING_PARTIES, example: 'service_user' })
  @IsIn(MEETING_PARTIES)
  missedBy: MeetingParty;

  @ApiPropertyOptional({ example: 'Not at home; no answer on the phone' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class CancelMeetingRequest {
  @ApiProperty({ enum: MEETING_PARTIES, example: 'service_user' })
  @IsIn(MEETING_PARTIES)
  cancelledBy: MeetingParty;

  @ApiProperty({ example: 'Has a clinic appointment that morning' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

export class RescheduleMeetingRequest {
  @ApiProperty({ format: 'date-time', example: '2026-11-12T14:00:00Z' })
  @IsISO8601(INSTANT)
  plannedStartAt: string;

  @ApiPropertyOptional({ minimum: 5, maximum: 480, example: 60, description: 'Defaults to the original duration' })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(480)
  plannedDurationMinutes?: number;

  @ApiProperty({ example: 'The service user asked to move it to the afternoon' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

export class MeetingQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MEETING_STATUSES, example: 'planned' })
  @IsOptional()
  @IsIn(MEETING_STATUSES)
  status?: MeetingStatus;
}

export class SiteMeetingQuery extends MeetingQuery {
  @ApiPropertyOptional({ format: 'uuid', example: '3f0c8b7e-2a53-4a8e-9b8a-51f0d1b2c3d4' })
  @IsOptional()
  @IsUUID()
  siteId?: string;

  @ApiPropertyOptional({ format: 'uuid', example: '6a1f8c2e-0d7b-4f3a-9b2c-5e4d3c2b1a09' })
  @IsOptional()
  @IsUUID()
  peerWorkerId?: string;
}

export class MeetingRecordResponse {
  @ApiProperty({ enum: MEETING_TOPICS, isArray: true, example: ['relationship_building'] }) topics: MeetingTopic[];
  @ApiProperty({ enum: COMMUNITY_CONNECTION_KINDS, nullable: true, example: null })
  communityConnections: CommunityConnectionKind | null;
  @ApiProperty({ nullable: true, type: String, example: null }) otherTopic: string | null;
  @ApiProperty({ example: true }) endingPreparationDiscussed: boolean;
}

export class MeetingResponse {
  @ApiProperty({ format: 'uuid', example: '9b2c5e4d-3c2b-4a09-8f1e-6a1f8c2e0d7b' }) id: string;
  @ApiProperty({ format: 'uuid', example: '0c7d5e4f-3a2b-4c1d-9e8f-7a6b5c4d3e2f' }) episodeId: string;
  @ApiProperty({ format: 'uuid', example: '3f0c8b7e-2a53-4a8e-9b8a-51f0d1b2c3d4' }) siteId: string;
  @ApiProperty({ format: 'uuid', example: '6a1f8c2e-0d7b-4f3a-9b2c-5e4d3c2b1a09' }) peerWorkerId: string;
  @ApiProperty({ enum: MEETING_MODES, example: 'face_to_face' }) mode: MeetingMode;
  @ApiProperty({ enum: MEETING_SETTINGS, example: 'ward' }) setting: MeetingSetting;
  @ApiProperty({ enum: MEETING_STATUSES, example: 'held' }) status: MeetingStatus;
  @ApiProperty({ example: '2026-11-10T10:00:00.000Z' }) plannedStartAt: Date;
  @ApiProperty({ example: 60 }) plannedDurationMinutes: number;
  @ApiProperty({ nullable: true, type: Date, example: '2026-11-10T10:05:00.000Z' }) actualStartAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, example: '2026-11-10T11:00:00.000Z' }) actualEndAt: Date | null;
  @ApiProperty({
    type: [AttendeeDto],
    example: [
      { role: 'service_user', name: null },
      { role: 'peer_worker', name: null },
    ],
  })
  attendees: AttendeeDto[];
  @ApiProperty({ enum: MEETING_PARTIES, nullable: true, example: null }) missedBy: MeetingParty | null;
  @ApiProperty({ enum: MEETING_PARTIES, nullable: true, example: null }) cancelledBy: MeetingParty | null;
  @ApiProperty({ nullable: true, type: String, example: null, description: 'Why it was missed, cancelled or moved' })
  statusReason: string | null;
  @ApiProperty({ type: MeetingRecordResponse, nullable: true }) record: MeetingRecordResponse | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', example: null }) rescheduledFromId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', example: null }) rescheduledToId: string | null;
  @ApiProperty({ format: 'uuid', example: '1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f' }) recordedById: string;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    example: '7c3e1b2a-9d8f-4e6a-b5c4-d3e2f1a0b9c8',
    description: 'The planned contact of the community plan this meeting is (or was) for',
  })
  plannedContactId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: null,
    description: 'Why it was held without a checked-out lone-working visit, where one was needed',
  })
  loneWorkingExemptionReason: string | null;
  @ApiProperty({ example: 2 }) version: number;
  @ApiProperty({ example: '2026-11-09T09:00:00.000Z' }) createdAt: Date;
  @ApiProperty({ example: '2026-11-10T11:02:00.000Z' }) updatedAt: Date;

  static from(m: MeetingSummary): MeetingResponse {
    return Object.assign(new MeetingResponse(), {
      id: m.id,
      episodeId: m.episodeId,
      siteId: m.siteId,
      peerWorkerId: m.peerWorkerId,
      mode: m.mode,
      setting: m.setting,
      status: m.status,
      plannedStartAt: m.plannedStartAt,
      plannedDurationMinutes: m.plannedDurationMinutes,
      actualStartAt: m.actualStartAt,
      actualEndAt: m.actualEndAt,
      attendees: m.attendees,
      missedBy: m.missedBy,
      cancelledBy: m.cancelledBy,
      statusReason: m.statusReason,
      record: m.record,
      rescheduledFromId: m.rescheduledFromId,
      rescheduledToId: m.rescheduledToId,
      recordedById: m.recordedById,
      plannedContactId: m.plannedContactId ?? null,
      loneWorkingExemptionReason: m.loneWorkingExemptionReason ?? null,
      version: m.version,
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
    });
  }
}

/** One meeting as read on its own: with the note when the caller may read it (the read is audited). */
export class MeetingDetailResponse extends MeetingResponse {
  @ApiProperty({
    example: true,
    description: 'Whether the caller may read the note (the meeting’s peer worker, their coordinator, an admin)',
  })
  noteIncluded: boolean;

  @ApiProperty({ nullable: true, type: String, example: 'Talked about going home and what helped last time.' })
  note: string | null;

  static withNote(m: Meeting, noteIncluded: boolean): MeetingDetailResponse {
    return Object.assign(new MeetingDetailResponse(), MeetingResponse.from(m), {
      noteIncluded,
      note: noteIncluded ? (m.note ?? null) : null,
    });
  }
}

export class MeetingPage {
  @ApiProperty({ type: [MeetingResponse] }) items: MeetingResponse[];
  @ApiProperty({ nullable: true, type: String, example: null }) nextCursor: string | null;
}

export class MeetingTransitionResponse {
  @ApiProperty({ format: 'uuid', example: '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8' }) id: string;
  @ApiProperty({ nullable: true, enum: MEETING_STATUSES, example: 'planned' }) fromState: string | null;
  @ApiProperty({ enum: MEETING_STATUSES, example: 'cancelled' }) toState: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', example: '1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f' })
  actorId: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Cancelled by service_user: has a clinic appointment' })
  reason: string | null;
  @ApiProperty({ example: '2026-11-09T16:30:00.000Z' }) occurredAt: Date;

  static from(t: MeetingTransition): MeetingTransitionResponse {
    return Object.assign(new MeetingTransitionResponse(), {
      id: t.id,
      fromState: t.fromState,
      toState: t.toState,
      actorId: t.actorId,
      reason: t.reason,
      occurredAt: t.occurredAt,
    });
  }
}
