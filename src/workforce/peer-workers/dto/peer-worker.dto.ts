import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../../common/pagination/page';
import type { PeerWorker, Weekday, WorkingPattern } from '../entities/peer-worker.entity';
import { WEEKDAYS } from '../entities/peer-worker.entity';
import type { PeerWorkerStatusChange } from '../entities/peer-worker-status-change.entity';
import { PEER_WORKER_STATUSES, PeerWorkerStatus } from '../peer-worker-status';

/** Optional but not nullable: null would otherwise slip past @IsOptional into a NOT NULL column. */
const IfPresent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

export class WorkingPatternDto implements WorkingPattern {
  @ApiProperty({ enum: WEEKDAYS, isArray: true, example: ['mon', 'tue', 'thu'] })
  @IsArray()
  @IsIn(WEEKDAYS as Weekday[], { each: true })
  days: Weekday[];

  @ApiProperty({ type: Number, nullable: true, example: 22.5, minimum: 1, maximum: 48 })
  @IsOptional()
  @Min(1)
  @Max(48)
  hoursPerWeek: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'Not before 10:00 on Mondays' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  notes: string | null;
}

/** What a peer worker may change on their own profile: contact details and what they choose to share. */
export class SelfEditablePeerWorkerFields {
  @ApiPropertyOptional({ example: 'Sam Okafor' })
  @IfPresent()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ type: String, example: 'sam.okafor@nhs.test', nullable: true })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({ type: String, example: '07700 900123', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({ type: WorkingPatternDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => WorkingPatternDto)
  workingPattern?: WorkingPatternDto | null;

  @ApiPropertyOptional({ example: ['English', 'Yoruba'], type: [String] })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  languages?: string[];

  @ApiPropertyOptional({
    type: String,
    example: 'man',
    nullable: true,
    description: 'As the peer worker describes it; optional',
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  gender?: string | null;

  @ApiPropertyOptional({ type: String, example: '1984-03-17', nullable: true, format: 'date' })
  @IsOptional()
  @IsISO8601({ strict: true })
  dateOfBirth?: string | null;

  @ApiPropertyOptional({ type: String, example: 'Black British', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  ethnicity?: string | null;

  @ApiPropertyOptional({ example: ['hearing voices', 'homelessness'], type: [String] })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  livedExperience?: string[];

  @ApiPropertyOptional({ example: ['football', 'cooking'], type: [String] })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  interests?: string[];
}

/** Fields only a coordinator or admin sets. */
export const COORDINATOR_ONLY_FIELDS = ['wardId', 'communityTeamId', 'hasPatientNotesAccess', 'userId'] as const;

export class UpdatePeerWorkerRequest extends SelfEditablePeerWorkerFields {
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Ward they are based with (coordinator only)',
  })
  @IsOptional()
  @IsUUID()
  wardId?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Community team they are based with (coordinator only)',
  })
  @IsOptional()
  @IsUUID()
  communityTeamId?: string | null;

  @ApiPropertyOptional({
    example: false,
    description: 'Has access to electronic patient notes (handbook 8.0; coordinator only)',
  })
  @IfPresent()
  @IsBoolean()
  hasPatientNotesAccess?: boolean;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The peer_worker user account (coordinator only)',
  })
  @IsOptional()
  @IsUUID()
  userId?: string | null;
}

export class CreatePeerWorkerRequest extends OmitType(UpdatePeerWorkerRequest, ['displayName', 'userId'] as const) {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  siteId: string;

  @ApiProperty({ example: 'Sam Okafor' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName: string;
}

export class PeerWorkerListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  siteId?: string;

  @ApiPropertyOptional({ enum: PEER_WORKER_STATUSES, example: 'active' })
  @IsOptional()
  @IsIn(PEER_WORKER_STATUSES)
  status?: PeerWorkerStatus;
}

export class ChecksRequest {
  @ApiPropertyOptional({
    type: String,
    example: '2026-03-02',
    format: 'date',
    nullable: true,
    description: 'Date the DBS check cleared',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  dbsClearedOn?: string | null;

  @ApiPropertyOptional({
    type: String,
    example: '2026-03-04',
    format: 'date',
    nullable: true,
    description: 'Date Occupational Health cleared',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  occupationalHealthClearedOn?: string | null;

  @ApiPropertyOptional({
    type: String,
    example: '2025-11-01',
    format: 'date',
    nullable: true,
    description:
      'Date you verified their prior paid peer work (e.g. assigned from the existing peer workforce): they may then co-deliver training as an experienced peer worker. You are recorded as the verifier.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  experiencedPeerVerifiedOn?: string | null;
}

export class ChangeStatusRequest {
  @ApiProperty({
    enum: [
      PeerWorkerStatus.Active,
      PeerWorkerStatus.Inactive,
      PeerWorkerStatus.Reserve,
      PeerWorkerStatus.Appointed,
      PeerWorkerStatus.Left,
    ],
    example: 'active',
  })
  @IsIn(PEER_WORKER_STATUSES)
  status: PeerWorkerStatus;

  @ApiProperty({ example: 'Training, checks and induction complete; starts taking referrals', maxLength: 1000 })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason: string;
}

export class PeerWorkerResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) userId: string | null;
  @ApiProperty({ example: 'Sam Okafor' }) displayName: string;
  @ApiProperty({ type: String, nullable: true, example: 'sam.okafor@nhs.test' }) email: string | null;
  @ApiProperty({ type: String, nullable: true, example: '07700 900123' }) phone: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) wardId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) communityTeamId: string | null;
  @ApiProperty({ type: WorkingPatternDto, nullable: true }) workingPattern: WorkingPattern | null;
  @ApiProperty({ example: ['English', 'Yoruba'] }) languages: string[];
  @ApiProperty({ type: String, nullable: true, example: 'man' }) gender: string | null;
  @ApiProperty({ type: String, nullable: true, example: '1984-03-17', format: 'date' }) dateOfBirth: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Black British' }) ethnicity: string | null;
  @ApiProperty({ example: ['hearing voices'] }) livedExperience: string[];
  @ApiProperty({ example: ['football'] }) interests: string[];
  @ApiProperty({ example: false }) hasPatientNotesAccess: boolean;
  @ApiProperty({ type: String, nullable: true, example: '2026-03-10', format: 'date' }) codeOfEthicsAcknowledgedOn:
    string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-03-02', format: 'date' }) dbsClearedOn: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-03-04', format: 'date' }) occupationalHealthClearedOn:
    string | null;
  @ApiProperty({ type: String, nullable: true, example: null, format: 'date' }) experiencedPeerVerifiedOn:
    string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', example: null }) experiencedPeerVerifiedById:
    string | null;
  @ApiProperty({ enum: PEER_WORKER_STATUSES, example: 'appointed' }) status: PeerWorkerStatus;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static from(p: PeerWorker): PeerWorkerResponse {
    return Object.assign(new PeerWorkerResponse(), {
      id: p.id,
      siteId: p.siteId,
      userId: p.userId,
      displayName: p.displayName,
      email: p.email,
      phone: p.phone,
      wardId: p.wardId,
      communityTeamId: p.communityTeamId,
      workingPattern: p.workingPattern,
      languages: p.languages,
      gender: p.gender,
      dateOfBirth: p.dateOfBirth,
      ethnicity: p.ethnicity,
      livedExperience: p.livedExperience,
      interests: p.interests,
      hasPatientNotesAccess: p.hasPatientNotesAccess,
      codeOfEthicsAcknowledgedOn: p.codeOfEthicsAcknowledgedOn,
      dbsClearedOn: p.dbsClearedOn,
      occupationalHealthClearedOn: p.occupationalHealthClearedOn,
      experiencedPeerVerifiedOn: p.experiencedPeerVerifiedOn,
      experiencedPeerVerifiedById: p.experiencedPeerVerifiedById,
      status: p.status,
      version: p.version,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    });
  }
}

export class PeerWorkerPage {
  @ApiProperty({ type: [PeerWorkerResponse] }) items: PeerWorkerResponse[];
  @ApiProperty({ nullable: true, type: String, example: null }) nextCursor: string | null;
}

export class StatusChangeResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: 'in_training' }) fromState: string | null;
  @ApiProperty({ example: 'appointed' }) toState: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Appointed to role after interview' }) reason: string | null;
  @ApiProperty() occurredAt: Date;

  static from(
    c:
      | PeerWorkerStatusChange
      | {
          id: string;
          fromState: string | null;
          toState: string;
          actorId: string | null;
          reason: string | null;
          occurredAt: Date;
        },
  ): StatusChangeResponse {
    return Object.assign(new StatusChangeResponse(), {
      id: c.id,
      fromState: c.fromState,
      toState: c.toState,
      actorId: c.actorId,
      reason: c.reason,
      occurredAt: c.occurredAt,
    });
  }
}
