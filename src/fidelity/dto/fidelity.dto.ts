import { ApiProperty } from '@nestjs/swagger';
import { FIDELITY_INDICATOR_KEYS, type FidelityIndicatorKey, type FidelityUnit } from '../fidelity-indicators';

const UUID = { format: 'uuid', example: '0c7d5e4f-3a2b-4c1d-9e8f-7a6b5c4d3e2f' } as const;

export class FidelityMiss {
  @ApiProperty({ ...UUID, description: 'The unit missed: the episode, the planned contact or the peer worker' })
  subjectId: string;
  @ApiProperty({
    ...UUID,
    nullable: true,
    type: String,
    description: 'The episode behind the miss; null for a peer worker’s own indicator (supervision)',
  })
  episodeId: string | null;
  @ApiProperty({
    format: 'uri',
    nullable: true,
    type: String,
    example: 'https://enrich.example.nhs.uk/api/v1/support-episodes/0c7d5e4f-3a2b-4c1d-9e8f-7a6b5c4d3e2f',
    description: 'The episode resource to open (built from PUBLIC_BASE_URL); null when episodeId is',
  })
  episodeHref: string | null;
  @ApiProperty({ ...UUID, nullable: true, type: String }) peerWorkerId: string | null;
}

export class IndicatorFigureResponse {
  @ApiProperty({ enum: FIDELITY_INDICATOR_KEYS, example: 'first_community_meeting_within_window' })
  indicator: FidelityIndicatorKey;
  @ApiProperty({ example: 3 }) numerator: number;
  @ApiProperty({ example: 4 }) denominator: number;
  @ApiProperty({ example: 0.75, nullable: true, type: Number, description: 'null when nothing was counted' }) rate:
    number | null;
}

export class SiteIndicatorResponse extends IndicatorFigureResponse {
  @ApiProperty({ example: 'First community meeting within the window' }) name: string;
  @ApiProperty({ enum: ['episode', 'planned_contact', 'peer_worker'], example: 'episode' }) unit: FidelityUnit;
  @ApiProperty({ example: '14.1 First meeting post-discharge' }) handbookSection: string;
  @ApiProperty({ type: [FidelityMiss] }) misses: FidelityMiss[];
}

export class PeerWorkerFidelityResponse {
  @ApiProperty(UUID) peerWorkerId: string;
  @ApiProperty({ example: 'Sam Okafor' }) displayName: string;
  @ApiProperty({ example: 0.8, nullable: true, type: Number }) score: number | null;
  @ApiProperty({ type: [IndicatorFigureResponse] }) indicators: IndicatorFigureResponse[];
}

export class SiteFidelityResponse {
  @ApiProperty(UUID) siteId: string;
  @ApiProperty({ format: 'date', example: '2026-04-01' }) from: string;
  @ApiProperty({ format: 'date', example: '2026-06-30' }) to: string;
  @ApiProperty({
    example: 0.78,
    nullable: true,
    type: Number,
    description: 'Mean rate of the indicators with a denominator',
  })
  score: number | null;
  @ApiProperty({ type: [SiteIndicatorResponse] }) indicators: SiteIndicatorResponse[];
  @ApiProperty({ type: [PeerWorkerFidelityResponse] }) peerWorkers: PeerWorkerFidelityResponse[];
}

export class EpisodeIndicatorResponse extends IndicatorFigureResponse {
  @ApiProperty({ enum: ['met', 'missed', 'partly_met', 'not_applicable'], example: 'met' }) outcome:
    'met' | 'missed' | 'partly_met' | 'not_applicable';
}

export class EpisodeFidelityResponse {
  @ApiProperty(UUID) episodeId: string;
  @ApiProperty({ format: 'date', example: '2026-04-01', description: 'The referral date' }) from: string;
  @ApiProperty({ format: 'date', example: '2026-06-30', description: 'Today (Europe/London)' }) to: string;
  @ApiProperty({ example: 0.8, nullable: true, type: Number }) score: number | null;
  @ApiProperty({ type: [EpisodeIndicatorResponse] }) indicators: EpisodeIndicatorResponse[];
}
