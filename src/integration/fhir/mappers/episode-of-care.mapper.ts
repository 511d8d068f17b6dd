import type { CareTeam, CareTeamParticipant, EpisodeOfCare } from '@medplum/fhirtypes';
import type { SupportEpisode } from '../../../episodes/entities/support-episode.entity';
import { CARE_TEAM_STATUS, EPISODE_OF_CARE_STATUS, UK_CORE_PROFILE } from '../fhir-vocabulary';
import { organisationReference, SiteFacts } from './organisation-reference';

export const PEER_SUPPORT_EPISODE_TYPE = 'Peer support for discharge';

/** The support episode as an EpisodeOfCare: status from the workflow, period from referral to ending, the peer worker as care manager. */
export function toEpisodeOfCare(episode: SupportEpisode, site: SiteFacts): EpisodeOfCare {
  return {
    resourceType: 'EpisodeOfCare',
    id: episode.id,
    meta: {
      versionId: String(episode.version),
      lastUpdated: episode.updatedAt.toISOString(),
      profile: [UK_CORE_PROFILE('EpisodeOfCare')],
    },
    status: EPISODE_OF_CARE_STATUS[episode.state],
    type: [{ text: PEER_SUPPORT_EPISODE_TYPE }],
    patient: { reference: `Patient/${episode.serviceUserId}` },
    managingOrganization: organisationReference(site),
    period: { start: episode.referredOn, ...(episode.endedAt ? { end: episode.endedAt.toISOString() } : {}) },
    ...(episode.peerWorkerId ? { careManager: { reference: `Practitioner/${episode.peerWorkerId}` } } : {}),
    team: [{ reference: `CareTeam/${episode.id}` }],
  };
}

export interface CareTeamFacts {
  peerWorker: { id: string; displayName: string } | null;
  coordinator: { displayName: string } | null;
  ward: { name: string } | null;
}

/**
 * The people around one support episode: the service user, the paired peer worker, the site's
 * coordinator and the ward team. One CareTeam per episode, sharing its id. The coordinator and the
 * ward team are not served as resources, so they appear by name (display-only references).
 */
export function toCareTeam(episode: SupportEpisode, site: SiteFacts, facts: CareTeamFacts): CareTeam {
  const participant: CareTeamParticipant[] = [
    { role: [{ text: 'Service user' }], member: { reference: `Patient/${episode.serviceUserId}` } },
    ...(facts.peerWorker
      ? [
          {
            role: [{ text: 'Peer worker' }],
            member: { reference: `Practitioner/${facts.peerWorker.id}`, display: facts.peerWorker.displayName },
          },
        ]
      : []),
    ...(facts.coordinator
      ? [{ role: [{ text: 'Peer Worker Coordinator' }], member: { display: facts.coordinator.displayName } }]
      : []),
    ...(facts.ward ? [{ role: [{ text: 'Ward team' }], member: { display: facts.ward.name } }] : []),
  ];
  return {
    resourceType: 'CareTeam',
    id: episode.id,
    meta: {
      versionId: String(episode.version),
      lastUpdated: episode.updatedAt.toISOString(),
      profile: [UK_CORE_PROFILE('CareTeam')],
    },
    status: CARE_TEAM_STATUS[episode.state],
    name: `${PEER_SUPPORT_EPISODE_TYPE} team`,
    subject: { reference: `Patient/${episode.serviceUserId}` },
    period: { start: episode.referredOn, ...(episode.endedAt ? { end: episode.endedAt.toISOString() } : {}) },
    participant,
    managingOrganization: [organisationReference(site)],
  };
}
