import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/page';
import {
  ABSENCE_KINDS,
  ABSENCE_STATES,
  ABSENCE_SUBJECTS,
  type AbsenceKind,
  type AbsenceState,
  type AbsenceSubject,
} from '../absence.state-machine';
import type { AbsenceTermAssessment } from '../absence-term';
import type { Absence } from '../entities/absence.entity';
import type { AbsenceTransition } from '../entities/absence-transition.entity';

const ISO_DATE = { strict: true } as const;

export class RecordAbsenceRequest {
  @ApiProperty({
    enum: ABSENCE_SUBJECTS,
    example: 'peer_worker',
    description: 'A peer worker, or the coordinator/deputy (give userId)',
  })
  @IsIn(ABSENCE_SUBJECTS)
  subject: AbsenceSubject;

  @ApiPropertyOptional({ format: 'uuid', description: 'The absent peer worker (subject peer_worker)' })
  @IsOptional()
  @IsUUID()
  peerWorkerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The absent coordinator or deputy (subject coordinator)' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The site (required for subject coordinator; a peer worker absence takes the peer worker’s site)',
  })
  @IsOptional()
  @IsUUID()
  siteId?: string;

  @ApiProperty({ enum: ABSENCE_KINDS, example: 'annual_leave' })
  @IsIn(ABSENCE_KINDS)
  kind: AbsenceKind;

  @ApiProperty({
    example: true,
    description: 'Arranged in advance (e.g. annual leave) rather than unplanned (e.g. sickness reported on the day)',
  })
  @IsBoolean()
  planned: boolean;

  @ApiProperty({ example: '2026-12-21', format: 'date' })
  @IsISO8601(ISO_DATE)
  startsOn: string;

  @ApiPropertyOptional({
    type: String,
    example: '2027-01-03',
    format: 'date',
    nullable: true,
    description: 'Expected last day of absence; omit or null for open-ended',
  })
  @IsOptional()
  @IsISO8601(ISO_DATE)
  expectedEndOn?: string | null;

  @ApiPropertyOptional({
    example: 'Christmas leave',
    maxLength: 500,
    description: 'No medical detail: that stays with Occupational Health',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class ChangeExpectedEndRequest {
  @ApiProperty({
    type: String,
    example: '2027-01-10',
    format: 'date',
    nullable: true,
    description: 'New expected last day; null for open-ended',
  })
  @IsOptional()
  @IsISO8601(ISO_DATE)
  expectedEndOn: string | null;
}

export class AbsenceTransitionRequest {
  @ApiProperty({ enum: ['active', 'ended', 'cancelled'], example: 'ended' })
  @IsIn(['active', 'ended', 'cancelled'])
  to: Exclude<AbsenceState, 'planned'>;

  @ApiProperty({ example: 'Back at work after the leave', maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;

  @ApiPropertyOptional({ example: '2027-01-03', format: 'date', description: 'Ending: the last day of absence' })
  @IsOptional()
  @IsISO8601(ISO_DATE)
  endedOn?: string;
}

export class AbsenceListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  siteId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  peerWorkerId?: string;

  @ApiPropertyOptional({ enum: ABSENCE_STATES })
  @IsOptional()
  @IsIn(ABSENCE_STATES)
  state?: AbsenceState;
}

export class AbsenceTermResponse {
  @ApiProperty({ enum: ['short_term', 'long_term'], example: 'short_term' }) term: 'short_term' | 'long_term';
  @ApiProperty({ example: 14 }) lengthDays: number;
  @ApiProperty({ enum: ['actual_end', 'expected_end', 'open_ended_so_far'], example: 'expected_end' })
  basis: AbsenceTermAssessment['basis'];
  @ApiProperty({ type: String, example: null, nullable: true, format: 'date' }) becomesLongTermOn: string | null;
  @ApiProperty({ example: 14, description: "The site's short-term threshold (shortTermAbsenceMaxDays)" })
  shortTermMaxDays: number;
}

export class AbsenceResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty({ enum: ABSENCE_SUBJECTS, example: 'peer_worker' }) subject: AbsenceSubject;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) peerWorkerId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) userId: string | null;
  @ApiProperty({ enum: ABSENCE_KINDS, example: 'annual_leave' }) kind: AbsenceKind;
  @ApiProperty({ example: true }) planned: boolean;
  @ApiProperty({ example: '2026-12-21', format: 'date' }) startsOn: string;
  @ApiProperty({ type: String, example: '2027-01-03', format: 'date', nullable: true }) expectedEndOn: string | null;
  @ApiProperty({ type: String, example: null, format: 'date', nullable: true }) endedOn: string | null;
  @ApiProperty({ enum: ABSENCE_STATES, example: 'planned' }) state: AbsenceState;
  @ApiProperty({ type: String, example: 'Christmas leave', nullable: true }) note: string | null;
  @ApiProperty({ type: AbsenceTermResponse }) term: AbsenceTermResponse;
  @ApiProperty({ format: 'uuid' }) recordedById: string;
  @ApiProperty({ example: 1 }) version: number;

  static from(a: Absence, term: AbsenceTermAssessment & { shortTermMaxDays: number }): AbsenceResponse {
    return Object.assign(new AbsenceResponse(), {
      id: a.id,
      siteId: a.siteId,
      subject: a.subject,
      peerWorkerId: a.peerWorkerId,
      userId: a.userId,
      kind: a.kind,
      planned: a.planned,
      startsOn: a.startsOn,
      expectedEndOn: a.expectedEndOn,
      endedOn: a.endedOn,
      state: a.state,
      note: a.note,
      term,
      recordedById: a.recordedById,
      version: a.version,
    });
  }
}

export class AbsencePage {
  @ApiProperty({ type: [AbsenceResponse] }) items: AbsenceResponse[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

export class AbsenceTransitionResponse {
  @ApiProperty({ type: String, example: 'planned', nullable: true }) fromState: string | null;
  @ApiProperty({ example: 'active' }) toState: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId: string | null;
  @ApiProperty({ type: String, example: 'Leave began', nullable: true }) reason: string | null;
  @ApiProperty({ example: '2026-12-21T08:00:00.000Z' }) occurredAt: Date;

  static from(t: AbsenceTransition): AbsenceTransitionResponse {
    return Object.assign(new AbsenceTransitionResponse(), {
      fromState: t.fromState,
      toState: t.toState,
      actorId: t.actorId,
      reason: t.reason,
      occurredAt: t.occurredAt,
    });
  }
}

export class SupportRoutingResponse {
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty({ example: '2026-12-22T10:00:00.000Z' }) at: Date;
  @ApiProperty({ format: 'uuid', description: 'Who supervision and urgent support go to now' })
  responsibleUserId: string;
  @ApiProperty({ enum: ['coordinator', 'deputy'], example: 'deputy' }) responsibleAs: 'coordinator' | 'deputy';
  @ApiProperty({ format: 'uuid' }) coordinatorUserId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) deputyUserId: string | null;
  @ApiProperty({ example: true }) coordinatorAbsent: boolean;
  @ApiProperty({ example: false }) deputyAbsent: boolean;
  @ApiProperty({
    example: false,
    description: 'True when the coordinator is away and no deputy is available: escalate beyond the team',
  })
  uncovered: boolean;
}
