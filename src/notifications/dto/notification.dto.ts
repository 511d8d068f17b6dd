import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/page';
import type { Notification } from '../entities/notification.entity';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' || value === true ? true : value === 'false' || value === false ? false : value;

export class NotificationQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only notifications not yet read', example: true })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  unread?: boolean;

  @ApiPropertyOptional({ description: 'Only notifications not yet acknowledged', example: true })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  unacknowledged?: boolean;

  @ApiPropertyOptional({ example: 'first_community_meeting.overdue' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  kind?: string;
}

export class NotificationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'first_community_meeting.overdue' }) kind: string;
  @ApiProperty({ example: 'support_episode' }) subjectType: string;
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) siteId: string | null;
  @ApiProperty({ example: 'First community meeting overdue: due by 2026-11-27 after discharge on 2026-11-20' })
  summary: string;
  @ApiProperty({ example: { dischargedOn: '2026-11-20', dueBy: '2026-11-27' } }) details: Record<string, unknown>;
  @ApiProperty({ example: '2026-11-28T09:00:00.000Z' }) dueAt: Date;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-28T09:00:00.412Z' }) sentAt: Date | null;
  @ApiProperty({ type: Date, nullable: true, example: null }) readAt: Date | null;
  @ApiProperty({ type: Date, nullable: true, example: null }) acknowledgedAt: Date | null;
  @ApiProperty({ example: '2026-11-28T09:00:00.412Z' }) createdAt: Date;

  static of(n: Notification): NotificationResponse {
    const {
      id,
      kind,
      subjectType,
      subjectId,
      siteId,
      summary,
      details,
      dueAt,
      sentAt,
      readAt,
      acknowledgedAt,
      createdAt,
    } = n;
    return {
      id,
      kind,
      subjectType,
      subjectId,
      siteId,
      summary,
      details,
      dueAt,
      sentAt,
      readAt,
      acknowledgedAt,
      createdAt,
    };
  }
}

export class NotificationPage {
  @ApiProperty({ type: [NotificationResponse] }) items: NotificationResponse[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}
