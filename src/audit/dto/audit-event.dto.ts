import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../../common/pagination/page';
import type { AuditEvent } from '../entities/audit-event.entity';

export class AuditEventQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only events by this actor' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only events about this service user' })
  @IsOptional()
  @IsUUID()
  serviceUserId?: string;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'From this time (inclusive)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'from must be an ISO 8601 date-time' })
  from?: Date;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'Before this time (exclusive)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'to must be an ISO 8601 date-time' })
  to?: Date;
}

export class AuditEventResponse {
  @ApiProperty({ example: '1042' }) id: string;
  @ApiProperty() occurredAt: Date;
  @ApiProperty({ nullable: true, format: 'uuid', type: String }) actorId: string | null;
  @ApiProperty({ example: 'user', enum: ['user', 'client', 'system'] }) actorKind: string;
  @ApiProperty({ example: ['coordinator'], type: [String] }) actorRoles: string[];
  @ApiProperty({ example: 'service_user.read' }) action: string;
  @ApiProperty({ example: 'service_user' }) resourceType: string;
  @ApiProperty({ nullable: true, type: String }) resourceId: string | null;
  @ApiProperty({ nullable: true, format: 'uuid', type: String }) serviceUserId: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ enum: ['success', 'denied', 'failed'] }) outcome: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { fields: ['displayName'] } }) details: Record<
    string,
    unknown
  >;

  static from(event: AuditEvent): AuditEventResponse {
    return Object.assign(new AuditEventResponse(), {
      ...event,
      actorRoles: event.actorRoles ? event.actorRoles.split(',') : [],
    });
  }
}

export class AuditEventPage {
  @ApiProperty({ type: [AuditEventResponse] }) items: AuditEventResponse[];
  @ApiProperty({ nullable: true, type: String, example: null }) nextCursor: string | null;
}
