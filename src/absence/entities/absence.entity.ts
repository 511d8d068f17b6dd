import { Check, Column, Entity, Index } from 'typeorm';
import { EditableRecord } from '../../database/base.entity';
import type { AbsenceKind, AbsenceState, AbsenceSubject } from '../absence.state-machine';

/**
 * A peer worker's or coordinator's absence (handbook 15, 11.3). Dates are Europe/London calendar days;
 * `expectedEndOn` null means open-ended. `planned` says whether it was arranged in advance (annual leave)
 * or not (sickness reported on the day); `state` is where it is in its lifecycle.
 */
@Entity('absences')
@Index(['siteId', 'state'])
@Index(['peerWorkerId', 'startsOn'])
@Index(['userId', 'startsOn'])
@Check(
  'ck_absences_subject',
  `(subject = 'peer_worker' AND peer_worker_id IS NOT NULL) OR (subject = 'coordinator' AND user_id IS NOT NULL AND peer_worker_id IS NULL)`,
)
@Check('ck_absences_kind', `kind IN ('sickness','annual_leave','other')`)
@Check('ck_absences_state', `state IN ('planned','active','ended','cancelled')`)
@Check(
  'ck_absences_dates',
  `(expected_end_on IS NULL OR expected_end_on >= starts_on) AND (ended_on IS NULL OR ended_on >= starts_on)`,
)
export class Absence extends EditableRecord {
  @Column({ type: 'uuid' })
  siteId: string;

  @Column({ type: 'text' })
  subject: AbsenceSubject;

  /** The absent peer worker (subject peer_worker). */
  @Column({ type: 'uuid', nullable: true })
  peerWorkerId: string | null;

  /** The absent person's user account: the coordinator or deputy, or the peer worker's account if linked. */
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'text' })
  kind: AbsenceKind;

  @Column({ type: 'boolean' })
  planned: boolean;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date', nullable: true })
  expectedEndOn: string | null;

  /** The last day of absence, recorded when it ends. */
  @Column({ type: 'date', nullable: true })
  endedOn: string | null;

  @Column({ type: 'text' })
  state: AbsenceState;

  /** Free text kept short: no medical detail belongs here (that stays with Occupational Health). */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'uuid' })
  recordedById: string;
}
