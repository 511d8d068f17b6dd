import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  ACTION_OWNERS,
  ACTION_STATUSES,
  type ActionOwner,
  type ActionStatus,
  type SupervisionAction,
} from '../entities/supervision-action.entity';
import { CONCERN_CATEGORIES, type ConcernCategory } from '../entities/supervision-concern.entity';
import type { GroupSupervisionSession } from '../entities/group-supervision-session.entity';
import type { IndividualSupervisionSession } from '../entities/individual-supervision-session.entity';

const ISO_DATE = { strict: true } as const;

/** A risk, safety or handover item raised in group supervision: no episode, no service user (the DTO has no such field). */
export class GroupConcernInput {
  @ApiProperty({ enum: CONCERN_CATEGORIES, example: 'safety' })
  @IsIn(CONCERN_CATEGORIES)
  category: ConcernCategory;

  @ApiProperty({ example: 'Team base door code shared too widely; change it', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  summary: string;
}

/** An item from individual supervision may name the episode it is about (the coordinator sees it in the queue). */
export class IndividualConcernInput extends GroupConcernInput {
  @ApiPropertyOptional({ format: 'uuid', description: 'The support episode the item is about (same site)' })
  @IsOptional()
  @IsUUID()
  episodeId?: string;
}

export class RecordGroupSupervisionRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  siteId: string;

  @ApiProperty({ example: '2026-11-18', format: 'date' })
  @IsISO8601(ISO_DATE)
  heldOn: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Who facilitated (default: you)' })
  @IsOptional()
  @IsUUID()
  facilitatorUserId?: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Peer workers of the site who attended' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  attendeePeerWorkerIds: string[];

  @ApiProperty({
    type: [String],
    example: ['boundaries at the weekend', 'self-care after difficult visits'],
    description: 'Themes only: never about an identifiable service user',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(300, { each: true })
  themes: string[];

  @ApiPropertyOptional({
    example: 'Agreed to share the local resource pack updates at the next session',
    maxLength: 4000,
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;

  @ApiPropertyOptional({
    type: [GroupConcernInput],
    description: 'Risk, safety or handover items for the coordinator’s queue (not linked to any episode)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => GroupConcernInput)
  concerns?: GroupConcernInput[];
}

export class AgreedActionInput {
  @ApiProperty({ example: 'Book a place on the lone-working refresher', maxLength: 1000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  description: string;

  @ApiProperty({ enum: ACTION_OWNERS, example: 'peer_worker' })
  @IsIn(ACTION_OWNERS)
  owner: ActionOwner;

  @ApiPropertyOptional({ example: 'Ward manager', description: 'Who, when the owner is `other`', maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  ownerName?: string;

  @ApiProperty({ example: '2026-12-09', format: 'date' })
  @IsISO8601(ISO_DATE)
  dueOn: string;
}

export class ActionFollowUpInput {
  @ApiProperty({ format: 'uuid', description: 'An open action from an earlier session of this peer worker' })
  @IsUUID()
  actionId: string;

  @ApiProperty({ enum: ['done', 'carried_forward', 'dropped'], example: 'carried_forward' })
  @IsIn(['done', 'carried_forward', 'dropped'])
  outcome: 'done' | 'carried_forward' | 'dropped';

  @ApiPropertyOptional({ example: 'Course full until January', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;

  @ApiPropertyOptional({ example: '2027-01-15', format: 'date', description: 'Carried forward: the new due date' })
  @IsOptional()
  @IsISO8601(ISO_DATE)
  newDueOn?: string;
}

export class RecordIndividualSupervisionRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  peerWorkerId: string;

  @ApiProperty({ example: '2026-11-20', format: 'date' })
  @IsISO8601(ISO_DATE)
  heldOn: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The supervisor: a coordinator of the site or the named deputy (default: you)',
  })
  @IsOptional()
  @IsUUID()
  supervisorUserId?: string;

  @ApiPropertyOptional({ maxLength: 8000 })
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  notes?: string;

  @ApiPropertyOptional({ type: [AgreedActionInput] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => AgreedActionInput)
  actions?: AgreedActionInput[];

  @ApiPropertyOptional({ type: [ActionFollowUpInput], description: 'Follow-up of actions agreed in earlier sessions' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => ActionFollowUpInput)
  followUps?: ActionFollowUpInput[];

  @ApiPropertyOptional({ type: [IndividualConcernInput] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => IndividualConcernInput)
  concerns?: IndividualConcernInput[];
}

export class GroupSupervisionListQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  siteId: string;
}

export class IndividualSupervisionListQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  peerWorkerId: string;
}

export class ActionListQuery {
  @ApiPropertyOptional({ enum: ACTION_STATUSES })
  @IsOptional()
  @IsIn(ACTION_STATUSES)
  status?: ActionStatus;
}

export class OverdueQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  siteId: string;
}

export class ConcernSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CONCERN_CATEGORIES, example: 'risk' }) category: ConcernCategory;
  @ApiProperty({ example: 'Service user spoke of stopping medication; agreed to raise with the care coordinator' })
  summary: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) episodeId: string | null;
  @ApiProperty({ enum: ['open', 'resolved'], example: 'open' }) state: 'open' | 'resolved';
}

export class GroupSupervisionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty({ example: '2026-11-18', format: 'date' }) heldOn: string;
  @ApiProperty({ format: 'uuid' }) facilitatorUserId: string;
  @ApiProperty({ type: [String], format: 'uuid' }) attendeePeerWorkerIds: string[];
  @ApiProperty({ type: [String], example: ['boundaries at the weekend'] }) themes: string[];
  @ApiProperty({ type: String, nullable: true, example: null }) notes: string | null;
  @ApiProperty({ type: [ConcernSummaryResponse] }) concerns: ConcernSummaryResponse[];

  static from(
    s: GroupSupervisionSession,
    attendees: string[],
    concerns: ConcernSummaryResponse[],
  ): GroupSupervisionResponse {
    return Object.assign(new GroupSupervisionResponse(), {
      id: s.id,
      siteId: s.siteId,
      heldOn: s.heldOn,
      facilitatorUserId: s.facilitatorUserId,
      attendeePeerWorkerIds: attendees,
      themes: s.themes,
      notes: s.notes,
      concerns,
    });
  }
}

export class SupervisionActionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ format: 'uuid' }) peerWorkerId: string;
  @ApiProperty({ example: 'Book a place on the lone-working refresher' }) description: string;
  @ApiProperty({ enum: ACTION_OWNERS, example: 'peer_worker' }) owner: ActionOwner;
  @ApiProperty({ type: String, nullable: true, example: null }) ownerName: string | null;
  @ApiProperty({ example: '2026-12-09', format: 'date' }) dueOn: string;
  @ApiProperty({ enum: ACTION_STATUSES, example: 'open' }) status: ActionStatus;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) carriedForwardFromId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) followedUpInSessionId: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) followUpNote: string | null;

  static from(a: SupervisionAction): SupervisionActionResponse {
    return Object.assign(new SupervisionActionResponse(), {
      id: a.id,
      sessionId: a.sessionId,
      peerWorkerId: a.peerWorkerId,
      description: a.description,
      owner: a.owner,
      ownerName: a.ownerName,
      dueOn: a.dueOn,
      status: a.status,
      carriedForwardFromId: a.carriedForwardFromId,
      followedUpInSessionId: a.followedUpInSessionId,
      followUpNote: a.followUpNote,
    });
  }
}

export class IndividualSupervisionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty({ format: 'uuid' }) peerWorkerId: string;
  @ApiProperty({ format: 'uuid' }) supervisorUserId: string;
  @ApiProperty({ example: '2026-11-20', format: 'date' }) heldOn: string;
  @ApiProperty({ type: String, nullable: true, example: null }) notes: string | null;
  @ApiProperty({ type: [SupervisionActionResponse], description: 'Actions agreed in this session' })
  actions: SupervisionActionResponse[];
  @ApiProperty({ type: [SupervisionActionResponse], description: 'Earlier actions followed up in this session' })
  followedUp: SupervisionActionResponse[];
  @ApiProperty({ type: [ConcernSummaryResponse] }) concerns: ConcernSummaryResponse[];

  static from(
    s: IndividualSupervisionSession,
    actions: SupervisionAction[],
    followedUp: SupervisionAction[],
    concerns: ConcernSummaryResponse[],
  ): IndividualSupervisionResponse {
    return Object.assign(new IndividualSupervisionResponse(), {
      id: s.id,
      siteId: s.siteId,
      peerWorkerId: s.peerWorkerId,
      supervisorUserId: s.supervisorUserId,
      heldOn: s.heldOn,
      notes: s.notes,
      actions: actions.map(SupervisionActionResponse.from),
      followedUp: followedUp.map(SupervisionActionResponse.from),
      concerns,
    });
  }
}

export class OverdueSupervisionResponse {
  @ApiProperty({ format: 'uuid' }) peerWorkerId: string;
  @ApiProperty({ example: 'Sam Okafor' }) displayName: string;
  @ApiProperty({ enum: ['group', 'individual'], example: 'individual' }) kind: 'group' | 'individual';
  @ApiProperty({ example: 30, description: "The site's expected frequency in days" }) everyDays: number;
  @ApiProperty({ type: String, example: '2026-10-01', format: 'date', nullable: true }) lastHeldOn: string | null;
  @ApiProperty({ type: String, example: '2026-10-31', format: 'date', nullable: true }) dueOn: string | null;
  @ApiProperty({ type: 'integer', example: 25, nullable: true }) daysOverdue: number | null;
  @ApiProperty({ example: false }) neverHeld: boolean;
  @ApiProperty({ example: false, description: 'The peer worker is absent today (supervision waits for their return)' })
  absentToday: boolean;
}
