import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { CommunityTeam } from '../entities/community-team.entity';
import type { Ward } from '../entities/ward.entity';

export class CreateWardRequest {
  @ApiProperty({ example: 'Willow Ward' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;
}

export class CreateCommunityTeamRequest {
  @ApiProperty({ example: 'East Community Mental Health Team' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;
}

/** A ward or a community team: the units of a site. */
export class SiteUnitResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty({ example: 'Willow Ward' }) name: string;
  @ApiProperty({ example: true }) active: boolean;
  @ApiProperty({ example: 1 }) version: number;

  static from(unit: Ward | CommunityTeam): SiteUnitResponse {
    return Object.assign(new SiteUnitResponse(), {
      id: unit.id,
      siteId: unit.siteId,
      name: unit.name,
      active: unit.active,
      version: unit.version,
    });
  }
}
