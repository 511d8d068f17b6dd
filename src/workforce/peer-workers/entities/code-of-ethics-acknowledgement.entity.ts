import { Check, Column, Entity, Index } from 'typeorm';
import { BaseRecord } from '../../../database/base.entity';

/**
 * A peer worker's own acknowledgement of one version of the code of ethics. Append-only. `source` is
 * `peer_worker` for every new one (made signed in as the peer worker); `migrated` marks the dates a coordinator
 * recorded before acknowledgement was the peer worker's own act (who acknowledged is then unknown).
 */
@Entity('code_of_ethics_acknowledgements')
@Index(['peerWorkerId', 'versionId'], { unique: true })
@Check('ck_code_of_ethics_acknowledgements_source', `source IN ('peer_worker','migrated')`)
export class CodeOfEthicsAcknowledgement extends BaseRecord {
  @Column({ type: 'uuid' })
  peerWorkerId: string;

  @Column({ type: 'uuid' })
  versionId: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'date' })
  acknowledgedOn: string;

  /** The peer worker's own account; null only for migrated acknowledgements. */
  @Column({ type: 'uuid', nullable: true })
  acknowledgedByUserId: string | null;

  @Column({ type: 'text' })
  source: 'peer_worker' | 'migrated';
}
