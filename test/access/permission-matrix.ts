import { Role } from '../../src/common/auth/role';

export const PUBLIC = 'public' as const;

const A = Role.Admin;
const C = Role.Coordinator;
const P = Role.PeerWorker;
const W = Role.WardStaff;
const I = Role.Integration;

/**
 * Who may call each route: the access policy as data, kept here apart from the code's @Access decorators
 * and compared with them by permission-matrix.e2e-spec.ts (a route missing here fails the test; so does a
 * decorator that drifts from this table). Changing a line here is a security decision: say why in the commit.
 *
 * The rules behind it (handbook words): admins run the service (sites, integration clients, queues, audit,
 * naming each site's coordinator and deputy); coordinators manage their own sites' people, recruitment,
 * training, pairing and plans, but never set another person's password or name themself coordinator;
 * peer workers see and record their own caseload's support, supervision and wellbeing; ward staff record
 * referrals, ward meetings, discharges and readmissions for their ward; integration clients (EPR systems)
 * read FHIR, subscribe to webhooks and send ward events. Record-level scope (own site, own caseload, the
 * named coordinator) is enforced by each service and tested per area and in test/reliability/authority.
 */
export const PERMISSION_MATRIX: Record<string, readonly Role[] | typeof PUBLIC> = {
  'GET /.well-known/oauth-authorization-server': PUBLIC,
  'GET /api/v1/fidelity': [A, C],
  // The coordinator's attention queue (episodes left without a responsible peer worker): coordinators and admins.
  'GET /api/v1/sites/:id/attention-items': [A, C],
  'POST /api/v1/attention-items/:id/resolution': [A, C],
  // Ward events kept unapplied (out of order, unknown NHS number): for the site's coordinators.
  'GET /api/v1/sites/:id/ward-events': [A, C],
  // Outcome measures: recorded by the supporting peer worker or the coordinator; site figures for coordinators.
  'GET /api/v1/outcome-instruments': [A, C, P],
  'GET /api/v1/outcomes': [A, C],
  'GET /api/v1/peer-workers/:id/wellbeing-measures': [A, C, P],
  'POST /api/v1/peer-workers/:id/wellbeing-measures': [A, C, P],
  'GET /api/v1/support-episodes/:id/outcome-administrations': [A, C, P],
  'POST /api/v1/support-episodes/:id/outcome-administrations': [A, C, P],
  'GET /api/v1/reports/readmissions': [A, C],
  // The research extract spans every site and there is no research data manager role: admins only (issue 14).
  'GET /api/v1/research-extracts': [A],
  'GET /api/v1/research-extracts/data-dictionary': [A],
  'GET /api/v1/research-extracts/:keyId/:file': [A],
  'GET /api/v1/support-episodes/:id/fidelity': [A, C],
  'GET /api/v1/absences': [A, C, P, W],
  'POST /api/v1/absences': [A, C, P],
  'GET /api/v1/absences/:id': [A, C, P, W],
  'PATCH /api/v1/absences/:id': [A, C],
  'GET /api/v1/absences/:id/cover-plan': [A, C],
  'POST /api/v1/absences/:id/cover-plan': [A, C],
  'GET /api/v1/absences/:id/history': [A, C, P, W],
  'POST /api/v1/absences/:id/transitions': [A, C, P],
  'GET /api/v1/admin/outbox': [A],
  'POST /api/v1/admin/outbox/relay': [A],
  'POST /api/v1/admin/queues/:queue/jobs/:jobId/retry': [A],
  'GET /api/v1/admin/queues/failed': [A],
  'GET /api/v1/audit-events': [A],
  'POST /api/v1/auth/login': PUBLIC,
  'POST /api/v1/auth/logout': PUBLIC,
  'GET /api/v1/auth/me': [A, C, P, W, I],
  // Every person changes their own password (an EPR client has none).
  'POST /api/v1/auth/password': [A, C, P, W],
  'POST /api/v1/auth/refresh': PUBLIC,
  // The one-time reset token an admin issued is the credential.
  'POST /api/v1/auth/password-reset': PUBLIC,
  'POST /api/v1/auth/token': PUBLIC,
  'GET /api/v1/coordinator-queue': [A, C, P, W],
  'POST /api/v1/coordinator-queue/:id/resolution': [A, C, P, W],
  'POST /api/v1/cover-arrangements/:id/hand-back': [A, C, P],
  'POST /api/v1/cover-arrangements/:id/handover': [A, C, P],
  'GET /api/v1/cover-arrangements/:id/handover-notes': [A, C, P],
  'GET /api/v1/discharge-meetings/:id': [A, C, W, P],
  // Replay of the published domain events: admins (every site) and integration clients (their sites).
  'GET /api/v1/events': [A, I],
  'POST /api/v1/handover-notes/:id/acknowledgement': [P],
  'GET /api/v1/integration-clients': [A],
  'POST /api/v1/integration-clients': [A],
  'POST /api/v1/integration/ward-events': [I],
  'GET /api/v1/lone-working/visits': [A, C],
  'GET /api/v1/lone-working/visits/:id': [A, C, P],
  'POST /api/v1/lone-working/visits/:id/acknowledgement': [A, C],
  'POST /api/v1/lone-working/visits/:id/check-in': [P],
  'POST /api/v1/lone-working/visits/:id/check-out': [P],
  'GET /api/v1/meetings': [A, C, P],
  'GET /api/v1/meetings/:id': [A, C, P],
  'POST /api/v1/meetings/:id/cancellation': [A, C, P],
  'POST /api/v1/meetings/:id/held': [A, C, P],
  'POST /api/v1/meetings/:id/missed': [A, C, P],
  'POST /api/v1/meetings/:id/reschedule': [A, C, P],
  'GET /api/v1/meetings/:id/transitions': [A, C, P],
  'POST /api/v1/meetings/:id/visit': [P],
  'GET /api/v1/notifications': [A, C, P, W],
  'POST /api/v1/notifications/:id/acknowledge': [A, C, P, W],
  'GET /api/v1/peer-workers': [A, C, P],
  'POST /api/v1/peer-workers': [A, C],
  'GET /api/v1/peer-workers/:id': [A, C, P],
  'PATCH /api/v1/peer-workers/:id': [A, C, P],
  'GET /api/v1/peer-workers/:id/caseload': [A, C, P],
  'PUT /api/v1/peer-workers/:id/checks': [A, C],
  // The code of ethics is acknowledged by the peer worker themself (issue 13): nobody else, not even an admin.
  'POST /api/v1/peer-workers/:id/code-of-ethics-acknowledgement': [P],
  'GET /api/v1/code-of-ethics': [A, C, P],
  'POST /api/v1/code-of-ethics/versions': [A],
  'GET /api/v1/peer-workers/:id/induction': [A, C, P],
  'PUT /api/v1/peer-workers/:id/induction/:step': [A, C],
  'GET /api/v1/peer-workers/:id/readiness': [A, C, P],
  'GET /api/v1/peer-workers/:id/reserve-inductions': [A, C, P],
  'POST /api/v1/peer-workers/:id/reserve-inductions': [A, C],
  'POST /api/v1/peer-workers/:id/status': [A, C],
  // Employment and welfare support (handbook 6.7): recorded by the coordinator, read by them and the peer worker.
  'GET /api/v1/peer-workers/:id/support-contacts': [A, C, P],
  'POST /api/v1/peer-workers/:id/support-contacts': [A, C],
  'GET /api/v1/peer-workers/:id/status-history': [A, C, P],
  'GET /api/v1/peer-workers/:id/training-record': [A, C, P],
  'GET /api/v1/peer-workers/:id/wellbeing-plan': [A, C, P, W],
  'GET /api/v1/peer-workers/:id/wellbeing-plan/versions': [A, C, P, W],
  'POST /api/v1/peer-workers/:id/wellbeing-plan/versions': [A, C, P, W],
  'POST /api/v1/planned-contacts/:id/outcome': [A, C, P],
  'GET /api/v1/recruitment/applications/:id': [A, C],
  'GET /api/v1/recruitment/applications/:id/history': [A, C],
  'POST /api/v1/recruitment/applications/:id/transitions': [A, C],
  'GET /api/v1/recruitment/campaigns': [A, C],
  'POST /api/v1/recruitment/campaigns': [A, C],
  'GET /api/v1/recruitment/campaigns/:id': [A, C],
  'GET /api/v1/recruitment/campaigns/:id/applications': [A, C],
  'POST /api/v1/recruitment/campaigns/:id/applications': [A, C],
  'GET /api/v1/recruitment/campaigns/:id/figures': [A, C],
  'GET /api/v1/reports/operational': [A, C],
  'GET /api/v1/reports/operational.csv': [A, C],
  'GET /api/v1/service-users': [A, C, W, P, I],
  'POST /api/v1/service-users': [A, C, I],
  'GET /api/v1/service-users/:id': [A, C, W, P, I],
  'PATCH /api/v1/service-users/:id': [A, C, W, I],
  'GET /api/v1/service-users/:id/consents': [A, C, W, P, I],
  'POST /api/v1/service-users/:id/consents': [A, C, W],
  'POST /api/v1/service-users/:id/consents/:consentId/withdrawal': [A, C, W],
  'GET /api/v1/service-users/:id/matching-preferences': [A, C, P],
  'PUT /api/v1/service-users/:id/matching-preferences': [A, C],
  'GET /api/v1/sites': [A, C, P, W],
  'POST /api/v1/sites': [A],
  'GET /api/v1/sites/:id': [A, C, P, W],
  'PATCH /api/v1/sites/:id': [A],
  'GET /api/v1/sites/:id/community-teams': [A, C, P, W],
  'POST /api/v1/sites/:id/community-teams': [A, C],
  'GET /api/v1/sites/:id/support-plan-template': [A, C, P],
  'PUT /api/v1/sites/:id/support-plan-template': [A, C],
  'GET /api/v1/sites/:id/wards': [A, C, P, W],
  'POST /api/v1/sites/:id/wards': [A, C],
  'GET /api/v1/sites/:siteId/coordinator': [A, C, P],
  'PUT /api/v1/sites/:siteId/coordinator': [A],
  'GET /api/v1/sites/:siteId/peer-support-resources': [A, C, P, W],
  'POST /api/v1/sites/:siteId/peer-support-resources': [A, C],
  'GET /api/v1/sites/:siteId/support-routing': [A, C, P, W],
  'GET /api/v1/sites/:siteId/team-preparation': [A, C],
  'GET /api/v1/supervision/group-sessions': [A, C, P, W],
  'POST /api/v1/supervision/group-sessions': [A, C, P, W],
  'GET /api/v1/supervision/group-sessions/:id': [A, C, P, W],
  'GET /api/v1/supervision/individual-sessions': [A, C, P, W],
  'POST /api/v1/supervision/individual-sessions': [A, C, P, W],
  'GET /api/v1/supervision/individual-sessions/:id': [A, C, P, W],
  'GET /api/v1/supervision/overdue': [A, C, P, W],
  'GET /api/v1/supervision/peer-workers/:peerWorkerId/actions': [A, C, P, W],
  'GET /api/v1/support-episodes': [A, C, W, P, I],
  'POST /api/v1/support-episodes': [A, C, W, I],
  'GET /api/v1/support-episodes/:id': [A, C, W, P, I],
  'POST /api/v1/support-episodes/:id/allocation': [A, C],
  'GET /api/v1/support-episodes/:id/community-plan': [A, C, P],
  'POST /api/v1/support-episodes/:id/community-plan/early-ending': [A, C],
  'POST /api/v1/support-episodes/:id/community-plan/extension': [A, C],
  'POST /api/v1/support-episodes/:id/community-plan/restart': [A, C],
  'POST /api/v1/support-episodes/:id/discharge': [A, C, W, I],
  'GET /api/v1/support-episodes/:id/discharge-meetings': [A, C, W, P],
  'POST /api/v1/support-episodes/:id/discharge-meetings': [A, C, W],
  'POST /api/v1/support-episodes/:id/ending': [A, C],
  'GET /api/v1/support-episodes/:id/meetings': [A, C, P],
  'POST /api/v1/support-episodes/:id/meetings': [A, C, P],
  'POST /api/v1/support-episodes/:id/pair': [C],
  'GET /api/v1/support-episodes/:id/pairing-suggestions': [A, C],
  'GET /api/v1/support-episodes/:id/pairings': [A, C, W, P, I],
  'GET /api/v1/support-episodes/:id/plans': [A, C, P, W],
  'POST /api/v1/support-episodes/:id/plans': [A, C, P],
  'GET /api/v1/support-episodes/:id/plans/:kind': [A, C, P, W],
  'PATCH /api/v1/support-episodes/:id/plans/:kind': [A, C, P],
  'GET /api/v1/support-episodes/:id/plans/:kind/versions': [A, C, P],
  'POST /api/v1/support-episodes/:id/readmission': [A, C, W, I],
  'GET /api/v1/support-episodes/:id/transitions': [A, C, W, P, I],
  // The follow-up record (index discharge, horizon, readmissions) for both arms.
  'GET /api/v1/support-episodes/:id/readmissions': [A, C, W, I],
  'GET /api/v1/support-episodes/allocation-audit': [A],
  'POST /api/v1/support-episodes/eligibility-check': [A, C, W, I],
  'POST /api/v1/team-preparation-workshops': [A, C],
  'POST /api/v1/training/assessments': [A, C],
  'GET /api/v1/training/modules': [A, C, P],
  'POST /api/v1/training/modules': [A, C],
  'GET /api/v1/training/sessions': [A, C, P],
  'POST /api/v1/training/sessions': [A, C],
  'PUT /api/v1/training/sessions/:id/attendance': [A, C],
  'GET /api/v1/training/sessions/:id/feedback': [A, C],
  'POST /api/v1/training/sessions/:id/feedback': [A, C, P],
  'GET /api/v1/users': [A, C],
  'POST /api/v1/users': [A, C],
  'GET /api/v1/users/:id': [A, C],
  'PATCH /api/v1/users/:id': [A, C],
  // Nobody sets another person's password: an admin issues a one-time reset the person redeems.
  'POST /api/v1/users/:id/password-reset': [A],
  'GET /api/v1/users/:userId/wards': [A, C],
  'DELETE /api/v1/users/:userId/wards/:wardId': [A, C],
  'PUT /api/v1/users/:userId/wards/:wardId': [A, C],
  'GET /api/v1/webhook-subscriptions': [A, I],
  'POST /api/v1/webhook-subscriptions': [A, I],
  'DELETE /api/v1/webhook-subscriptions/:id': [A, I],
  'GET /api/v1/webhook-subscriptions/:id/deliveries': [A, I],
  'POST /api/v1/webhook-subscriptions/:id/enable': [A, I],
  'GET /fhir/r4/:resourceType': [I, C, A],
  // FHIR discovery (SMART App Launch) comes before authentication.
  'GET /fhir/r4/.well-known/smart-configuration': PUBLIC,
  // Search by POST reads exactly what search by GET reads.
  'POST /fhir/r4/:resourceType/_search': [I, C, A],
  // Interactions ENRICH does not offer answer 405 OperationOutcome — to the same callers who may read, so an
  // unauthenticated probe learns nothing more than 401.
  'POST /fhir/r4': [I, C, A],
  'GET /fhir/r4/_history': [I, C, A],
  'GET /fhir/r4/:resourceType/_history': [I, C, A],
  'GET /fhir/r4/:resourceType/:id/_history': [I, C, A],
  'GET /fhir/r4/:resourceType/:id/_history/:versionId': [I, C, A],
  'POST /fhir/r4/:resourceType': [I, C, A],
  'PUT /fhir/r4/:resourceType': [I, C, A],
  'PUT /fhir/r4/:resourceType/:id': [I, C, A],
  'PATCH /fhir/r4/:resourceType/:id': [I, C, A],
  'DELETE /fhir/r4/:resourceType': [I, C, A],
  'DELETE /fhir/r4/:resourceType/:id': [I, C, A],
  'GET /fhir/r4/:resourceType/:id': [I, C, A],
  'GET /fhir/r4/Appointment': [I, C, A],
  'GET /fhir/r4/Appointment/:id': [I, C, A],
  'GET /fhir/r4/CarePlan': [I, C, A],
  'GET /fhir/r4/CarePlan/:id': [I, C, A],
  'GET /fhir/r4/CareTeam': [I, C, A],
  'GET /fhir/r4/CareTeam/:id': [I, C, A],
  'GET /fhir/r4/Encounter': [I, C, A],
  'GET /fhir/r4/Encounter/:id': [I, C, A],
  'GET /fhir/r4/EpisodeOfCare': [I, C, A],
  'GET /fhir/r4/EpisodeOfCare/:id': [I, C, A],
  'GET /fhir/r4/Patient': [I, C, A],
  'GET /fhir/r4/Patient/:id': [I, C, A],
  'GET /fhir/r4/Practitioner': [I, C, A],
  'GET /fhir/r4/Practitioner/:id': [I, C, A],
  'GET /fhir/r4/PractitionerRole': [I, C, A],
  'GET /fhir/r4/PractitionerRole/:id': [I, C, A],
  'GET /fhir/r4/metadata': PUBLIC,
  // The coordinator dashboard (HTML, outside /api/v1 and openapi.json): the same roles as the reports it draws
  // from; signing in and out by form are public (the form's credentials and CSRF token are what they check).
  'GET /dashboard': [A, C],
  'GET /dashboard/sites/:siteId': [A, C],
  // The episode behind a fidelity miss, opened from the site page: the coordinators who see that page.
  'GET /dashboard/support-episodes/:episodeId': [A, C],
  'GET /dashboard/sign-in': PUBLIC,
  'POST /dashboard/sign-in': PUBLIC,
  'POST /dashboard/sign-out': PUBLIC,
  'GET /health/live': PUBLIC,
  'GET /health/ready': PUBLIC,
};

/**
 * The record-level dimension: for a route that addresses one site's record, what a coordinator of ANOTHER site
 * and a peer worker of the same site whose caseload the record is NOT in get, written from the product's rules:
 *
 * - Another site's record is `hidden`: answered exactly as a record that does not exist (404 for a read; for a
 *   write, the same answer an unknown id gets), so no answer tells that it exists (no existence oracle).
 * - SITE: a record of the site as a whole (the site, its wards, teams, resources, users, recruitment, training):
 *   every peer worker of the site sees it; another site's coordinator does not.
 * - CASELOAD: a service user's record (service user, episode, meetings, plans, contacts, outcomes): the paired
 *   peer worker sees it, another peer worker of the same site does not.
 * - PERSONAL: a peer worker's own record (profile, training, absences, individual supervision, wellbeing):
 *   the peer worker themself sees it, another peer worker does not.
 * - COORDINATORS: a site record only those acting for the coordinator see (group supervision, the
 *   coordinator's queue): peer workers do not, their own group session included.
 * - RECIPIENT: a notification: only the person it was sent to.
 * The peer-worker cells apply where the role table lets peer workers call the route at all. The walk fills
 * every path parameter with the own site's real record (fixtures in scope-fixtures.ts), so the own case is
 * walked too: every read answers the own coordinator and (where they see it) the own peer worker 2xx.
 * `unscoped` routes address no one site's record (say why); every other entry is walked (a route whose record
 * the fixture does not build fails the walk).
 */
export type RecordScope =
  { kind: 'SITE' | 'CASELOAD' | 'PERSONAL' | 'COORDINATORS' | 'RECIPIENT' } | { kind: 'unscoped'; why: string };

const SITE: RecordScope = { kind: 'SITE' };
const CASELOAD: RecordScope = { kind: 'CASELOAD' };
const PERSONAL: RecordScope = { kind: 'PERSONAL' };
const COORDINATORS: RecordScope = { kind: 'COORDINATORS' };
const RECIPIENT: RecordScope = { kind: 'RECIPIENT' };
const unscoped = (why: string): RecordScope => ({ kind: 'unscoped', why });
const ADMIN_ONLY = unscoped('admins only: every site is theirs');
const FHIR_INTERACTION = unscoped('an interaction ENRICH does not offer: 404/405 OperationOutcome for any id');
const CLIENT_OWNED = unscoped('owned by the integration client that made it; another client gets 404 (webhooks tests)');

/** Every route that has a path parameter; routes without one address no single record (lists, creates, self). */
export const RECORD_SCOPE: Record<string, RecordScope> = {
  'GET /api/v1/sites/:id': SITE,
  'PATCH /api/v1/sites/:id': ADMIN_ONLY,
  'GET /api/v1/sites/:id/wards': SITE,
  'POST /api/v1/sites/:id/wards': SITE,
  'GET /api/v1/sites/:id/community-teams': SITE,
  'POST /api/v1/sites/:id/community-teams': SITE,
  'GET /api/v1/sites/:id/support-plan-template': SITE,
  'PUT /api/v1/sites/:id/support-plan-template': SITE,
  'GET /api/v1/sites/:id/attention-items': SITE,
  'GET /api/v1/sites/:id/ward-events': SITE,
  'GET /api/v1/sites/:siteId/coordinator': SITE,
  'PUT /api/v1/sites/:siteId/coordinator': ADMIN_ONLY,
  'GET /api/v1/sites/:siteId/peer-support-resources': SITE,
  'POST /api/v1/sites/:siteId/peer-support-resources': SITE,
  'GET /api/v1/sites/:siteId/support-routing': SITE,
  'GET /api/v1/sites/:siteId/team-preparation': SITE,
  'POST /api/v1/attention-items/:id/resolution': SITE,
  'GET /api/v1/users/:id': SITE,
  'PATCH /api/v1/users/:id': SITE,
  'POST /api/v1/users/:id/password-reset': ADMIN_ONLY,
  'GET /api/v1/users/:userId/wards': SITE,
  'PUT /api/v1/users/:userId/wards/:wardId': SITE,
  'DELETE /api/v1/users/:userId/wards/:wardId': SITE,
  'GET /api/v1/recruitment/campaigns/:id': SITE,
  'GET /api/v1/recruitment/campaigns/:id/applications': SITE,
  'POST /api/v1/recruitment/campaigns/:id/applications': SITE,
  'GET /api/v1/recruitment/campaigns/:id/figures': SITE,
  'GET /api/v1/recruitment/applications/:id': SITE,
  'GET /api/v1/recruitment/applications/:id/history': SITE,
  'POST /api/v1/recruitment/applications/:id/transitions': SITE,
  'PUT /api/v1/training/sessions/:id/attendance': SITE,
  'GET /api/v1/training/sessions/:id/feedback': SITE,
  // Feedback is given by a peer worker who attended: anyone else is told the session does not exist.
  'POST /api/v1/training/sessions/:id/feedback': PERSONAL,
  'GET /api/v1/peer-workers/:id': PERSONAL,
  'PATCH /api/v1/peer-workers/:id': PERSONAL,
  'GET /api/v1/peer-workers/:id/caseload': PERSONAL,
  'PUT /api/v1/peer-workers/:id/checks': PERSONAL,
  'POST /api/v1/peer-workers/:id/code-of-ethics-acknowledgement': PERSONAL,
  'GET /api/v1/peer-workers/:id/induction': PERSONAL,
  'PUT /api/v1/peer-workers/:id/induction/:step': PERSONAL,
  'GET /api/v1/peer-workers/:id/readiness': PERSONAL,
  'GET /api/v1/peer-workers/:id/reserve-inductions': PERSONAL,
  'POST /api/v1/peer-workers/:id/reserve-inductions': PERSONAL,
  'POST /api/v1/peer-workers/:id/status': PERSONAL,
  'GET /api/v1/peer-workers/:id/support-contacts': PERSONAL,
  'POST /api/v1/peer-workers/:id/support-contacts': PERSONAL,
  'GET /api/v1/peer-workers/:id/status-history': PERSONAL,
  'GET /api/v1/peer-workers/:id/training-record': PERSONAL,
  // Only the peer worker, the site's named coordinator and deputy (the fixture's own coordinator is named).
  'GET /api/v1/peer-workers/:id/wellbeing-plan': PERSONAL,
  'GET /api/v1/peer-workers/:id/wellbeing-plan/versions': PERSONAL,
  'POST /api/v1/peer-workers/:id/wellbeing-plan/versions': PERSONAL,
  'GET /api/v1/peer-workers/:id/wellbeing-measures': PERSONAL,
  'POST /api/v1/peer-workers/:id/wellbeing-measures': PERSONAL,
  'GET /api/v1/supervision/peer-workers/:peerWorkerId/actions': PERSONAL,
  'GET /api/v1/supervision/individual-sessions/:id': PERSONAL,
  'GET /api/v1/supervision/group-sessions/:id': COORDINATORS,
  'POST /api/v1/coordinator-queue/:id/resolution': COORDINATORS,
  'GET /api/v1/absences/:id': PERSONAL,
  'PATCH /api/v1/absences/:id': PERSONAL,
  'GET /api/v1/absences/:id/history': PERSONAL,
  'POST /api/v1/absences/:id/transitions': PERSONAL,
  'GET /api/v1/absences/:id/cover-plan': PERSONAL,
  'POST /api/v1/absences/:id/cover-plan': PERSONAL,
  'POST /api/v1/cover-arrangements/:id/handover': CASELOAD,
  'POST /api/v1/cover-arrangements/:id/hand-back': CASELOAD,
  'GET /api/v1/cover-arrangements/:id/handover-notes': CASELOAD,
  'POST /api/v1/handover-notes/:id/acknowledgement': CASELOAD,
  'POST /api/v1/notifications/:id/acknowledge': RECIPIENT,
  'GET /api/v1/service-users/:id': CASELOAD,
  'PATCH /api/v1/service-users/:id': CASELOAD,
  'GET /api/v1/service-users/:id/consents': CASELOAD,
  'POST /api/v1/service-users/:id/consents': CASELOAD,
  'POST /api/v1/service-users/:id/consents/:consentId/withdrawal': CASELOAD,
  'GET /api/v1/service-users/:id/matching-preferences': CASELOAD,
  'PUT /api/v1/service-users/:id/matching-preferences': CASELOAD,
  'GET /api/v1/support-episodes/:id': CASELOAD,
  'POST /api/v1/support-episodes/:id/allocation': CASELOAD,
  'GET /api/v1/support-episodes/:id/community-plan': CASELOAD,
  'POST /api/v1/support-episodes/:id/community-plan/early-ending': CASELOAD,
  'POST /api/v1/support-episodes/:id/community-plan/extension': CASELOAD,
  'POST /api/v1/support-episodes/:id/community-plan/restart': CASELOAD,
  'POST /api/v1/support-episodes/:id/discharge': CASELOAD,
  'GET /api/v1/support-episodes/:id/discharge-meetings': CASELOAD,
  'POST /api/v1/support-episodes/:id/discharge-meetings': CASELOAD,
  'POST /api/v1/support-episodes/:id/ending': CASELOAD,
  'GET /api/v1/support-episodes/:id/fidelity': CASELOAD,
  'GET /api/v1/support-episodes/:id/readmissions': CASELOAD,
  'GET /api/v1/support-episodes/:id/meetings': CASELOAD,
  'POST /api/v1/support-episodes/:id/meetings': CASELOAD,
  'GET /api/v1/support-episodes/:id/outcome-administrations': CASELOAD,
  'POST /api/v1/support-episodes/:id/outcome-administrations': CASELOAD,
  'POST /api/v1/support-episodes/:id/pair': CASELOAD,
  'GET /api/v1/support-episodes/:id/pairing-suggestions': CASELOAD,
  'GET /api/v1/support-episodes/:id/pairings': CASELOAD,
  'GET /api/v1/support-episodes/:id/plans': CASELOAD,
  'POST /api/v1/support-episodes/:id/plans': CASELOAD,
  'GET /api/v1/support-episodes/:id/plans/:kind': CASELOAD,
  'PATCH /api/v1/support-episodes/:id/plans/:kind': CASELOAD,
  'GET /api/v1/support-episodes/:id/plans/:kind/versions': CASELOAD,
  'POST /api/v1/support-episodes/:id/readmission': CASELOAD,
  'GET /api/v1/support-episodes/:id/transitions': CASELOAD,
  'GET /api/v1/meetings/:id': CASELOAD,
  'POST /api/v1/meetings/:id/cancellation': CASELOAD,
  'POST /api/v1/meetings/:id/held': CASELOAD,
  'POST /api/v1/meetings/:id/missed': CASELOAD,
  'POST /api/v1/meetings/:id/reschedule': CASELOAD,
  'GET /api/v1/meetings/:id/transitions': CASELOAD,
  'POST /api/v1/meetings/:id/visit': CASELOAD,
  'POST /api/v1/planned-contacts/:id/outcome': CASELOAD,
  'GET /api/v1/discharge-meetings/:id': CASELOAD,
  'GET /api/v1/lone-working/visits/:id': CASELOAD,
  'POST /api/v1/lone-working/visits/:id/acknowledgement': CASELOAD,
  'POST /api/v1/lone-working/visits/:id/check-in': CASELOAD,
  'POST /api/v1/lone-working/visits/:id/check-out': CASELOAD,
  // FHIR reads by a coordinator see their own sites' records only (an EPR client: the sites it is registered for).
  'GET /fhir/r4/Patient/:id': CASELOAD,
  'GET /fhir/r4/EpisodeOfCare/:id': CASELOAD,
  'GET /fhir/r4/Encounter/:id': CASELOAD,
  'GET /fhir/r4/Appointment/:id': CASELOAD,
  'GET /fhir/r4/CarePlan/:id': CASELOAD,
  'GET /fhir/r4/CareTeam/:id': CASELOAD,
  // Only appointed, reserve or active peer workers are Practitioners: the fixture's recruited colleague.
  'GET /fhir/r4/Practitioner/:id': PERSONAL,
  'GET /fhir/r4/PractitionerRole/:id': PERSONAL,
  'GET /fhir/r4/:resourceType': FHIR_INTERACTION,
  'POST /fhir/r4/:resourceType/_search': FHIR_INTERACTION,
  'GET /fhir/r4/:resourceType/:id': FHIR_INTERACTION,
  'GET /fhir/r4/:resourceType/_history': FHIR_INTERACTION,
  'GET /fhir/r4/:resourceType/:id/_history': FHIR_INTERACTION,
  'GET /fhir/r4/:resourceType/:id/_history/:versionId': FHIR_INTERACTION,
  'POST /fhir/r4/:resourceType': FHIR_INTERACTION,
  'PUT /fhir/r4/:resourceType': FHIR_INTERACTION,
  'PUT /fhir/r4/:resourceType/:id': FHIR_INTERACTION,
  'PATCH /fhir/r4/:resourceType/:id': FHIR_INTERACTION,
  'DELETE /fhir/r4/:resourceType': FHIR_INTERACTION,
  'DELETE /fhir/r4/:resourceType/:id': FHIR_INTERACTION,
  'GET /api/v1/webhook-subscriptions/:id/deliveries': CLIENT_OWNED,
  'POST /api/v1/webhook-subscriptions/:id/enable': CLIENT_OWNED,
  'DELETE /api/v1/webhook-subscriptions/:id': CLIENT_OWNED,
  'POST /api/v1/admin/queues/:queue/jobs/:jobId/retry': ADMIN_ONLY,
  'GET /api/v1/research-extracts/:keyId/:file': ADMIN_ONLY,
  // HTML: another site's coordinator gets the same HTML 404 page as an unknown site.
  'GET /dashboard/sites/:siteId': SITE,
  'GET /dashboard/support-episodes/:episodeId': CASELOAD,
};

/**
 * The escalations the access matrix must hold against (issue 17, findings 3-5), as data: who tries what, and
 * what they must get. Walked by permission-matrix.e2e-spec.ts with the scope fixture's people.
 */
export const ESCALATIONS = [
  { attempt: 'a coordinator names themself the site’s named coordinator', expect: 403 },
  { attempt: 'a coordinator sets a peer worker’s password', expect: 403 },
  { attempt: 'a coordinator issues a password reset for a peer worker', expect: 403 },
  { attempt: 'an admin sets a peer worker’s password directly', expect: 403 },
  { attempt: 'an old token reads a service user of a site its holder was removed from', expect: 404 },
  { attempt: 'an old token creates a user after its holder was demoted to ward staff', expect: 403 },
] as const;
