import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
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
