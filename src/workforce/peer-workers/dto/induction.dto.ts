import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import type { ReserveInduction } from '../entities/reserve-induction.entity';
import { INDUCTION_STEPS, InductionStep } from '../peer-worker-status';

export class SignOffInductionStepRequest {
  @ApiProperty({ example: '2026-03-12', format: 'date' })
  @IsISO8601({ strict: true })
  completedOn: string;
}

export class InductionStepResponse {
  @ApiProperty({ enum: INDUCTION_STEPS, example: 'ward_visits' }) step: InductionStep;
  @ApiProperty({ example: true }) done: boolean;
  @ApiProperty({ type: String, nullable: true, example: '2026-03-12', format: 'date' }) completedOn: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'users.id of who signed it off' })
  signedOffBy: string | null;
}

export class InductionChecklistResponse {
  @ApiProperty({ format: 'uuid' }) peerWorkerId: string;
  @ApiProperty({ example: false }) complete: boolean;
  @ApiProperty({ type: [InductionStepResponse] }) steps: InductionStepResponse[];
}

export class RecordReserveInductionRequest {
  @ApiProperty({ example: '2027-01-04', format: 'date' })
  @IsISO8601({ strict: true })
  completedOn: string;

  @ApiProperty({
    example: ['team re-introduction', 'caseload to be covered', 'supervision arrangements', 'lone working refresher'],
    type: [String],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  @Type(() => String)
  topics: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Who supports the reserve during cover (default: you)' })
  @IsOptional()
  @IsUUID()
  supportedByUserId?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class ReserveInductionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) peerWorkerId: string;
  @ApiProperty({ example: '2027-01-04', format: 'date' }) completedOn: string;
  @ApiProperty({ type: [String], example: ['team re-introduction', 'caseload to be covered'] }) topics: string[];
  @ApiProperty({ format: 'uuid' }) supportedByUserId: string;
  @ApiProperty({ type: String, nullable: true, example: null }) note: string | null;
  @ApiProperty({ format: 'uuid' }) recordedById: string;

  static from(r: ReserveInduction): ReserveInductionResponse {
    return Object.assign(new ReserveInductionResponse(), {
      id: r.id,
      peerWorkerId: r.peerWorkerId,
      completedOn: r.completedOn,
      topics: r.topics,
      supportedByUserId: r.supportedByUserId,
      note: r.note,
      recordedById: r.recordedById,
    });
  }
}
