import { Role } from './role';

/**
 * Who is calling: passed explicitly from controller to service so every rule and audit row
 * knows the caller. Built by AccessGuard from a verified access token.
 */
export interface Actor {
  kind: 'user' | 'client';
  /** users.id, or integration_clients.id for a machine client. */
  id: string;
  roles: Role[];
  /** Sites the caller works on; an admin's list is ignored (admins see every site). */
  siteIds: string[];
  /** A machine client's granted OAuth scopes (from its token); absent for people, whose roles decide. */
  scopes?: string[];
  requestId: string;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}

export function isAdmin(actor: Actor): boolean {
  return actor.roles.includes(Role.Admin);
}

/** Whether the caller may act on a record that belongs to `siteId`. */
export function canActOnSite(actor: Actor, siteId: string | null | undefined): boolean {
  return isAdmin(actor) || (siteId != null && actor.siteIds.includes(siteId));
}

/** A system actor for work done by the worker (jobs) rather than a person. */
export function systemActor(requestId: string): Actor {
  return { kind: 'client', id: '00000000-0000-0000-0000-000000000000', roles: [], siteIds: [], requestId };
}
