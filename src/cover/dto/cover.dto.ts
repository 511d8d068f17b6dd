import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { AvailabilityWindowDto, ExclusionDto, SuggestionDto } from '../../pairing/dto/pairing.dto';
import {
  COVER_ARRANGEMENTS,
  type CoverArrangement,
  type CoverArrangementKind,
  type CoverArrangementState,
} from '../entities/cover-arrangement.entity';
import { HANDOVER_DIRECTIONS, type HandoverDirection, type HandoverNote } from '../entities/handover-note.entity';

export class ArrangementRequest {
  @ApiProperty({ format: 'uuid', example: '0c7d5e4f-3a2b-4c1d-9e8f-7a6b5c4d3e2f' })
  @IsUUID()
  episodeId: string;

  @ApiProperty({
    enum: COVER_ARRANGEMENTS,
    example: 'cover',
    description: 'Short-term: cover or pause. Long-term: cover (a reserve or colleague) or repair',
  })
  @IsIn(COVER_ARRANGEMENTS)
  arrangement: CoverArrangementKind;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The covering (or new) peer worker; omit for a pause',
    example: '6a1f8c2e-0d7b-4f3a-9b2c-5e4d3c2b1a09',
  })
  @IsOptional()
  @IsUUID()
  peerWorkerId?: string;

  @ApiPropertyOptional({
    example: false,
    description: 'Required true for a pause: the service user has been told contact pauses',
  })
  @IsOptional()
  @IsBoolean()
  serviceUserInformed?: boolean;

  @ApiPropertyOptional({ example: 'Rae knows the service user from the ward', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class ConfirmCoverPlanRequest {
  @ApiProperty({
    type: [ArrangementRequest],
    description: 'One per affected episode not yet arranged: every one must be named',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ArrangementRequest)
  arrangements: ArrangementRequest[];
}

export class CoverArrangementResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) absenceId: string;
  @ApiProperty({ format: 'uuid' }) episodeId: string;
  @ApiProperty({ format: 'uuid' }) absentPeerWorkerId: string;
  @ApiProperty({ enum: COVER_ARRANGEMENTS, example: 'cover' }) arrangement: CoverArrangementKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) coveringPeerWorkerId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The cover (or new primary) pairing' })
  pairingId: string | null;
  @ApiProperty({ example: false }) reserveActivated: boolean;
  @ApiProperty({ example: false }) serviceUserInformed: boolean;
  @ApiProperty({ enum: ['short_term', 'long_term'], example: 'short_term' }) termAtConfirmation:
    'short_term' | 'long_term';
  @ApiProperty({ type: String, nullable: true, example: 'Rae knows the service user from the ward' }) reason:
    string | null;
  @ApiProperty({ format: 'date', example: '2026-12-21' }) startsOn: string;
  @ApiProperty({ enum: ['active', 'ended'], example: 'active' }) state: CoverArrangementState;
  @ApiProperty({ format: 'uuid' }) confirmedById: string;
  @ApiProperty({ type: Date, nullable: true, example: null }) endedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, example: null }) endReason: string | null;
  @ApiProperty({
    enum: ['not_needed', 'not_written', 'unacknowledged', 'acknowledged'],
    example: 'unacknowledged',
    description: 'The handover to the covering peer worker',
  })
  handover: HandoverStatus;
  @ApiProperty({
    enum: ['not_needed', 'not_written', 'unacknowledged', 'acknowledged'],
    example: 'not_written',
    description: 'The hand-back to the regular peer worker',
  })
  handBack: HandoverStatus;

  static from(
    a: CoverArrangement,
    notes: { handover: HandoverStatus; handBack: HandoverStatus },
  ): CoverArrangementResponse {
    return Object.assign(new CoverArrangementResponse(), {
      id: a.id,
      absenceId: a.absenceId,
      episodeId: a.episodeId,
      absentPeerWorkerId: a.absentPeerWorkerId,
      arrangement: a.arrangement,
      coveringPeerWorkerId: a.coveringPeerWorkerId,
      pairingId: a.pairingId,
      reserveActivated: a.reserveActivated,
      serviceUserInformed: a.serviceUserInformed,
      termAtConfirmation: a.termAtConfirmation,
      reason: a.reason,
      startsOn: a.startsOn,
      state: a.state,
      confirmedById: a.confirmedById,
      endedAt: a.endedAt,
      endReason: a.endReason,
      ...notes,
    });
  }
}

export type HandoverStatus = 'not_needed' | 'not_written' | 'unacknowledged' | 'acknowledged';

export class CoverSuggestionsDto {
  @ApiProperty({ type: AvailabilityWindowDto, description: 'Candidates absent on any day of this window are left out' })
  availabilityWindow: AvailabilityWindowDto;
  @ApiProperty({
    type: [SuggestionDto],
    description: 'Best first: ready, present, under the cap, the service user’s "must" preferences met',
  })
  suggestions: SuggestionDto[];
  @ApiProperty({ type: [ExclusionDto] }) excluded: ExclusionDto[];
}

export class AffectedEpisodeDto {
  @ApiProperty({ format: 'uuid' }) episodeId: string;
  @ApiProperty({ format: 'uuid' }) serviceUserId: string;
  @ApiProperty({ example: 'Jordan Smith' }) serviceUserDisplayName: string;
  @ApiProperty({ example: 'community_support' }) state: string;
  @ApiProperty({
    example: 2,
    description:
      'Planned contacts owned by the absent peer worker due by the end of the window (outstanding ones included)',
  })
  plannedContactsInWindow: number;
  @ApiProperty({ example: 1, description: 'Planned meetings of the absent peer worker in the window' })
  plannedMeetingsInWindow: number;
  @ApiProperty({
    type: CoverArrangementResponse,
    nullable: true,
    description: 'The confirmed arrangement, or null while it still needs one',
  })
  arrangement: CoverArrangementResponse | null;
  @ApiProperty({ type: CoverSuggestionsDto, nullable: true, description: 'Who could cover (null once arranged)' })
  suggestions: CoverSuggestionsDto | null;
}

export class CoverPlanResponse {
  @ApiProperty({ format: 'uuid' }) absenceId: string;
  @ApiProperty({ format: 'uuid' }) absentPeerWorkerId: string;
  @ApiProperty({ example: 'active' }) absenceState: string;
  @ApiProperty({ enum: ['short_term', 'long_term'], example: 'short_term' }) term: 'short_term' | 'long_term';
  @ApiProperty({
    type: AvailabilityWindowDto,
    description: 'The days covered: first day of absence to the expected last day (9999-12-31 while open-ended)',
  })
  window: AvailabilityWindowDto;
  @ApiProperty({
    isArray: true,
    enum: COVER_ARRANGEMENTS,
    example: ['cover', 'pause'],
    description: 'What this term allows',
  })
  allowedArrangements: CoverArrangementKind[];
  @ApiProperty({ example: false, description: 'True when every affected episode has an arrangement' })
  confirmed: boolean;
  @ApiProperty({
    example: false,
    description: 'The absence changed term since an arrangement was confirmed (e.g. became long-term): review the plan',
  })
  reviewNeeded: boolean;
  @ApiProperty({ type: [AffectedEpisodeDto] }) episodes: AffectedEpisodeDto[];
}

export class WriteHandoverRequest {
  @ApiProperty({
    example:
      'Has said the anniversary of her mother’s death (14 Dec) is hard; crisis plan shared with the CMHT. No safeguarding concerns open.',
    maxLength: 4000,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  riskAndSafety: string;

  @ApiPropertyOptional({ example: 'Settling at home; going to the Tuesday walking group with me.', maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  currentSituation?: string;

  @ApiPropertyOptional({ example: 'Planned contact on 22 Dec by phone; GP review on 23 Dec.', maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comingUp?: string;

  @ApiPropertyOptional({
    example: 'Prefers texts before calls; would like to keep the walking group going.',
    maxLength: 4000,
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  serviceUserWishes?: string;
}

export class HandoverNoteResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) arrangementId: string;
  @ApiProperty({ format: 'uuid' }) absenceId: string;
  @ApiProperty({ format: 'uuid' }) episodeId: string;
  @ApiProperty({ enum: HANDOVER_DIRECTIONS, example: 'handover' }) direction: HandoverDirection;
  @ApiProperty({ format: 'uuid' }) toPeerWorkerId: string;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty({ example: 'No safeguarding concerns open.' }) riskAndSafety: string;
  @ApiProperty({ type: String, nullable: true, example: 'Settling at home.' }) currentSituation: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Planned contact on 22 Dec.' }) comingUp: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Prefers texts before calls.' }) serviceUserWishes:
    string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ type: Date, nullable: true, example: null }) acknowledgedAt: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null }) acknowledgedById: string | null;

  static from(n: HandoverNote): HandoverNoteResponse {
    return Object.assign(new HandoverNoteResponse(), {
      id: n.id,
      arrangementId: n.arrangementId,
      absenceId: n.absenceId,
      episodeId: n.episodeId,
      direction: n.direction,
      toPeerWorkerId: n.toPeerWorkerId,
      authorId: n.authorId,
      riskAndSafety: n.riskAndSafety,
      currentSituation: n.currentSituation,
      comingUp: n.comingUp,
      serviceUserWishes: n.serviceUserWishes,
      createdAt: n.createdAt,
      acknowledgedAt: n.acknowledgedAt,
      acknowledgedById: n.acknowledgedById,
    });
  }
}
