import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { PageQuery } from '../../common/pagination/page';
import {
  DIAGNOSIS_GROUPS,
  DIAGNOSTIC_STRATA,
  type DiagnosisGroup,
  type DiagnosticStratum,
} from '../../common/vocabulary/diagnosis';
import type { SupportEpisode } from '../entities/support-episode.entity';
import type { Readmission } from '../entities/readmission.entity';
import type { FollowUpRecord } from '../episode-ward-stays';
import type { SupportEpisodeTransition } from '../entities/support-episode-transition.entity';
import {
  ENDING_REASONS,
  type EndingReason,
  SUPPORT_EPISODE_STATES,
  type SupportEpisodeState,
} from '../support-episode.state-machine';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ReferralRequest {
  @ApiProperty({ format: 'uuid', example: '0c7d5e4f-3a2b-4c1d-9e8f-7a6b5c4d3e2f' })
  @IsUUID()
  serviceUserId: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-11-20', description: 'Defaults to today (Europe/London)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE, { message: 'referredOn must be a date (YYYY-MM-DD)' })
  referredOn?: string;

  @ApiProperty({ enum: DIAGNOSIS_GROUPS, example: 'psychotic' })
  @IsIn(DIAGNOSIS_GROUPS)
  primaryDiagnosisGroup: DiagnosisGroup;

  @ApiProperty({
    type: [String],
    format: 'date',
    example: ['2025-03-14'],
    description: 'Dates of earlier psychiatric admissions (not the current one)',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @IsISO8601({ strict: true }, { each: true })
  @Matches(DATE, { each: true, message: 'each previousAdmissionDates entry must be a date (YYYY-MM-DD)' })
  previousAdmissionDates: string[];
}

export class EligibilityCheckDto {
  @ApiProperty({ enum: ['adult', 'previous_admissions', 'diagnosis_not_excluded'], example: 'adult' }) rule: string;
  @ApiProperty({ example: true }) passed: boolean;
  @ApiProperty({ example: 'Aged 38 on the referral date; the service is for people aged 18 or over' }) explain: string;
}

export class EligibilityResponse {
  @ApiProperty({ example: true }) eligible: boolean;
  @ApiProperty({ type: [EligibilityCheckDto] }) checks: EligibilityCheckDto[];
}

export class EndingRequest {
  @ApiProperty({ enum: ENDING_REASONS, example: 'disengaged' })
  @IsIn(ENDING_REASONS)
  endingReason: EndingReason;

  @ApiPropertyOptional({
    example: 'No contact for six weeks despite letters and calls',
    description: 'Why, in words (kept in the transition history)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ReadmissionRequest {
  @ApiProperty({ format: 'date', example: '2026-12-01' })
  @IsISO8601({ strict: true })
  @Matches(DATE, { message: 'readmittedOn must be a date (YYYY-MM-DD)' })
  readmittedOn: string;
}

export class DischargeRequest {
  @ApiProperty({ format: 'date', example: '2026-11-20', description: 'The actual discharge date' })
  @IsISO8601({ strict: true })
  @Matches(DATE, { message: 'dischargedOn must be a date (YYYY-MM-DD)' })
  dischargedOn: string;
}

export class SupportEpisodeQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  serviceUserId?: string;

  @ApiPropertyOptional({ enum: SUPPORT_EPISODE_STATES })
  @IsOptional()
  @IsIn(SUPPORT_EPISODE_STATES)
  state?: SupportEpisodeState;
}

export class SupportEpisodeResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) serviceUserId: string;
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty({ enum: SUPPORT_EPISODE_STATES, example: 'awaiting_pairing' }) state: SupportEpisodeState;
  @ApiProperty({ format: 'date', example: '2026-11-20' }) referredOn: string;
  @ApiProperty({ format: 'uuid' }) referredById: string;
  @ApiProperty({ enum: DIAGNOSIS_GROUPS, example: 'psychotic' }) primaryDiagnosisGroup: DiagnosisGroup;
  @ApiProperty({ enum: DIAGNOSTIC_STRATA, example: 'psychotic' }) diagnosticStratum: DiagnosticStratum;
  @ApiProperty({ type: [String], format: 'date', example: ['2025-03-14'] }) previousAdmissionDates: string[];
  @ApiProperty({ type: EligibilityResponse }) eligibility: EligibilityResponse;
  @ApiProperty({ enum: ['none', 'randomised'], nullable: true, example: 'randomised' }) allocationMethod:
    'none' | 'randomised' | null;
  @ApiProperty({
    enum: ['peer_support', 'usual_care'],
    nullable: true,
    example: 'peer_support',
    description: 'Shown only once allocated',
  })
  allocatedArm: 'peer_support' | 'usual_care' | null;
  @ApiProperty({ nullable: true, type: Date }) allocatedAt: Date | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) peerWorkerId: string | null;
  @ApiProperty({ nullable: true, type: Date }) firstWardMeetingAt: Date | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) dischargedOn: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) readmittedOn: string | null;
  @ApiProperty({
    enum: ['community_support', 'step_down'],
    nullable: true,
    description: 'While readmitted: where support resumes after discharge',
  })
  pausedFrom: 'community_support' | 'step_down' | null;
  @ApiProperty({ enum: ENDING_REASONS, nullable: true }) endingReason: EndingReason | null;
  @ApiProperty({ nullable: true, type: Date }) endedAt: Date | null;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static from(e: SupportEpisode): SupportEpisodeResponse {
    return Object.assign(new SupportEpisodeResponse(), {
      id: e.id,
      serviceUserId: e.serviceUserId,
      siteId: e.siteId,
      state: e.state,
      referredOn: e.referredOn,
      referredById: e.referredById,
      primaryDiagnosisGroup: e.primaryDiagnosisGroup,
      diagnosticStratum: e.diagnosticStratum,
      previousAdmissionDates: e.previousAdmissionDates,
      eligibility: e.eligibility,
      allocationMethod: e.allocationMethod,
      allocatedArm: e.allocatedArm,
      allocatedAt: e.allocatedAt,
      peerWorkerId: e.peerWorkerId,
      firstWardMeetingAt: e.firstWardMeetingAt,
      dischargedOn: e.dischargedOn,
      readmittedOn: e.readmittedOn,
      pausedFrom: e.pausedFrom,
      endingReason: e.endingReason,
      endedAt: e.endedAt,
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    });
  }
}

export class SupportEpisodePage {
  @ApiProperty({ type: [SupportEpisodeResponse] }) items: SupportEpisodeResponse[];
  @ApiProperty({ nullable: true, type: String, example: null }) nextCursor: string | null;
}

export class TransitionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, enum: SUPPORT_EPISODE_STATES, example: 'referred' }) fromState: string | null;
  @ApiProperty({ enum: SUPPORT_EPISODE_STATES, example: 'awaiting_pairing' }) toState: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Allocated: routine service (no randomisation)' }) reason:
    string | null;
  @ApiProperty() occurredAt: Date;

  static from(t: SupportEpisodeTransition): TransitionResponse {
    return Object.assign(new TransitionResponse(), {
      id: t.id,
      fromState: t.fromState,
      toState: t.toState,
      actorId: t.actorId,
      reason: t.reason,
      occurredAt: t.occurredAt,
    });
  }
}

export class StratumAuditDto {
  @ApiProperty({ enum: DIAGNOSTIC_STRATA, example: 'psychotic' }) stratum: DiagnosticStratum;
  @ApiProperty({ example: 24, description: 'Allocations made so far (used places only)' }) allocationsMade: number;
  @ApiProperty({ example: 12 }) peerSupport: number;
  @ApiProperty({ example: 12 }) usualCare: number;
  @ApiProperty({
    example: true,
    description: 'Every recorded allocation equals the one regenerated from the stored seed',
  })
  reproducedFromSeed: boolean;
}

export class AllocationAuditResponse {
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty({ type: [StratumAuditDto] }) strata: StratumAuditDto[];
}

export class ReadmissionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date', example: '2026-12-01' }) readmittedOn: string;
  @ApiProperty({ format: 'date', example: '2026-11-20', description: 'The discharge it followed' })
  afterDischargeOn: string;
  @ApiProperty({ example: 11, description: 'Days from that discharge (0: readmitted the same day, which counts)' })
  daysSinceDischarge: number;
  @ApiProperty({
    enum: SUPPORT_EPISODE_STATES,
    example: 'community_support',
    description:
      'Where the episode was: community_support/step_down (support paused), ended (after support), allocated_usual_care, awaiting_pairing …',
  })
  episodeState: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'community_support',
    description: 'What it paused, if anything',
  })
  pausedFrom: string | null;
  @ApiProperty({ example: true, description: 'Within the site’s follow-up horizon from the index discharge' })
  withinFollowUp: boolean;
  @ApiProperty({ format: 'date', nullable: true, type: String, example: '2026-12-09' })
  dischargedAgainOn: string | null;
  @ApiProperty() recordedAt: Date;

  static from(r: Readmission): ReadmissionResponse {
    return {
      id: r.id,
      readmittedOn: r.readmittedOn,
      afterDischargeOn: r.afterDischargeOn,
      daysSinceDischarge: r.daysSinceDischarge,
      episodeState: r.episodeState,
      pausedFrom: r.pausedFrom,
      withinFollowUp: r.withinFollowUp,
      dischargedAgainOn: r.dischargedAgainOn,
      recordedAt: r.createdAt,
    };
  }
}

/** Both arms' follow-up record of one episode: the index discharge, the horizon, every readmission. */
export class FollowUpResponse {
  @ApiProperty({ format: 'uuid' }) episodeId: string;
  @ApiProperty({ enum: SUPPORT_EPISODE_STATES, example: 'allocated_usual_care' }) state: string;
  @ApiProperty({ nullable: true, type: String, enum: ['peer_support', 'usual_care'], example: 'usual_care' })
  allocatedArm: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String, example: '2026-11-20' })
  indexDischargeOn: string | null;
  @ApiProperty({ example: 365, description: 'The site’s readmissionFollowUpDays' }) followUpDays: number;
  @ApiProperty({ format: 'date', nullable: true, type: String, example: '2027-11-20' })
  followUpEndsOn: string | null;
  @ApiProperty({ type: [ReadmissionResponse] }) readmissions: ReadmissionResponse[];

  static from(record: FollowUpRecord): FollowUpResponse {
    return {
      episodeId: record.episode.id,
      state: record.episode.state,
      allocatedArm: record.episode.allocatedArm,
      indexDischargeOn: record.indexDischargeOn,
      followUpDays: record.followUpDays,
      followUpEndsOn: record.followUpEndsOn,
      readmissions: record.readmissions.map(ReadmissionResponse.from),
    };
  }
}
