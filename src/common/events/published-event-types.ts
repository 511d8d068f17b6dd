/**
 * The domain events that leave ENRICH (src/integration/events publishes them): their CloudEvents `type` names,
 * shared so webhook subscriptions and the replay can check a filter against them.
 */

/**
 * CloudEvents `type` names are reverse-DNS (CloudEvents 1.0 §3.1.1 recommends it): `uk.nhs.enrich.<thing>.<what
 * happened>`, past tense, lower case with underscores. docs/reference/events-out.md lists them with their data.
 */
export const EVENT_TYPE_NAMESPACE = 'uk.nhs.enrich';

/** Every event type that leaves ENRICH (without the namespace), with what it means to an integrator. */
export const PUBLISHED_EVENT_TYPES = {
  'episode.referred': 'A service user was referred: a support episode opened in state `referred`.',
  'episode.allocated':
    'The referral was allocated: to peer support (`awaiting_pairing`) or, on a randomising site, usual care.',
  'episode.paired':
    'A peer worker was paired with the episode (`paired`), or replaced its peer worker (`repairing: true`).',
  'episode.ward_support_started': 'The first ward meeting was held: ward support started (`ward_support`).',
  'episode.discharged':
    'The ward discharge was recorded: community support started, or a readmission pause ended (`resumed: true`).',
  'episode.stepped_down': 'Community support moved to the step-down phase (`step_down`).',
  'episode.community_support_restarted': 'After a readmission, the step-down restarted as community support.',
  'episode.readmitted': 'A readmission paused community support or the step-down (`readmitted`).',
  'episode.ended': 'The support episode ended, with its ending reason.',
  'meeting.planned': 'A meeting was planned.',
  'meeting.held': 'A meeting was held (recorded as held, or planned and then held).',
  'meeting.missed': 'A planned meeting was missed, by the service user or the peer worker.',
  'meeting.cancelled': 'A planned meeting was cancelled (also when absence cover pauses contact).',
  'meeting.rescheduled': 'A planned meeting was moved: the new meeting, with the one it replaces.',
  'plan.versioned':
    'A service-user plan shared with the care team was saved as a new version (or stopped being shared).',
  'cover.started': 'Absence cover was confirmed for an episode while its peer worker is away.',
  'cover.ended': 'Absence cover ended (the absence ended or was cancelled).',
} as const;

export type PublishedEventType = keyof typeof PUBLISHED_EVENT_TYPES;

export const fullType = (type: PublishedEventType): string => `${EVENT_TYPE_NAMESPACE}.${type}`;

const FULL_TYPES = Object.keys(PUBLISHED_EVENT_TYPES).map((t) => fullType(t as PublishedEventType));

/** Every published type, with its namespace, in catalogue order. */
export const publishedTypes = (): readonly string[] => FULL_TYPES;

/**
 * Whether a subscription or replay filter (`uk.nhs.enrich.episode.discharged`, `uk.nhs.enrich.meeting.*`, `*`)
 * can match a published type. Patterns outside the `uk.` tree (`notification.*`) are not ours to judge here.
 */
export function namesPublishedTypes(pattern: string): boolean {
  if (pattern === '*' || !pattern.startsWith('uk.')) return true;
  if (pattern.endsWith('.*')) return FULL_TYPES.some((t) => t.startsWith(pattern.slice(0, -1)));
  return FULL_TYPES.includes(pattern);
}

/** A filter pattern as a LIKE pattern on the type (`_` is a LIKE wildcard, so it is escaped). */
export function likePatternOf(pattern: string): string {
  if (pattern === '*') return '%';
  const escaped = (pattern.endsWith('.*') ? pattern.slice(0, -1) : pattern).replace(/[\\%_]/g, (c) => `\\${c}`);
  return pattern.endsWith('.*') ? `${escaped}%` : escaped;
}
