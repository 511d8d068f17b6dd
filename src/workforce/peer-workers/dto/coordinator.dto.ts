import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import type { SiteCoordinator } from '../entities/site-coordinator.entity';

export class SetSiteCoordinatorRequest {
  @ApiProperty({ format: 'uuid', description: 'A coordinator user of the site' })
  @IsUUID()
  coordinatorUserId: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The named deputy who supervises when the coordinator is unavailable',
  })
  @IsOptional()
  @IsUUID()
  deputyUserId?: string | null;
}

export class SiteCoordinatorResponse {
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty({ format: 'uuid' }) coordinatorUserId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) deputyUserId: string | null;
  @ApiProperty({ example: 1 }) version: number;

  static from(c: SiteCoordinator): SiteCoordinatorResponse {
    return Object.assign(new SiteCoordinatorResponse(), {
      siteId: c.siteId,
      coordinatorUserId: c.coordinatorUserId,
      deputyUserId: c.deputyUserId,
      version: c.version,
    });
  }
}
