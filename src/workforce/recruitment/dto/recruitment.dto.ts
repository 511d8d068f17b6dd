import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
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
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { ApplicationStageChange } from '../entities/application-stage-change.entity';
import type { RecruitmentApplication } from '../entities/recruitment-application.entity';
import type { RecruitmentCampaign } from '../entities/recruitment-campaign.entity';
import {
  APPLICATION_STAGES,
  ApplicationStage,
  type InterviewPanelMember,
  PANEL_MEMBER_KINDS,
  type PanelMemberKind,
  type PanelRoleVerification,
  Pathway,
  PATHWAYS,
} from '../recruitment-stage';

export class CreateCampaignRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  siteId: string;

  @ApiProperty({ example: 'Peer workers for discharge, spring 2026' })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  title: string;

  @ApiProperty({
    example: 4,
    minimum: 0,
    maximum: 100,
    description: '0 only for a campaign recruiting to the reserve: postsToFill + reservePlaces must be at least 1',
  })
  @IsInt()
  @Min(0)
  @Max(100)
  postsToFill: number;

  @ApiProperty({
    example: 2,
    minimum: 0,
    maximum: 100,
    description: 'Places in the reserve pool (trained, cleared, activated for cover)',
  })
  @IsInt()
  @Min(0)
  @Max(100)
  reservePlaces: number;

  @ApiPropertyOptional({ type: String, example: '2026-01-05', format: 'date', nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true })
  advertisedOn?: string | null;
}

export class CampaignListQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  siteId: string;
}

export class CampaignResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty({ example: 'Peer workers for discharge, spring 2026' }) title: string;
  @ApiProperty({ example: 4 }) postsToFill: number;
  @ApiProperty({ example: 2 }) reservePlaces: number;
  @ApiProperty({ type: String, example: '2026-01-05', format: 'date', nullable: true }) advertisedOn: string | null;
  @ApiProperty({ example: 1 }) version: number;

  static from(c: RecruitmentCampaign): CampaignResponse {
    return Object.assign(new CampaignResponse(), {
      id: c.id,
      siteId: c.siteId,
      title: c.title,
      postsToFill: c.postsToFill,
      reservePlaces: c.reservePlaces,
      advertisedOn: c.advertisedOn,
      version: c.version,
    });
  }
}

export class StageCount {
  @ApiProperty({ enum: APPLICATION_STAGES, example: 'in_training' }) stage: ApplicationStage;
  @ApiProperty({ example: 3 }) count: number;
}

export class CampaignFiguresResponse {
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty({ type: [StageCount], description: 'Applications at each stage (every stage listed)' })
  byStage: StageCount[];
  @ApiProperty({ example: 4 }) postsToFill: number;
  @ApiProperty({ example: 3 }) appointed: number;
  @ApiProperty({ example: 2 }) reservePlaces: number;
  @ApiProperty({ example: 1, description: 'Appointed to the reserve in this campaign' }) appointedToReserve: number;
  @ApiProperty({ example: 2, description: "The site's reserve pool now: peer workers with status reserve" })
  reservePoolSize: number;
}

export class CreateApplicationRequest {
  @ApiProperty({
    enum: PATHWAYS,
    example: 'new_recruit',
    description: 'new_recruit = Pathway 1; existing_workforce = Pathway 2',
  })
  @IsIn(PATHWAYS)
  pathway: Pathway;

  @ApiProperty({ example: 'Sam Okafor' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName: string;

  @ApiPropertyOptional({ example: 'sam.okafor@example.org' })
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ example: '07700 900123' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;
}

/** One member of an interview panel as the coordinator names them; the peer is a record (see PANEL_MEMBER_KINDS). */
export class PanelRoleVerificationResponse implements PanelRoleVerification {
  @ApiProperty({ example: 'Confirmed with Mind in Riverside’s peer support manager by email, 20 Feb' }) how: string;
  @ApiProperty({ format: 'uuid' }) verifiedById: string;
  @ApiProperty({ example: '2026-02-20', format: 'date' }) verifiedOn: string;
}

export class InterviewPanelMemberDto {
  @ApiProperty({
    enum: PANEL_MEMBER_KINDS,
    example: 'peer_worker',
    description:
      'peer_worker: a peer worker record of the site (peerWorkerId); external_peer: a peer from another organisation whose peer role you verified (name, role, organisation, roleVerifiedHow); staff: anyone else (name, role)',
  })
  @IsIn(PANEL_MEMBER_KINDS)
  kind: (typeof PANEL_MEMBER_KINDS)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'For peer_worker: the peer worker record' })
  @ValidateIf((m: InterviewPanelMemberDto) => m.kind === 'peer_worker' || m.peerWorkerId !== undefined)
  @IsUUID()
  peerWorkerId?: string;

  @ApiPropertyOptional({ example: 'Jo Mensah', description: 'For external_peer and staff (a record names itself)' })
  @ValidateIf((m: InterviewPanelMemberDto) => m.kind !== 'peer_worker' || m.name !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'Peer support lead', description: 'For external_peer and staff' })
  @ValidateIf((m: InterviewPanelMemberDto) => m.kind !== 'peer_worker' || m.role !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  role?: string;

  @ApiPropertyOptional({ example: 'Mind in Riverside', description: 'For external_peer: where they work as a peer' })
  @ValidateIf((m: InterviewPanelMemberDto) => m.kind === 'external_peer' || m.organisation !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  organisation?: string;

  @ApiPropertyOptional({
    example: 'Confirmed with Mind in Riverside’s peer support manager by email, 20 Feb',
    description: 'For external_peer: how you verified their peer role (you are recorded as the verifier)',
  })
  @ValidateIf((m: InterviewPanelMemberDto) => m.kind === 'external_peer' || m.roleVerifiedHow !== undefined)
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  roleVerifiedHow?: string;
}

export class InterviewPanelMemberResponse implements InterviewPanelMember {
  @ApiProperty({
    enum: [...PANEL_MEMBER_KINDS, 'unverified_peer'],
    example: 'peer_worker',
    description: 'unverified_peer: recorded before panels named records (the original is kept in interviewPanelLegacy)',
  })
  kind: PanelMemberKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) peerWorkerId: string | null;
  @ApiProperty({ example: 'Jo Mensah' }) name: string;
  @ApiProperty({ example: 'Peer worker' }) role: string;
  @ApiProperty({ type: String, nullable: true, example: null }) organisation: string | null;
  @ApiProperty({ type: PanelRoleVerificationResponse, nullable: true }) roleVerification: PanelRoleVerification | null;
}

export class ApplicationTransitionRequest {
  @ApiProperty({ enum: APPLICATION_STAGES, example: 'interviewed' })
  @IsIn(APPLICATION_STAGES)
  to: ApplicationStage;

  @ApiProperty({ example: 'Interviewed by a panel of three', maxLength: 1000 })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason: string;

  @ApiPropertyOptional({
    type: [InterviewPanelMemberDto],
    description:
      'Required when moving to interviewed: who sat on the panel. The peer on it is a peer worker record or an external peer with a verified role.',
    example: [
      { kind: 'peer_worker', peerWorkerId: '3f0c9d4e-8a51-4c1e-9f7a-2b6d5e4c3a21' },
      { kind: 'staff', name: 'Pat Lee', role: 'Ward manager' },
    ],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => InterviewPanelMemberDto)
  interviewPanel?: InterviewPanelMemberDto[];

  @ApiPropertyOptional({ example: '2026-02-27', format: 'date', description: 'When moving to interviewed' })
  @IsOptional()
  @IsISO8601({ strict: true })
  interviewedOn?: string;
}

export class ApplicationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty({ format: 'uuid', description: 'The peer worker record of the applicant' }) peerWorkerId: string;
  @ApiProperty({ enum: PATHWAYS, example: 'new_recruit' }) pathway: Pathway;
  @ApiProperty({ enum: APPLICATION_STAGES, example: 'expressed_interest' }) stage: ApplicationStage;
  @ApiProperty({ type: [InterviewPanelMemberResponse], nullable: true }) interviewPanel: InterviewPanelMember[] | null;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    nullable: true,
    description: 'The panel as first recorded, before panels named records (free text); null for later applications',
  })
  interviewPanelLegacy: Record<string, unknown>[] | null;
  @ApiProperty({ type: String, example: '2026-02-27', format: 'date', nullable: true }) interviewedOn: string | null;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() createdAt: Date;

  static from(a: RecruitmentApplication): ApplicationResponse {
    return Object.assign(new ApplicationResponse(), {
      id: a.id,
      campaignId: a.campaignId,
      siteId: a.siteId,
      peerWorkerId: a.peerWorkerId,
      pathway: a.pathway,
      stage: a.stage,
      interviewPanel: a.interviewPanel,
      interviewPanelLegacy: a.interviewPanelLegacy,
      interviewedOn: a.interviewedOn,
      version: a.version,
      createdAt: a.createdAt,
    });
  }
}

export class StageChangeResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: 'applied' }) fromState: string | null;
  @ApiProperty({ example: 'interviewed' }) toState: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Interviewed by a panel of three' }) reason: string | null;
  @ApiProperty() occurredAt: Date;

  static from(c: ApplicationStageChange): StageChangeResponse {
    return Object.assign(new StageChangeResponse(), {
      id: c.id,
      fromState: c.fromState,
      toState: c.toState,
      actorId: c.actorId,
      reason: c.reason,
      occurredAt: c.occurredAt,
    });
  }
}
