/** The service user's own plans (handbook 13): they own the content; peer workers help, never overwrite. */
export const PLAN_KINDS = ['discharge_plan', 'crisis_plan', 'recovery_plan'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

export interface PlanSection {
  /** e.g. "Early warning signs", "Who to call", "What helps me". */
  heading: string;
  text: string;
}
