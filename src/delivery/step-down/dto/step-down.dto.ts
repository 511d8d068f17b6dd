import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { SUPPORT_EPISODE_STATES, type SupportEpisodeState } from '../../../episodes/support-episode.state-machine';
import { SupportPlanTemplateResponse } from '../../../sites/dto/site.dto';
import {
  SUPPORT_PLAN_TEMPLATE_BOUNDS,
  type StepDownBand,
  type SupportPlanTemplate,
} from '../../../sites/support-plan-template';
import { CONTACT_PHASES, type ContactPhase } from '../community-plan';
import type { CommunityPlan } from '../step-down-plan.service';
import {
  COMMUNITY_PLAN_CHANGE_KINDS,
  CommunityPlanChange,
  type CommunityPlanChangeKind,
} from '../entities/community-plan-change.entity';
import {
  PLANNED_CONTACT_STATUSES,
  PlannedContact,
  type PlannedContactStatus,
} from '../entities/planned-contact.entity';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const B = SUPPORT_PLAN_TEMPLATE_BOUNDS;

// Types are checked here (400); the documented bounds are checked by the service (422 naming the field).
export class StepDownBandInput implements StepDownBand {
  @ApiProperty({ example: 4, minimum: B.bandWeeks.min, maximum: B.bandWeeks.max }) @IsInt() weeks: number;
  @ApiProperty({
    example: 1,
    minimum: B.bandEveryWeeks.min,
    maximum: B.bandEveryWeeks.max,
    description: 'One contact every this many weeks',
  })
  @IsInt()
  everyWeeks: number;
}

export class SupportPlanTemplateInput implements SupportPlanTemplate {
  @ApiProperty({ example: 6, minimum: B.intensiveWeeks.min, maximum: B.intensiveWeeks.max })
  @IsInt()
  intensiveWeeks: number;
  @ApiProperty({ example: 1, minimum: B.intensiveContactsPerWeek.min, maximum: B.intensiveContactsPerWeek.max })
  @IsInt()
  intensiveContactsPerWeek: number;
  @ApiProperty({
    example: 10,
    minimum: B.stepDownWeeks.min,
    maximum: B.stepDownWeeks.max,
    description: 'Step-down length, ending weeks included',
  })
  @IsInt()
  stepDownWeeks: number;

  @ApiProperty({
    type: [StepDownBandInput],
    example: [
      { weeks: 4, everyWeeks: 1 },
      { weeks: 4, everyWeeks: 2 },
    ],
    description: `${B.stepDownBandCount.min}–${B.stepDownBandCount.max} bands, each no more frequent than the one before; they must leave at least one week for the ending session`,
  })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => StepDownBandInput)
  stepDownBands: StepDownBandInput[];

  @ApiProperty({ example: 4, minimum: B.maxExtensionContacts.min, maximum: B.maxExtensionContacts.max })
  @IsInt()
  maxExtensionContacts: number;
}

export class ContactOutcomeRequest {
  @ApiProperty({ enum: ['held', 'missed'], example: 'held' })
  @IsIn(['held', 'missed'])
  outcome: 'held' | 'missed';

  @ApiPropertyOptional({
    format: 'uuid',
    example: '9b2c5e4d-3c2b-4a09-8f1e-6a1f8c2e0d7b',
    description:
      'The held meeting that fulfilled the contact, if any (a meeting held through the meetings endpoints links its contact itself)',
  })
  @IsOptional()
  @IsUUID()
  meetingId?: string;
}

export class ExtendPlanRequest {
  @ApiProperty({
    example: 2,
    minimum: 1,
    description: 'Step-down contacts to add before the ending session (the site’s template caps the total per plan)',
  })
  @IsInt()
  @Min(1)
  @Max(20)
  contacts: number;

  @ApiProperty({ example: 'Agreed with the service user: more time to settle with the new housing support' })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason: string;
}

export class EndEarlyRequest {
  @ApiProperty({ example: 'The service user has started college and asked to finish sooner' })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2027-02-01',
    description: 'Earliest day for the ending session (default: today)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE, { message: 'endingOn must be a date (YYYY-MM-DD)' })
  endingOn?: string;
}

export class RestartPlanRequest {
  @ApiProperty({ example: 'Long admission: start the community phase afresh' })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2027-01-11',
    description: 'First community day of the new plan (default: today; not before the latest discharge)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE, { message: 'startDate must be a date (YYYY-MM-DD)' })
  startDate?: string;
}

export class PlannedContactResponse {
  @ApiProperty({ format: 'uuid', example: '7c3e1b2a-9d8f-4e6a-b5c4-d3e2f1a0b9c8' }) id: string;
  @ApiProperty({ format: 'uuid', example: '0c7d5e4f-3a2b-4c1d-9e8f-7a6b5c4d3e2f' }) episodeId: string;
  @ApiProperty({ example: 1 }) sequence: number;
  @ApiProperty({ enum: CONTACT_PHASES, example: 'intensive' }) phase: ContactPhase;
  @ApiProperty({
    format: 'date',
    example: '2026-11-23',
    description: 'Europe/London calendar date: a working day of the owner, never a bank holiday',
  })
  dueOn: string;
  @ApiProperty({ format: 'date', example: '2026-11-21' }) windowStartsOn: string;
  @ApiProperty({ format: 'date', example: '2026-11-27' }) windowEndsOn: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, example: '6a1f8c2e-0d7b-4f3a-9b2c-5e4d3c2b1a09' })
  ownerPeerWorkerId: string | null;
  @ApiProperty({ enum: PLANNED_CONTACT_STATUSES, example: 'planned' }) status: PlannedContactStatus;
  @ApiProperty({ type: String, nullable: true, example: null }) statusReason: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, example: null }) outcomeRecordedById: string | null;
  @ApiProperty({ nullable: true, type: Date, example: null }) outcomeRecordedAt: Date | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    example: null,
    description: 'The held meeting that fulfilled it',
  })
  meetingId: string | null;
  @ApiProperty({ example: 1 }) version: number;

  static from(c: PlannedContact): PlannedContactResponse {
    return Object.assign(new PlannedContactResponse(), {
      id: c.id,
      episodeId: c.episodeId,
      sequence: c.sequence,
      phase: c.phase,
      dueOn: c.dueOn,
      windowStartsOn: c.windowStartsOn,
      windowEndsOn: c.windowEndsOn,
      ownerPeerWorkerId: c.ownerPeerWorkerId,
      status: c.status,
      statusReason: c.statusReason,
      outcomeRecordedById: c.outcomeRecordedById,
      outcomeRecordedAt: c.outcomeRecordedAt,
      meetingId: c.meetingId,
      version: c.version,
    });
  }
}

export class CommunityPlanChangeResponse {
  @ApiProperty({ enum: COMMUNITY_PLAN_CHANGE_KINDS, example: 'extended' }) kind: CommunityPlanChangeKind;
  @ApiProperty({ type: String, nullable: true, example: 'Agreed with the service user' }) reason: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) contactIds: string[];
  @ApiProperty({ example: { contacts: 2 } }) details: Record<string, unknown>;
  @ApiProperty({ format: 'uuid' }) actorId: string;
  @ApiProperty() occurredAt: Date;

  static from(c: CommunityPlanChange): CommunityPlanChangeResponse {
    return Object.assign(new CommunityPlanChangeResponse(), {
      kind: c.kind,
      reason: c.reason,
      contactIds: c.contactIds,
      details: c.details,
      actorId: c.actorId,
      occurredAt: c.occurredAt,
    });
  }
}

export class CommunityPlanResponse {
  @ApiProperty({ format: 'uuid' }) episodeId: string;
  @ApiProperty({ enum: SUPPORT_EPISODE_STATES, example: 'community_support' }) episodeState: SupportEpisodeState;
  @ApiProperty({ type: PlannedContactResponse, nullable: true, description: 'The next contact still planned' })
  nextPlannedContact: PlannedContactResponse | null;
  @ApiProperty({ type: [PlannedContactResponse] }) contacts: PlannedContactResponse[];
  @ApiProperty({
    type: [CommunityPlanChangeResponse],
    description: 'Generated, suspended, resumed, extended, ending brought forward, restarted … with who and why',
  })
  changes: CommunityPlanChangeResponse[];

  static from(plan: CommunityPlan): CommunityPlanResponse {
    const next = plan.contacts.find((c) => c.status === 'planned') ?? null;
    return Object.assign(new CommunityPlanResponse(), {
      episodeId: plan.episode.id,
      episodeState: plan.episode.state,
      nextPlannedContact: next ? PlannedContactResponse.from(next) : null,
      contacts: plan.contacts.map(PlannedContactResponse.from),
      changes: plan.changes.map(CommunityPlanChangeResponse.from),
    });
  }
}

export { SupportPlanTemplateResponse };
