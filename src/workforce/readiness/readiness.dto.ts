import { ApiProperty } from '@nestjs/swagger';
import { PEER_WORKER_STATUSES, PeerWorkerStatus } from '../peer-workers/peer-worker-status';
import { READINESS_CONDITIONS, ReadinessCondition } from '../peer-workers/readiness';

export class UnmetConditionResponse {
  @ApiProperty({ enum: READINESS_CONDITIONS, example: 'dbs_cleared' }) condition: ReadinessCondition;
  @ApiProperty({ example: 'The DBS check must be recorded as cleared' }) explanation: string;
}

export class ReadinessResponse {
  @ApiProperty({ format: 'uuid' }) peerWorkerId: string;
  @ApiProperty({ enum: PEER_WORKER_STATUSES, example: 'appointed' }) status: PeerWorkerStatus;
  @ApiProperty({ example: false, description: 'May be paired with a service user' }) ready: boolean;
  @ApiProperty({ type: [UnmetConditionResponse], description: 'Every unmet condition; empty exactly when ready' })
  unmet: UnmetConditionResponse[];
}
