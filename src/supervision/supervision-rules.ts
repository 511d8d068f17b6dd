import { londonDate } from '../absence/absence-term';
import { Role } from '../common/auth/role';
import { UnprocessableError } from '../common/errors/domain-errors';
import type { ActionFollowUpInput, AgreedActionInput, ConcernSummaryResponse } from './dto/supervision.dto';
import type { SupervisionAction } from './entities/supervision-action.entity';
import type { SupervisionConcern } from './entities/supervision-concern.entity';
import { identifyingDetailsIn } from './identifying-details';

/** Supervision's pure rules (handbook 11.1, 11.2): what the group and individual supervision services decide with. */

/** Supervision is recorded once it has been held: a date after today (Europe/London) is refused. */
export function assertNotFuture(date: string, field: string, today: string = londonDate(new Date())): void {
  if (date > today)
    throw new UnprocessableError(`${field} is in the future: record supervision once it has been held`, field);
}

/**
 * The group record never identifies a service user: free text carrying an NHS number, a record id or a
 * date-of-birth label is refused, naming the field (names are checked against the site's service users apart).
 */
export function assertNoIdentifyingDetails(field: string, text: string): void {
  const details = identifyingDetailsIn(text);
  if (details.length > 0) {
    throw new UnprocessableError(
      `Group supervision records themes, not case notes: ${field} contains ${details.join(', ').replaceAll('_', ' ')}`,
      field,
    );
  }
}

/** Each agreed action is due on or after the session, and names its owner when that is someone else. */
export function assertAgreedActions(
  actions: readonly Pick<AgreedActionInput, 'owner' | 'ownerName' | 'dueOn'>[],
  heldOn: string,
): void {
  for (const [i, action] of actions.entries()) {
    if (action.dueOn < heldOn)
      throw new UnprocessableError('An agreed action is due on or after the session', `actions[${i}].dueOn`);
    if (action.owner === 'other' && !action.ownerName)
      throw new UnprocessableError(
        'Name the owner when it is someone other than the peer worker or supervisor',
        `actions[${i}].ownerName`,
      );
  }
}

/** A supervisor is a coordinator of the site or the site's named coordinator or deputy. */
export function maySupervise(
  userId: string,
  user: { siteIds: readonly string[]; roles: readonly Role[] } | null,
  siteId: string,
  named: { coordinatorUserId: string | null; deputyUserId: string | null } | null,
): boolean {
  return (
    !!user &&
    user.siteIds.includes(siteId) &&
    (user.roles.includes(Role.Coordinator) || named?.deputyUserId === userId || named?.coordinatorUserId === userId)
  );
}

/** Only an open action agreed with this peer worker can be followed up (once). */
export function assertActionOpenForFollowUp(
  action: Pick<SupervisionAction, 'peerWorkerId' | 'status'> | null,
  peerWorkerId: string,
  field: string,
): asserts action is NonNullable<typeof action> {
  if (!action || action.peerWorkerId !== peerWorkerId)
    throw new UnprocessableError('actionId must name an action agreed with this peer worker', `${field}.actionId`);
  if (action.status !== 'open')
    throw new UnprocessableError(`That action was already followed up (${action.status})`, `${field}.actionId`);
}

/**
 * A follow-up in the session held on `heldOn` of an action agreed on `agreedOn`: never in an earlier session;
 * a carried-forward action takes a new due date on or after the session, and only it does. Returns that date.
 */
export function carriedForwardDueOn(
  followUp: Pick<ActionFollowUpInput, 'outcome' | 'newDueOn'>,
  agreedOn: string,
  heldOn: string,
  field: string,
): string | null {
  if (agreedOn > heldOn)
    throw new UnprocessableError(
      'An action is followed up in a later session than the one that agreed it',
      `${field}.actionId`,
    );
  if (followUp.outcome === 'carried_forward') {
    if (!followUp.newDueOn)
      throw new UnprocessableError('A carried-forward action needs a new due date', `${field}.newDueOn`);
    if (followUp.newDueOn < heldOn)
      throw new UnprocessableError('The new due date is on or after this session', `${field}.newDueOn`);
    return followUp.newDueOn;
  }
  if (followUp.newDueOn)
    throw new UnprocessableError('Only a carried-forward action takes a new due date', `${field}.newDueOn`);
  return null;
}

export const concernSummary = (c: SupervisionConcern): ConcernSummaryResponse => ({
  id: c.id,
  category: c.category,
  summary: c.summary,
  episodeId: c.episodeId,
  state: c.state,
});
