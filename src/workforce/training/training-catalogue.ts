/** Core modules are required of every peer worker; local modules are mapped in by a site (or offered programme-wide). */
export type ModuleKind = 'core' | 'local';
export type ModuleSource = 'enrich_core_component' | 'digital_peer_support' | 'local';

export interface SeededModule {
  code: string;
  title: string;
  kind: ModuleKind;
  source: ModuleSource;
}

/**
 * The programme every site starts with: the ENRICH core training components (handbook 7) as core
 * modules, and the digital peer support competency themes (seeds 000/001) as programme-wide local
 * modules a site may require. The migration inserts exactly these rows.
 */
export const SEEDED_MODULES: readonly SeededModule[] = [
  {
    code: 'boundaries_and_relationships',
    title: 'Boundaries and managing relationships',
    kind: 'core',
    source: 'enrich_core_component',
  },
  {
    code: 'sharing_lived_experience',
    title: 'Sharing lived experience',
    kind: 'core',
    source: 'enrich_core_component',
  },
  {
    code: 'communication_and_self_management',
    title: 'Communication and self-management skills',
    kind: 'core',
    source: 'enrich_core_component',
  },
  {
    code: 'values_based_competencies',
    title: 'Values-based competencies',
    kind: 'core',
    source: 'enrich_core_component',
  },
  { code: 'risk_and_safety', title: 'Risk and safety', kind: 'core', source: 'enrich_core_component' },
  { code: 'trust_induction', title: 'Trust induction', kind: 'core', source: 'enrich_core_component' },
  { code: 'community_asset_mapping', title: 'Community asset mapping', kind: 'core', source: 'enrich_core_component' },
  {
    code: 'keeping_well_and_safe_at_work',
    title: 'Keeping yourself well and safe at work',
    kind: 'core',
    source: 'enrich_core_component',
  },
  { code: 'discharge_transition', title: 'The discharge transition', kind: 'core', source: 'enrich_core_component' },
  { code: 'cultural_competence', title: 'Cultural competence', kind: 'core', source: 'enrich_core_component' },
  {
    code: 'discussing_difficult_issues',
    title: 'Discussing difficult issues',
    kind: 'core',
    source: 'enrich_core_component',
  },
  {
    code: 'digital_service_user_rights',
    title: 'Digital: protecting the rights of service users',
    kind: 'local',
    source: 'digital_peer_support',
  },
  {
    code: 'digital_technical_knowledge',
    title: 'Digital: technical knowledge and skills',
    kind: 'local',
    source: 'digital_peer_support',
  },
  {
    code: 'digital_available_technologies',
    title: 'Digital: available technologies',
    kind: 'local',
    source: 'digital_peer_support',
  },
  {
    code: 'digital_equity_of_access',
    title: 'Digital: equity of access',
    kind: 'local',
    source: 'digital_peer_support',
  },
  {
    code: 'digital_communication_skills',
    title: 'Digital: communication skills',
    kind: 'local',
    source: 'digital_peer_support',
  },
  {
    code: 'digital_performance_based_training',
    title: 'Digital: performance-based training',
    kind: 'local',
    source: 'digital_peer_support',
  },
  { code: 'digital_self_care', title: 'Digital: self-care', kind: 'local', source: 'digital_peer_support' },
  {
    code: 'digital_monitoring_and_crisis',
    title: 'Digital: monitoring digital peer support and addressing digital crisis',
    kind: 'local',
    source: 'digital_peer_support',
  },
  {
    code: 'digital_peer_support_competencies',
    title: 'Digital: peer support competencies',
    kind: 'local',
    source: 'digital_peer_support',
  },
  { code: 'digital_health_literacy', title: 'Digital: health literacy', kind: 'local', source: 'digital_peer_support' },
];

export const FACILITATOR_ROLES = ['experienced_peer_worker', 'coordinator', 'clinician', 'other'] as const;
/** `unverified_peer`: named as an experienced peer in free text before co-delivery named records (migrated). */
export type FacilitatorRole = (typeof FACILITATOR_ROLES)[number] | 'unverified_peer';

export interface Facilitator {
  /** For an experienced peer worker, the record's display name at the time. */
  name: string;
  role: FacilitatorRole;
  /** The experienced peer worker's record: required for role experienced_peer_worker, absent otherwise. */
  peerWorkerId: string | null;
}

export const ASSESSMENT_METHODS = ['observed_practice', 'role_play', 'written_reflection', 'discussion'] as const;
export type AssessmentMethod = (typeof ASSESSMENT_METHODS)[number];
export const ASSESSMENT_OUTCOMES = ['passed', 'not_yet_passed'] as const;
export type AssessmentOutcome = (typeof ASSESSMENT_OUTCOMES)[number];

export type ModuleProgress = 'not_started' | 'attended' | 'assessed_passed';
