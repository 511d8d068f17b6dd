import type { Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import type { PeerWorker } from '../../../workforce/peer-workers/entities/peer-worker.entity';
import { PeerWorkerStatus } from '../../../workforce/peer-workers/peer-worker-status';
import { UK_CORE_PROFILE } from '../fhir-vocabulary';
import { organisationReference, SiteFacts } from './organisation-reference';

/** Peer workers who hold (or held) the role: applicants and trainees are not practitioners yet. */
export const PRACTITIONER_STATUSES: PeerWorkerStatus[] = [
  PeerWorkerStatus.Appointed,
  PeerWorkerStatus.Reserve,
  PeerWorkerStatus.Active,
  PeerWorkerStatus.Inactive,
  PeerWorkerStatus.Left,
];
const ACTIVE_STATUSES: PeerWorkerStatus[] = [
  PeerWorkerStatus.Appointed,
  PeerWorkerStatus.Reserve,
  PeerWorkerStatus.Active,
];

const meta = (peerWorker: PeerWorker, profile: string) => ({
  versionId: String(peerWorker.version),
  lastUpdated: peerWorker.updatedAt.toISOString(),
  profile: [UK_CORE_PROFILE(profile)],
});

/**
 * A peer worker as a Practitioner: the name they work under and their work contact details only. The
 * email and phone on the peer worker record came from the recruitment form (the applicant's own), so
 * they never appear; the work email is that of their ENRICH (NHS) account, when they have one.
 */
type WithWorkAccount = PeerWorker & { workAccount?: { email: string } | null };
const workTelecom = (peerWorker: WithWorkAccount) => {
  const workEmail = peerWorker.workAccount?.email;
  return workEmail ? [{ system: 'email' as const, value: workEmail, use: 'work' as const }] : [];
};

export function toPractitioner(peerWorker: WithWorkAccount): Practitioner {
  const telecom = workTelecom(peerWorker);
  return {
    resourceType: 'Practitioner',
    id: peerWorker.id,
    meta: meta(peerWorker, 'Practitioner'),
    active: ACTIVE_STATUSES.includes(peerWorker.status),
    name: [{ text: peerWorker.displayName }],
    ...(telecom.length > 0 ? { telecom } : {}),
  };
}

/** The peer worker's role at their Trust (with the same work contact as the Practitioner). One per peer worker, so it shares the peer worker's id. */
export function toPractitionerRole(peerWorker: WithWorkAccount, site: SiteFacts): PractitionerRole {
  const telecom = workTelecom(peerWorker);
  return {
    resourceType: 'PractitionerRole',
    id: peerWorker.id,
    meta: meta(peerWorker, 'PractitionerRole'),
    active: ACTIVE_STATUSES.includes(peerWorker.status),
    practitioner: { reference: `Practitioner/${peerWorker.id}`, display: peerWorker.displayName },
    organization: organisationReference(site),
    code: [{ text: peerWorker.status === PeerWorkerStatus.Reserve ? 'Reserve peer worker' : 'Peer worker' }],
    specialty: [{ text: 'Peer support for discharge (mental health)' }],
    ...(telecom.length > 0 ? { telecom } : {}),
  };
}
