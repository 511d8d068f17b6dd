import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import {
  CONCERN_CATEGORIES,
  type ConcernCategory,
  type SupervisionConcern,
} from '../entities/supervision-concern.entity';

export class CoordinatorQueueQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  siteId: string;

  @ApiPropertyOptional({ enum: ['open', 'resolved'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'resolved'])
  state?: 'open' | 'resolved';
}

export class ResolveQueueItemRequest {
  @ApiProperty({
    example: 'Raised with the care coordinator; crisis plan updated by the service user',
    maxLength: 2000,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  resolution: string;
}

export class QueueItemResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty({
    enum: ['supervision_concern'],
    example: 'supervision_concern',
    description: 'What put the item in the queue',
  })
  source: 'supervision_concern';
  @ApiProperty({ enum: CONCERN_CATEGORIES, example: 'risk' }) category: ConcernCategory;
  @ApiProperty({ example: 'Service user spoke of stopping medication' }) summary: string;
  @ApiProperty({ enum: ['group', 'individual'], example: 'individual' }) raisedIn: 'group' | 'individual';
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) sessionId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) peerWorkerId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) episodeId: string | null;
  @ApiProperty({ format: 'uuid' }) raisedById: string;
  @ApiProperty({ example: '2026-11-20T10:00:00.000Z' }) raisedAt: Date;
  @ApiProperty({ enum: ['open', 'resolved'], example: 'open' }) state: 'open' | 'resolved';
  @ApiProperty({ type: String, nullable: true, example: null }) resolution: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) resolvedById: string | null;
  @ApiProperty({ type: Date, nullable: true, example: null }) resolvedAt: Date | null;

  static from(c: SupervisionConcern): QueueItemResponse {
    return Object.assign(new QueueItemResponse(), {
      id: c.id,
      siteId: c.siteId,
      source: 'supervision_concern',
      category: c.category,
      summary: c.summary,
      raisedIn: c.raisedIn,
      sessionId: c.individualSessionId ?? c.groupSessionId,
      peerWorkerId: c.peerWorkerId,
      episodeId: c.episodeId,
      raisedById: c.raisedById,
      raisedAt: c.createdAt,
      state: c.state,
      resolution: c.resolution,
      resolvedById: c.resolvedById,
      resolvedAt: c.resolvedAt,
    });
  }
}

export class CoordinatorQueueResponse {
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'Who the queue is for now: the coordinator, or the deputy while the coordinator is absent (null if the site names no coordinator)',
  })
  responsibleUserId: string | null;
  @ApiProperty({ enum: ['coordinator', 'deputy'], nullable: true, example: 'coordinator' }) responsibleAs:
    'coordinator' | 'deputy' | null;
  @ApiProperty({
    type: [QueueItemResponse],
    description: 'Risk first, then safety, then handover; oldest first within each',
  })
  items: QueueItemResponse[];
}
