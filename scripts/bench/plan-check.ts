/** A node of EXPLAIN (FORMAT JSON) output: the fields the check reads. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

/**
 * Tables that grow with the service (episodes, meetings and everything per person or per event). Reading one of
 * them end to end is the plan that is fast at ten thousand rows and seconds at a million.
 */
export const LARGE_TABLES = new Set([
  'meetings',
  'meeting_transitions',
  'support_episodes',
  'support_episode_transitions',
  'service_users',
  'consent_records',
  'pairings',
  'planned_contacts',
  'peer_workers',
  'users',
  'audit_events',
  'outbox_events',
  'notifications',
  'cover_arrangements',
  'readmissions',
  'discharge_meetings',
  'service_user_plans',
]);

/**
 * Every scan of a large table that reads it whole: a sequential scan, or an index scan without a condition.
 * `ignore` names tables whose plan says nothing on this data (empty in the seed, or so few pages that reading
 * them whole is the planner's right choice); the caller checks those with sequential scans priced out instead.
 */
export function planProblems(plan: PlanNode, ignore: ReadonlySet<string> = new Set()): string[] {
  const problems: string[] = [];
  const visit = (node: PlanNode) => {
    const relation = node['Relation Name'];
    if (relation && LARGE_TABLES.has(relation) && !ignore.has(relation)) {
      if (node['Node Type'] === 'Seq Scan') problems.push(`Seq Scan on ${relation}`);
      if ((node['Node Type'] === 'Index Scan' || node['Node Type'] === 'Index Only Scan') && !node['Index Cond']) {
        problems.push(`${node['Node Type']} of all of ${relation} (${node['Index Name']}, no condition)`);
      }
    }
    for (const child of node.Plans ?? []) visit(child);
  };
  visit(plan);
  return problems;
}
