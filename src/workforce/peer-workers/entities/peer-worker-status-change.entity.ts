import { Column, Entity, Index } from 'typeorm';
import { TransitionRecord } from '../../../common/state-machine/state-machine';

/** One move of a peer worker's status: who, when and why. */
@Entity('peer_worker_status_changes')
@Index(['peerWorkerId', 'occurredAt'])
export class PeerWorkerStatusChange extends TransitionRecord {
  @Column({ type: 'uuid' })
  peerWorkerId: string;
}
