import { Column, Entity, Index } from 'typeorm';
import { EditableRecord } from '../../database/base.entity';
import type { Scope } from '../oauth/scopes';

/** A machine client of an NHS system (EPR, PAS), signing in with client credentials; scoped to its Trust's sites. */
@Entity('integration_clients')
export class IntegrationClient extends EditableRecord {
  @Column({ type: 'text' })
  name: string;

  /** Public identifier the client sends as client_id. */
  @Index({ unique: true })
  @Column({ type: 'text' })
  clientId: string;

  /** argon2id hash of the secret, which is shown once at creation. */
  @Column({ type: 'text', select: false })
  secretHash: string;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  siteIds: string[];

  /** What the client may do (see Scope); granted at registration, carried in each access token. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  scopes: Scope[];

  @Column({ type: 'boolean', default: true })
  active: boolean;
}
