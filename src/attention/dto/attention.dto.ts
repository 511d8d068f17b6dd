import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { escalationLevelOf } from '../attention-escalation';
import { ATTENTION_KINDS, type AttentionItem, type AttentionKind } from '../entities/attention-item.entity';

export class AttentionQuery {
  @ApiPropertyOptional({ enum: ['open', 'resolved'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'resolved'])
  state?: 'open' | 'resolved';
}

export class ResolveAttentionRequest {
  @ApiProperty({ example: 'Re-paired with Sam Okafor; service user informed by phone', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  resolution: string;
}

export class AttentionItemResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty({ format: 'uuid' }) episodeId: string;
  @ApiProperty({ format: 'uuid' }) serviceUserId: string;
  @ApiProperty({ enum: ATTENTION_KINDS, example: 'peer_worker_left' }) kind: AttentionKind;
  @ApiProperty({ example: 'The paired peer worker left: re-pair or cover' }) summary: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { peerWorkerId: '7d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a' },
  })
  details: Record<string, unknown>;
  @ApiProperty({ enum: ['open', 'resolved'], example: 'open' }) state: 'open' | 'resolved';
  @ApiProperty({ example: '2026-11-20T10:00:00.000Z' }) openedAt: Date;
  @ApiProperty({
    example: 2,
    description:
      'Whole days (Europe/London) the item has waited: 0 on the day it opened, rising each day until resolved (the daily digest re-notifies the coordinator at each level)',
  })
  escalationLevel: number;
  @ApiProperty({ nullable: true, type: String, example: null }) resolution: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', example: null }) resolvedById: string | null;
  @ApiProperty({ nullable: true, type: Date, example: null }) resolvedAt: Date | null;

  static from(i: AttentionItem): AttentionItemResponse {
    return Object.assign(new AttentionItemResponse(), {
      id: i.id,
      siteId: i.siteId,
      episodeId: i.episodeId,
      serviceUserId: i.serviceUserId,
      kind: i.kind,
      summary: i.summary,
      details: i.details,
      state: i.state,
      openedAt: i.createdAt,
      escalationLevel: escalationLevelOf(i.createdAt, i.resolvedAt ?? new Date()),
      resolution: i.resolution,
      resolvedById: i.resolvedById,
      resolvedAt: i.resolvedAt,
    });
  }
}
