/**
 * The arm an episode is in, as SQL over `support_episodes e`: the randomised arm, or peer support for a
 * routine-service site (everyone eligible is offered it), or `unallocated` before allocation.
 */
export const EPISODE_ARM_SQL = `CASE WHEN e.allocated_arm IS NOT NULL THEN e.allocated_arm WHEN e.allocation_method = 'none' THEN 'peer_support' ELSE 'unallocated' END`;
