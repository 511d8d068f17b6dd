import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  PEER_SUPPORT_RESOURCE_KINDS,
  type PeerSupportResource,
  type PeerSupportResourceKind,
} from '../entities/peer-support-resource.entity';
import type { WellbeingPlanVersion } from '../entities/wellbeing-plan-version.entity';

export class WellbeingContactInput {
  @ApiProperty({ example: 'Priya', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'sister', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  relationship: string;

  @ApiPropertyOptional({ example: '07700 900123', maxLength: 50 })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  phone?: string;

  @ApiPropertyOptional({ example: 'If I have not replied to messages for two days', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  when?: string;
}

export class WriteWellbeingPlanRequest {
  @ApiProperty({
    type: 'integer',
    example: 1,
    nullable: true,
    description: 'The version this one replaces (null for the first plan): a stale value is a 409',
  })
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  basedOnVersion: number | null;

  @ApiProperty({ example: 'Walking the dog before work; keeping Fridays for admin', maxLength: 4000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  whatKeepsMeWell: string;

  @ApiProperty({ example: 'Sleeping badly; skipping lunch; avoiding the team base', maxLength: 4000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  earlySigns: string;

  @ApiProperty({ example: 'A quiet check-in from the coordinator; fewer home visits for a week', maxLength: 4000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  whatHelps: string;

  @ApiProperty({ type: [WellbeingContactInput] })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => WellbeingContactInput)
  whoToContact: WellbeingContactInput[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Peer support resources of the site the peer worker chooses to use',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  peerSupportResourceIds?: string[];
}

export class WellbeingContactResponse {
  @ApiProperty({ example: 'Priya' }) name: string;
  @ApiProperty({ example: 'sister' }) relationship: string;
  @ApiProperty({ type: String, example: '07700 900123', nullable: true }) phone: string | null;
  @ApiProperty({ type: String, example: null, nullable: true }) when: string | null;
}

export class WellbeingPlanResponse {
  @ApiProperty({ format: 'uuid' }) peerWorkerId: string;
  @ApiProperty({ example: 2 }) version: number;
  @ApiProperty({ example: 'Walking the dog before work' }) whatKeepsMeWell: string;
  @ApiProperty({ example: 'Sleeping badly' }) earlySigns: string;
  @ApiProperty({ example: 'A quiet check-in from the coordinator' }) whatHelps: string;
  @ApiProperty({ type: [WellbeingContactResponse] }) whoToContact: WellbeingContactResponse[];
  @ApiProperty({ type: [String], format: 'uuid' }) peerSupportResourceIds: string[];
  @ApiProperty({ format: 'uuid' }) writtenById: string;
  @ApiProperty({ example: '2026-11-20T10:00:00.000Z' }) writtenAt: Date;

  static from(v: WellbeingPlanVersion): WellbeingPlanResponse {
    return Object.assign(new WellbeingPlanResponse(), {
      peerWorkerId: v.peerWorkerId,
      version: v.version,
      whatKeepsMeWell: v.whatKeepsMeWell,
      earlySigns: v.earlySigns,
      whatHelps: v.whatHelps,
      whoToContact: v.whoToContact,
      peerSupportResourceIds: v.peerSupportResourceIds,
      writtenById: v.writtenById,
      writtenAt: v.createdAt,
    });
  }
}

export class CreatePeerSupportResourceRequest {
  @ApiProperty({ example: 'Monthly peer workers’ reflective space', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: PEER_SUPPORT_RESOURCE_KINDS, example: 'reflective_practice' })
  @IsIn(PEER_SUPPORT_RESOURCE_KINDS)
  kind: PeerSupportResourceKind;

  @ApiPropertyOptional({ example: 'Facilitated by a peer worker from a neighbouring Trust', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ example: 'First Tuesday of the month, 2pm, team base; no referral needed', maxLength: 1000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  howToAccess: string;
}

export class PeerSupportResourceResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty({ example: 'Monthly peer workers’ reflective space' }) name: string;
  @ApiProperty({ enum: PEER_SUPPORT_RESOURCE_KINDS, example: 'reflective_practice' }) kind: PeerSupportResourceKind;
  @ApiProperty({ type: String, nullable: true, example: null }) description: string | null;
  @ApiProperty({ example: 'First Tuesday of the month, 2pm, team base' }) howToAccess: string;
  @ApiProperty({ example: true }) active: boolean;

  static from(r: PeerSupportResource): PeerSupportResourceResponse {
    return Object.assign(new PeerSupportResourceResponse(), {
      id: r.id,
      siteId: r.siteId,
      name: r.name,
      kind: r.kind,
      description: r.description,
      howToAccess: r.howToAccess,
      active: r.active,
    });
  }
}
