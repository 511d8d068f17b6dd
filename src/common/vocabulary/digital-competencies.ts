/**
 * The ten digital peer support competency themes (seeds 000/001; Collins-Pisano et al., JMIR Mental Health 2021),
 * as competencies a training session covers. Each is also a programme-wide training module of the same code, whose
 * sessions cover it; a site may require some of them before a peer worker is ready (requiredDigitalCompetencies).
 */
export const DIGITAL_COMPETENCIES = [
  'digital_service_user_rights',
  'digital_technical_knowledge',
  'digital_available_technologies',
  'digital_equity_of_access',
  'digital_communication_skills',
  'digital_performance_based_training',
  'digital_self_care',
  'digital_monitoring_and_crisis',
  'digital_peer_support_competencies',
  'digital_health_literacy',
] as const;
export type DigitalCompetency = (typeof DIGITAL_COMPETENCIES)[number];

export function isDigitalCompetency(code: string): code is DigitalCompetency {
  return (DIGITAL_COMPETENCIES as readonly string[]).includes(code);
}
