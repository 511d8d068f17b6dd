import { Column, Entity, Index } from 'typeorm';
import { BaseRecord } from '../../../database/base.entity';

/**
 * One published text of the ENRICH Peer Worker Code of Ethics (handbook 14.10). Programme-wide and append-only:
 * the highest version is current, and a peer worker is ready only once they have acknowledged it themselves.
 */
@Entity('code_of_ethics_versions')
@Index(['version'], { unique: true })
export class CodeOfEthicsVersion extends BaseRecord {
  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'date' })
  publishedOn: string;

  /** users.id of the admin who published it; null for the programme's first text (seeded by a migration). */
  @Column({ type: 'uuid', nullable: true })
  publishedById: string | null;
}
