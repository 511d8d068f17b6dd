import { Column, Entity, Index } from 'typeorm';
import { EditableRecord } from '../../database/base.entity';
import type { SiteSettings } from '../site-settings';

/** An NHS Trust or service running ENRICH. Wards, teams and everything a coordinator sees belong to one. */
@Entity('sites')
export class Site extends EditableRecord {
  @Column({ type: 'text' })
  name: string;

  /** NHS Organisation Data Service code of the Trust (e.g. RRP), unique. */
  @Index({ unique: true })
  @Column({ type: 'text' })
  odsCode: string;

  /** Only the settings this site overrides; see DEFAULT_SITE_SETTINGS. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  settings: Partial<SiteSettings>;
}
