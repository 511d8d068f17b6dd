/**
 * Fidelity to the ENRICH model: every indicator defined once, here. The SQL that computes each one is in
 * FidelityRepository under the same key; docs/reference/fidelity.md is generated from this table
 * (`npm run docs:fidelity`) and a test fails when the two drift apart.
 */
export const FIDELITY_INDICATOR_KEYS = [
  'met_on_ward_before_discharge',
  'peer_worker_at_discharge_meeting',
  'first_community_meeting_within_window',
  'step_down_followed',
  'planned_ending_held',
  'service_user_owned_plan_written',
  'supervision_on_schedule',
] as const;
export type FidelityIndicatorKey = (typeof FIDELITY_INDICATOR_KEYS)[number];

/** What one counted unit is: a support episode, a planned contact (of an episode) or a peer worker. */
export type FidelityUnit = 'episode' | 'planned_contact' | 'peer_worker';

export interface FidelityIndicator {
  key: FidelityIndicatorKey;
  name: string;
  definition: string;
  numerator: string;
  denominator: string;
  unit: FidelityUnit;
  sourceRecords: string[];
  /** Section of the ENRICH peer support handbook (seed 002) the indicator checks. */
  handbookSection: string;
}

/** Peer-support episodes: the randomised peer support arm, or every episode of a routine-service site. */
const PEER_SUPPORT_EPISODES = 'Peer-support episodes of the site';

export const FIDELITY_INDICATORS: readonly FidelityIndicator[] = [
  {
    key: 'met_on_ward_before_discharge',
    name: 'Met on the ward before discharge',
    definition:
      'The peer worker met the service user on the ward before they left hospital, to listen and build the relationship.',
    numerator: 'Of the denominator, episodes with a held ward meeting on or before the discharge date',
    denominator: `${PEER_SUPPORT_EPISODES} discharged in the period, once paired`,
    unit: 'episode',
    sourceRecords: ['support_episodes', 'pairings', 'meetings'],
    handbookSection: '13.1 First meeting',
  },
  {
    key: 'peer_worker_at_discharge_meeting',
    name: 'Peer worker present at the discharge meeting',
    definition:
      'Where the service user invited them, the peer worker joined the formal discharge / care planning meeting.',
    numerator: 'Of the denominator, episodes where a recorded discharge meeting had the peer worker attending',
    denominator: `${PEER_SUPPORT_EPISODES} discharged in the period whose discharge meeting was recorded with the peer worker invited`,
    unit: 'episode',
    sourceRecords: ['support_episodes', 'discharge_meetings'],
    handbookSection: '13.4 Peer worker involvement in formal discharge planning',
  },
  {
    key: 'first_community_meeting_within_window',
    name: 'First community meeting within the window',
    definition:
      'The first meeting after discharge, away from the ward, was held within the site’s window (default 7 days).',
    numerator:
      'Of the denominator, episodes with a held non-ward meeting no more than the window’s days after discharge',
    denominator: `${PEER_SUPPORT_EPISODES} discharged in the period whose window had closed by the period’s end, or that met within it`,
    unit: 'episode',
    sourceRecords: ['support_episodes', 'meetings', 'sites.settings.firstCommunityMeetingWithinDays'],
    handbookSection: '14.1 First meeting post-discharge',
  },
  {
    key: 'step_down_followed',
    name: 'Step-down followed',
    definition:
      'Each contact of the community plan (intensive weeks, ten-week step-down, ending) was held inside its window.',
    numerator: 'Of the denominator, contacts held by a meeting that took place inside the contact’s window',
    denominator:
      'Planned contacts of the site’s episodes whose window closed in the period, leaving out those suspended (readmission) or cancelled',
    unit: 'planned_contact',
    sourceRecords: ['planned_contacts', 'meetings'],
    handbookSection: '14.8 Ten week step down',
  },
  {
    key: 'planned_ending_held',
    name: 'Planned ending held',
    definition: 'Support ended as planned, with the ending session held, rather than by disengagement or withdrawal.',
    numerator: 'Of the denominator, episodes ended for the reason planned_ending whose ending-session contact was held',
    denominator: `${PEER_SUPPORT_EPISODES} that ended in the period after reaching community support`,
    unit: 'episode',
    sourceRecords: ['support_episodes', 'planned_contacts'],
    handbookSection: '14.9 Endings',
  },
  {
    key: 'service_user_owned_plan_written',
    name: 'Service-user-owned plans written',
    definition:
      'The service user, supported by the peer worker, wrote at least one of their own plans (discharge, crisis or personal recovery plan).',
    numerator: 'Of the denominator, episodes with at least one service-user-owned plan recorded by the period’s end',
    denominator: `${PEER_SUPPORT_EPISODES} discharged in the period`,
    unit: 'episode',
    sourceRecords: ['support_episodes', 'service_user_plans'],
    handbookSection: '13.3 Use of service user-owned discharge plan; 14.5 Use of service user-owned plans and tools',
  },
  {
    key: 'supervision_on_schedule',
    name: 'Supervision on schedule',
    definition:
      'Each active peer worker had individual supervision and attended group supervision as often as the site’s schedule asks (default monthly and fortnightly).',
    numerator:
      'Of the denominator, peer workers whose individual sessions held and group sessions attended in the period each reach the whole cycles the period spans',
    denominator: 'Active peer workers of the site',
    unit: 'peer_worker',
    sourceRecords: [
      'peer_workers',
      'individual_supervision_sessions',
      'group_supervision_sessions',
      'group_supervision_attendance',
      'sites.settings',
    ],
    handbookSection: '11.1 Group supervision; 11.2 Individual supervision',
  },
];

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** docs/reference/fidelity.md, rendered from the table. */
export function renderFidelityReference(): string {
  const lines = [
    '# Fidelity to the ENRICH model',
    '',
    '<!-- Generated from src/fidelity/fidelity-indicators.ts by `npm run docs:fidelity`; edit the table there, not here. -->',
    '',
    'Each indicator is computed from recorded practice for a site and a period (London calendar dates), per site,',
    'per peer worker and per support episode, by `GET /api/v1/fidelity` and `GET /api/v1/support-episodes/{id}/fidelity`.',
    'An indicator’s rate is numerator / denominator (none when the denominator is 0). The site’s **fidelity score** is the',
    'mean of the rates of the indicators that have a denominator, each indicator weighing the same. Every miss names the',
    'episode (or peer worker) behind it, and `episodeHref` links to the episode (built from `PUBLIC_BASE_URL`), so a',
    'coordinator can open it. The coordinator dashboard (`/dashboard/sites/{siteId}`) charts the same figures and links',
    'each episode behind a miss to its page (`/dashboard/support-episodes/{id}`: its state, indicators and moves), which',
    'a browser signed in to the dashboard can open (the API’s `episodeHref` needs a bearer token).',
    '',
    'Peer-support episodes are those in the randomised peer support arm, or every episode of a routine-service site.',
    'An episode indicator is attributed to the peer worker of its latest primary pairing; a planned contact to its owner.',
    '',
    '| Indicator | Definition | Numerator | Denominator | Unit | Source records | Handbook |',
    '|---|---|---|---|---|---|---|',
    ...FIDELITY_INDICATORS.map(
      (i) =>
        `| **${cell(i.name)}** (\`${i.key}\`) | ${cell(i.definition)} | ${cell(i.numerator)} | ${cell(i.denominator)} | ${i.unit} | ${i.sourceRecords.map((s) => `\`${s}\``).join(', ')} | ${cell(i.handbookSection)} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
