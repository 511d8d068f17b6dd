import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { SupportEpisodeResponse } from '../../episodes/dto/support-episode.dto';
import { SUPPORT_EPISODE_STATES, type SupportEpisodeState } from '../../episodes/support-episode.state-machine';
import { PAIRING_KINDS, type Pairing, type PairingKind } from '../entities/pairing.entity';
import { OVERRIDABLE_PAIRING_RULES, type ExclusionRule } from '../rank-peer-workers';

export class PairRequest {
  @ApiProperty({ format: 'uuid', example: '7d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a' })
  @IsUUID()
  peerWorkerId: string;

  @ApiPropertyOptional({
    example: 'Matched at the preference meeting: shared experience of being a parent',
    description: 'Why; required when re-pairing an episode that already has a peer worker',
    maxLength: 2000,
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({
    example:
      'Only Urdu-speaking peer worker is on leave for a week; service user agreed to start with Sam and switch on her return',
    description:
      'A coordinator pairing against a hard rule (a "must" preference unmet, or the peer worker absent across the expected start) must say why. ' +
      'Recorded on the pairing (`overriddenRules`, `overrideReason`) and audited; without it such a pairing is refused (422 naming the rule).',
    maxLength: 2000,
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  overrideReason?: string;
}

export class PairingResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) episodeId: string;
  @ApiProperty({ format: 'uuid' }) peerWorkerId: string;
  @ApiProperty({ enum: PAIRING_KINDS, example: 'primary' }) kind: PairingKind;
  @ApiProperty() startedAt: Date;
  @ApiProperty({ nullable: true, type: Date, description: 'Null while current' }) endedAt: Date | null;
  @ApiProperty({ nullable: true, type: String, example: 'Matched at the preference meeting' }) reason: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Peer worker moved to another team' }) endReason: string | null;
  @ApiProperty({ format: 'uuid' }) startedById: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) endedById: string | null;
  @ApiProperty({
    type: [String],
    enum: OVERRIDABLE_PAIRING_RULES,
    example: [],
    description: 'Hard rules the coordinator paired against (empty when none)',
  })
  overriddenRules: string[];
  @ApiProperty({ nullable: true, type: String, example: null, description: 'Why the coordinator overrode them' })
  overrideReason: string | null;

  static from(p: Pairing): PairingResponse {
    return Object.assign(new PairingResponse(), {
      id: p.id,
      episodeId: p.episodeId,
      peerWorkerId: p.peerWorkerId,
      kind: p.kind,
      startedAt: p.startedAt,
      endedAt: p.endedAt,
      reason: p.reason,
      endReason: p.endReason,
      startedById: p.startedById,
      endedById: p.endedById,
      overriddenRules: p.overriddenRules,
      overrideReason: p.overrideReason,
    });
  }
}

export class PairResponse {
  @ApiProperty({ type: SupportEpisodeResponse }) episode: SupportEpisodeResponse;
  @ApiProperty({ type: PairingResponse }) pairing: PairingResponse;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The peer worker this replaced, when re-pairing',
  })
  previousPeerWorkerId: string | null;
}

export class ScoreReasonDto {
  @ApiProperty({
    example: 'nice_to_have_met',
    enum: [
      'must_preference_met',
      'nice_to_have_met',
      'nice_to_have_unmet',
      'nice_to_have_not_wanted',
      'remaining_capacity',
      'proximity',
    ],
  })
  rule: string;
  @ApiProperty({ example: 10, description: 'Points this adds to the score; tie-breaks add 0' }) points: number;
  @ApiProperty({ example: 'Meets the "nice to have": shared experience "parent"' }) explain: string;
}

export class SuggestionDto {
  @ApiProperty({ format: 'uuid' }) peerWorkerId: string;
  @ApiProperty({ example: 'Sam Okafor' }) displayName: string;
  @ApiProperty({ example: 20, description: 'Sum of the points of `reasons`' }) score: number;
  @ApiProperty({ example: 4, description: 'Caseload places free under the site’s cap (first tie-break)' })
  remainingCapacity: number;
  @ApiProperty({ example: true, description: 'Based on the service user’s ward (second tie-break)' }) sameWard: boolean;
  @ApiProperty({ type: [ScoreReasonDto] }) reasons: ScoreReasonDto[];
}

export class ExclusionDto {
  @ApiProperty({ format: 'uuid' }) peerWorkerId: string;
  @ApiProperty({ example: 'Alex Brown' }) displayName: string;
  @ApiProperty({
    enum: ['excluded_by_request', 'other_site', 'not_ready', 'absent', 'at_caseload_cap', 'must_preference_unmet'],
    example: 'at_caseload_cap',
  })
  rule: ExclusionRule;
  @ApiProperty({ example: 'At the caseload cap (6 of 6)' }) explain: string;
}

export class AvailabilityWindowDto {
  @ApiProperty({ format: 'date', example: '2026-11-20' }) from: string;
  @ApiProperty({ format: 'date', example: '2026-11-26' }) to: string;
}

export class PairingSuggestionsResponse {
  @ApiProperty({ format: 'uuid' }) episodeId: string;
  @ApiProperty({ enum: PAIRING_KINDS, example: 'primary' }) kind: PairingKind;
  @ApiProperty({ example: 6 }) caseloadCap: number;
  @ApiProperty({
    type: AvailabilityWindowDto,
    description: 'Peer workers absent at any time in this window are left out',
  })
  availabilityWindow: AvailabilityWindowDto;
  @ApiProperty({ type: [SuggestionDto], description: 'Best first' }) suggestions: SuggestionDto[];
  @ApiProperty({ type: [ExclusionDto], description: 'Peer workers of the site left out, and why' })
  excluded: ExclusionDto[];
}

export class CaseloadEntryDto {
  @ApiProperty({ format: 'uuid', example: '0c7d5e4f-3a2b-4c1d-9e8f-7a6b5c4d3e2f' }) episodeId: string;
  @ApiProperty({ enum: SUPPORT_EPISODE_STATES, example: 'community_support' }) state: SupportEpisodeState;
  @ApiProperty({ format: 'uuid', example: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a' }) serviceUserId: string;
  @ApiProperty({ example: 'Jo Bloggs' }) serviceUserDisplayName: string;
  @ApiProperty({ enum: PAIRING_KINDS, example: 'primary', description: '`cover` while covering a colleague’s absence' })
  pairingKind: PairingKind;
  @ApiProperty({ example: '2026-11-06T09:30:00.000Z' }) pairedSince: Date;
  @ApiProperty({
    nullable: true,
    type: Date,
    example: '2026-11-26T00:00:00.000Z',
    description:
      'The earliest still-planned meeting or community-plan contact: a planned meeting by its planned start; a planned contact without a meeting by the start of its due day (Europe/London). ' +
      'An overdue item stays until it is recorded, so a past date means something is overdue. Null when nothing is planned.',
  })
  nextPlannedContact: Date | null;
  @ApiProperty({ nullable: true, type: String, format: 'date', example: '2026-11-20' }) dischargedOn: string | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 12,
    description:
      'Whole days since the discharge, in community support or the step-down; null before discharge and while readmitted',
  })
  daysSinceDischarge: number | null;
}

export class CaseloadResponse {
  @ApiProperty({ format: 'uuid' }) peerWorkerId: string;
  @ApiProperty({ example: 6 }) caseloadCap: number;
  @ApiProperty({
    type: [CaseloadEntryDto],
    description: 'Open episodes the peer worker holds now (primary or cover), oldest pairing first',
  })
  episodes: CaseloadEntryDto[];
}
