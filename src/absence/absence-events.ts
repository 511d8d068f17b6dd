import type { AbsenceTermAssessment } from './absence-term';
import type { Absence } from './entities/absence.entity';

/**
 * The outbox row of an absence change (`absence.planned`, `absence.started`, `absence.ended`, `absence.cancelled`,
 * `absence.extended`): the absence as it now is, with its short/long-term classification.
 */
export function absenceOutboxEvent(absence: Absence, type: string, term: Pick<AbsenceTermAssessment, 'term'>) {
  return {
    type,
    aggregateType: 'absence',
    aggregateId: absence.id,
    payload: {
      absenceId: absence.id,
      siteId: absence.siteId,
      subject: absence.subject,
      peerWorkerId: absence.peerWorkerId,
      userId: absence.userId,
      kind: absence.kind,
      planned: absence.planned,
      startsOn: absence.startsOn,
      expectedEndOn: absence.expectedEndOn,
      endedOn: absence.endedOn,
      term: term.term,
    },
  };
}
