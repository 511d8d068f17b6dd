import { randomUUID } from 'node:crypto';
import {
  deliverySite,
  DeliverySite,
  episodeInCommunity,
  hoursFromNow,
  londonDate,
  pairedEpisode,
  PeerWorkerAccount,
  peerWorkerAccount,
  wardMeeting,
  Workforce,
} from '../support/builders';
import { waitFor } from '../scheduling/scheduling-fixtures';
import type { TestApp, TestUser } from '../support/test-app';

/**
 * Two sites, each with its coordinator (and deputy, ward and ward staff); on the first, two peer workers with
 * separate caseloads. Every record the scope walk addresses belongs to the first site and the first peer
 * worker's caseload ("own"); the second site's coordinator is "other site", the second peer worker "other caseload".
 */
export interface ScopeFixture {
  north: DeliverySite;
  south: DeliverySite;
  ownPeer: PeerWorkerAccount;
  otherPeer: PeerWorkerAccount;
  /** Record ids by the kind of record a path parameter names (see idFor). */
  ids: Record<string, string | null>;
  /** Every id of a record of the own site: none of them may appear in an answer to the other site. */
  ownIds: string[];
}

const one = async (t: TestApp, sql: string, params: unknown[]): Promise<string | null> =>
  (await t.dataSource.query<{ id: string }[]>(sql, params))[0]?.id ?? null;

export async function scopeFixture(t: TestApp): Promise<ScopeFixture> {
  const north = await deliverySite(t, 'North Riverside');
  const south = await deliverySite(t, 'South Riverside');
  const ownPeer = await peerWorkerAccount(t, north);
  const otherPeer = await peerWorkerAccount(t, north);
  const episode = await episodeInCommunity(t, north, ownPeer);
  const otherEpisode = await pairedEpisode(t, north, otherPeer.peerWorkerId);
  const token = north.coordinator.token;
  const serviceUser = await one(t, `SELECT service_user_id AS id FROM support_episodes WHERE id = $1`, [episode]);
  const absence = await t.expect(201, 'POST', '/api/v1/absences', {
    token,
    body: {
      subject: 'peer_worker',
      peerWorkerId: ownPeer.peerWorkerId,
      kind: 'annual_leave',
      planned: true,
      startsOn: londonDate(30),
      expectedEndOn: londonDate(33),
    },
  });
  const workforce = await Workforce.of(t, token, north.siteId);
  const trainee = await workforce.trainee({ displayName: 'Trainee On North' });
  const individual = await t.expect(201, 'POST', '/api/v1/supervision/individual-sessions', {
    token,
    body: { peerWorkerId: ownPeer.peerWorkerId, heldOn: londonDate(-5) },
  });
  const group = await t.expect(201, 'POST', '/api/v1/supervision/group-sessions', {
    token,
    body: {
      siteId: north.siteId,
      heldOn: londonDate(-3),
      attendeePeerWorkerIds: [ownPeer.peerWorkerId],
      themes: ['self-care after difficult visits'],
      concerns: [{ category: 'safety', summary: 'Team base door code shared too widely' }],
    },
  });
  // A crisis plan on the episode and a wellbeing plan of the peer worker, so their reads have a record to find.
  await t.expect(201, 'POST', `/api/v1/support-episodes/${episode}/plans`, {
    token,
    body: exampleBody(t, 'POST', '/api/v1/support-episodes/:id/plans'),
  });
  await t.expect(201, 'POST', `/api/v1/peer-workers/${ownPeer.peerWorkerId}/wellbeing-plan/versions`, {
    token: ownPeer.user.token,
    body: {
      ...(exampleBody(t, 'POST', '/api/v1/peer-workers/:id/wellbeing-plan/versions') as object),
      basedOnVersion: null,
    },
  });
  const dischargeMeeting = await t.expect(201, 'POST', `/api/v1/support-episodes/${episode}/discharge-meetings`, {
    token,
    body: {
      ...(exampleBody(t, 'POST', '/api/v1/support-episodes/:id/discharge-meetings') as object),
      communityTeamId: undefined,
    },
  });
  // An appointed peer worker (recruited and trained; the only kind FHIR shows as a Practitioner), who also covers
  // the own peer worker's episode in their absence: the cover arrangement and its handover note belong to the case.
  const colleague = await workforce.ready({ displayName: 'Colleague On North', withAccount: true }, 'active');
  const coverPlan = await t.expect(200, 'POST', `/api/v1/absences/${absence.id}/cover-plan`, {
    token,
    body: {
      arrangements: [{ episodeId: episode, arrangement: 'cover', peerWorkerId: colleague.id, reason: 'Knows them' }],
    },
  });
  const coverArrangement: string = coverPlan.episodes[0].arrangement.id;
  const handoverNote = await t.expect(201, 'POST', `/api/v1/cover-arrangements/${coverArrangement}/handover`, {
    token: ownPeer.user.token,
    body: { riskAndSafety: 'Crisis plan shared with the community team.' },
  });
  // A lone-working visit the own peer worker started from a home visit on the episode.
  const homeVisit = await t.expect(201, 'POST', `/api/v1/support-episodes/${episode}/meetings`, {
    token: ownPeer.user.token,
    body: wardMeeting(hoursFromNow(0.1), { setting: 'service_user_home' }),
  });
  const visit = await t.expect(201, 'POST', `/api/v1/meetings/${homeVisit.id}/visit`, {
    token: ownPeer.user.token,
    body: { location: '14 Mill Lane, ground floor flat', expectedEndAt: hoursFromNow(1) },
  });
  // An attention item: a third peer worker of the site leaves, and their episode goes on the coordinator's queue.
  const leaver = await peerWorkerAccount(t, north);
  await pairedEpisode(t, north, leaver.peerWorkerId);
  await t.expect(200, 'POST', `/api/v1/peer-workers/${leaver.peerWorkerId}/status`, {
    token,
    body: { status: 'left', reason: 'Resigned: moving away' },
  });
  const ids: Record<string, string | null> = {
    site: north.siteId,
    ward: north.wardId,
    serviceUser,
    consent: await one(t, `SELECT id FROM consent_records WHERE service_user_id = $1`, [serviceUser]),
    episode,
    meeting: await one(t, `SELECT id FROM meetings WHERE episode_id = $1 ORDER BY created_at LIMIT 1`, [episode]),
    plannedContact: await one(t, `SELECT id FROM planned_contacts WHERE episode_id = $1 LIMIT 1`, [episode]),
    dischargeMeeting: dischargeMeeting.id,
    peerWorker: ownPeer.peerWorkerId,
    user: ownPeer.user.id,
    absence: absence.id,
    campaign: workforce.campaignId,
    application: trainee.applicationId,
    trainingSession: workforce.sessions[0].sessionId,
    individualSession: individual.id,
    groupSession: group.id,
    coordinatorQueueItem: await one(t, `SELECT id FROM supervision_concerns WHERE group_session_id = $1 LIMIT 1`, [
      group.id,
    ]),
    // Sent by the worker as the fixture's events are relayed: wait for the first one to the own peer worker.
    notification: await waitFor('a notification to the own peer worker', () =>
      one(t, `SELECT id FROM notifications WHERE recipient_user_id = $1 LIMIT 1`, [ownPeer.user.id]),
    ),
    loneWorkingVisit: visit.id,
    coverArrangement,
    handoverNote: handoverNote.id,
    practitioner: colleague.id,
    attentionItem: await one(t, `SELECT id FROM attention_items WHERE site_id = $1 LIMIT 1`, [north.siteId]),
  };
  void otherEpisode;
  const ownIds = Object.values(ids).filter((id): id is string => !!id);
  return { north, south, ownPeer, otherPeer, ids, ownIds };
}

/** The kind of record each path parameter names, from the path segment before it. */
export function kindOf(url: string, param: string): string | null {
  const before = url.split(`/:${param}`)[0];
  const segment = before.split('/').slice(-1)[0];
  const byParam: Record<string, string> = {
    siteId: 'site',
    peerWorkerId: 'peerWorker',
    userId: 'user',
    wardId: 'ward',
    consentId: 'consent',
  };
  if (byParam[param]) return byParam[param];
  const bySegment: Record<string, string> = {
    sites: 'site',
    'service-users': 'serviceUser',
    'support-episodes': 'episode',
    meetings: 'meeting',
    'planned-contacts': 'plannedContact',
    'discharge-meetings': 'dischargeMeeting',
    'peer-workers': 'peerWorker',
    users: 'user',
    absences: 'absence',
    campaigns: 'campaign',
    applications: 'application',
    sessions: 'trainingSession',
    'individual-sessions': 'individualSession',
    'group-sessions': 'groupSession',
    'coordinator-queue': 'coordinatorQueueItem',
    notifications: 'notification',
    visits: 'loneWorkingVisit',
    'cover-arrangements': 'coverArrangement',
    'handover-notes': 'handoverNote',
    'attention-items': 'attentionItem',
    Patient: 'serviceUser',
    EpisodeOfCare: 'episode',
    Encounter: 'meeting',
    Appointment: 'meeting',
    CareTeam: 'episode',
    Practitioner: 'practitioner',
    PractitionerRole: 'practitioner',
    CarePlan: 'episode',
  };
  return bySegment[segment] ?? null;
}

/** The route with every parameter filled: the own record's id, a fixed value, or (for `missing`) a random id. */
export function fill(url: string, fixture: ScopeFixture, missing = false): string | null {
  let unresolved = false;
  const filled = url.replace(/:([A-Za-z]+)/g, (_, param: string) => {
    if (param === 'kind') return 'crisis_plan';
    if (param === 'step') return 'shadowing';
    const kind = kindOf(url, param);
    const id = kind ? fixture.ids[kind] : null;
    if (!id) unresolved = true;
    return missing ? randomUUID() : (id ?? randomUUID());
  });
  return unresolved && !missing ? null : filled;
}

export type { TestUser };

type Json = Record<string, unknown>;
const resolveRef = (doc: Json, schema: Json | undefined): Json | undefined => {
  const ref = schema?.$ref as string | undefined;
  if (!ref) return schema;
  return ref
    .split('/')
    .slice(1)
    .reduce<any>((node, part) => node?.[part], doc) as Json;
};

/** A body built from the OpenAPI document's examples (nested objects too), so a write gets past validation. */
export function exampleBody(t: TestApp, method: string, url: string): unknown {
  const doc = t.openApi as unknown as Json;
  const path = url.replace(/:([A-Za-z]+)/g, '{$1}');
  const op = ((doc.paths as Json)[path] as Json | undefined)?.[method.toLowerCase()] as Json | undefined;
  const content = (op?.requestBody as Json | undefined)?.content as Json | undefined;
  const schema = resolveRef(doc, (content?.['application/json'] as Json | undefined)?.schema as Json | undefined);
  const build = (s: Json | undefined, depth: number): unknown => {
    const r = resolveRef(doc, s);
    if (!r || depth > 5) return undefined;
    if (r.example !== undefined) return r.example;
    if (r.allOf) return build((r.allOf as Json[])[0], depth + 1);
    if (r.type === 'array') return [build(r.items as Json, depth + 1)].filter((v) => v !== undefined);
    if (r.properties)
      return Object.fromEntries(
        Object.entries(r.properties as Record<string, Json>)
          .map(([k, v]) => [k, build(v, depth + 1)])
          .filter(([, v]) => v !== undefined),
      );
    return undefined;
  };
  return build(schema, 0) ?? {};
}
