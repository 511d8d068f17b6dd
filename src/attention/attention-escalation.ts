import { DateTime } from 'luxon';

const LONDON = 'Europe/London';

/**
 * How far an open attention item has escalated: the whole London calendar days since it was opened (0 on
 * the day itself). The daily digest re-notifies the coordinator every morning at the next level until the
 * item is resolved, so an episode without a responsible person never goes quiet.
 */
export function escalationLevelOf(openedAt: Date, now: Date): number {
  const opened = DateTime.fromJSDate(openedAt, { zone: LONDON }).startOf('day');
  const today = DateTime.fromJSDate(now, { zone: LONDON }).startOf('day');
  return Math.max(0, Math.round(today.diff(opened, 'days').days));
}
