import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { ServiceUserPlan } from '../entities/service-user-plan.entity';
import type { ServiceUserPlanVersion } from '../entities/service-user-plan-version.entity';
import { PLAN_KINDS, type PlanKind } from '../plan-kinds';

export class PlanSectionDto {
  @ApiProperty({ example: 'Early warning signs' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  heading: string;

  @ApiProperty({ example: 'Not sleeping for two nights; stopping answering the phone.' })
  @IsString()
  @MaxLength(10000)
  text: string;
}

const SECTIONS_EXAMPLE = [
  { heading: 'Early warning signs', text: 'Not sleeping for two nights; stopping answering the phone.' },
  { heading: 'Who to call', text: 'My sister first, then the crisis line.' },
];

export class CreatePlanRequest {
  @ApiProperty({ enum: PLAN_KINDS, example: 'crisis_plan' })
  @IsIn(PLAN_KINDS)
  kind: PlanKind;

  @ApiProperty({ type: [PlanSectionDto], example: SECTIONS_EXAMPLE })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PlanSectionDto)
  sections: PlanSectionDto[];

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'In my own words: what helps is a walk and someone to talk to.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  text?: string | null;

  @ApiProperty({
    example: false,
    description: 'The service user agreed to share the current version with the ward and community team',
  })
  @IsBoolean()
  sharedWithCareTeam: boolean;

  @ApiPropertyOptional({ example: 'Written together at the second ward meeting' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  changeSummary?: string;
}

export class UpdatePlanRequest {
  @ApiPropertyOptional({ type: [PlanSectionDto], example: SECTIONS_EXAMPLE })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PlanSectionDto)
  sections?: PlanSectionDto[];

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'In my own words: what helps is a walk and someone to talk to.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  text?: string | null;

  @ApiPropertyOptional({
    example: true,
    description: 'The service user’s decision about sharing with the ward and community team',
  })
  @IsOptional()
  @IsBoolean()
  sharedWithCareTeam?: boolean;

  @ApiPropertyOptional({ example: 'Added the crisis line number; agreed to share with the ward' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  changeSummary?: string;
}

export class PlanResponse {
  @ApiProperty({ format: 'uuid', example: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9' }) id: string;
  @ApiProperty({ format: 'uuid', example: '0c7d5e4f-3a2b-4c1d-9e8f-7a6b5c4d3e2f' }) episodeId: string;
  @ApiProperty({ enum: PLAN_KINDS, example: 'crisis_plan' }) kind: PlanKind;
  @ApiProperty({
    format: 'uuid',
    example: '8f9a0b1c-2d3e-4f5a-b6c7-d8e9f0a1b2c3',
    description: 'The service user, who owns the plan',
  })
  ownerServiceUserId: string;
  @ApiProperty({ type: [PlanSectionDto], example: SECTIONS_EXAMPLE }) sections: PlanSectionDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'In my own words: what helps is a walk and someone to talk to.',
  })
  text: string | null;
  @ApiProperty({ example: true }) sharedWithCareTeam: boolean;
  @ApiProperty({ example: 2, description: 'The current version number (also the ETag)' }) version: number;
  @ApiProperty({ example: '2026-11-12T10:00:00.000Z' }) createdAt: Date;
  @ApiProperty({ example: '2026-11-14T10:00:00.000Z' }) updatedAt: Date;

  static from(p: ServiceUserPlan): PlanResponse {
    return Object.assign(new PlanResponse(), {
      id: p.id,
      episodeId: p.episodeId,
      kind: p.kind,
      ownerServiceUserId: p.ownerServiceUserId,
      sections: p.sections,
      text: p.text,
      sharedWithCareTeam: p.sharedWithCareTeam,
      version: p.version,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    });
  }
}

export class PlanVersionResponse {
  @ApiProperty({ example: 1 }) versionNumber: number;
  @ApiProperty({ type: [PlanSectionDto], example: SECTIONS_EXAMPLE }) sections: PlanSectionDto[];
  @ApiProperty({ nullable: true, type: String, example: null }) text: string | null;
  @ApiProperty({ example: false }) sharedWithCareTeam: boolean;
  @ApiProperty({ format: 'uuid', example: '8f9a0b1c-2d3e-4f5a-b6c7-d8e9f0a1b2c3' }) ownerServiceUserId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, example: '6a1f8c2e-0d7b-4f3a-9b2c-5e4d3c2b1a09' })
  supportingPeerWorkerId: string | null;
  @ApiProperty({ format: 'uuid', example: '1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f' }) changedById: string;
  @ApiProperty({ example: 'peer_worker' }) changedByRole: string;
  @ApiProperty({ type: [String], example: ['sections', 'sharedWithCareTeam'] }) changedFields: string[];
  @ApiProperty({ nullable: true, type: String, example: 'Added the crisis line number' }) changeSummary: string | null;
  @ApiProperty({ example: '2026-11-14T10:00:00.000Z' }) createdAt: Date;

  static from(v: ServiceUserPlanVersion): PlanVersionResponse {
    return Object.assign(new PlanVersionResponse(), {
      versionNumber: v.versionNumber,
      sections: v.sections,
      text: v.text,
      sharedWithCareTeam: v.sharedWithCareTeam,
      ownerServiceUserId: v.ownerServiceUserId,
      supportingPeerWorkerId: v.supportingPeerWorkerId,
      changedById: v.changedById,
      changedByRole: v.changedByRole,
      changedFields: v.changedFields,
      changeSummary: v.changeSummary,
      createdAt: v.createdAt,
    });
  }
}
