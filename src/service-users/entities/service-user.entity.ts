import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { EditableRecord } from '../../database/base.entity';
import { Site } from '../../sites/entities/site.entity';
import { Ward } from '../../sites/entities/ward.entity';
import type { EthnicCategoryCode, Gender } from '../service-user-vocabulary';

export interface ContactDetails {
  phone?: string;
  email?: string;
  addressLines?: string[];
  postcode?: string;
}

/** A person referred for peer support for discharge. Belongs to one site; may be on one of its wards. */
@Entity('service_users')
@Index(['siteId', 'createdAt'])
@Index(['wardId'])
export class ServiceUser extends EditableRecord {
  @Column({ type: 'uuid' })
  siteId: string;

  @ManyToOne(() => Site, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'site_id' })
  site?: Site;

  /** Ten digits, no spaces, Modulus 11 valid; unique across the service. */
  @Index({ unique: true })
  @Column({ type: 'text' })
  nhsNumber: string;

  @Column({ type: 'text' })
  givenName: string;

  @Column({ type: 'text' })
  familyName: string;

  @Column({ type: 'date' })
  dateOfBirth: string;

  @Column({ type: 'text' })
  gender: Gender;

  @Column({ type: 'text' })
  ethnicity: EthnicCategoryCode;

  @Column({ type: 'text', nullable: true })
  preferredLanguage: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  contact: ContactDetails;

  @Column({ type: 'text', nullable: true })
  accessibilityNeeds: string | null;

  /** The ward they are on now; null once discharged or when not known. Ward staff see service users on their wards. */
  @Column({ type: 'uuid', nullable: true })
  wardId: string | null;

  @ManyToOne(() => Ward, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ward_id' })
  ward?: Ward;

  /** ODS code of the GP practice, when known. */
  @Column({ type: 'text', nullable: true })
  gpPracticeCode: string | null;
}
