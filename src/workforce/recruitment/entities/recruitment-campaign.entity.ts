import { Check, Column, Entity, Index } from 'typeorm';
import { EditableRecord } from '../../../database/base.entity';

/** A round of recruitment at a site: how many posts to fill and how many reserve places to keep. */
@Entity('recruitment_campaigns')
@Index(['siteId'])
@Check('ck_recruitment_campaigns_counts', 'posts_to_fill >= 0 AND reserve_places >= 0')
export class RecruitmentCampaign extends EditableRecord {
  @Column({ type: 'uuid' })
  siteId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'int' })
  postsToFill: number;

  @Column({ type: 'int' })
  reservePlaces: number;

  @Column({ type: 'date', nullable: true })
  advertisedOn: string | null;
}
