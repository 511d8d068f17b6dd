/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return --
   the baseline reads pg rows untyped on purpose: no mapping layer is the point of it. */
/**
 * The baseline `npm run bench` compares the app with: node:http and pg, nothing else, answering the benchmarked
 * routes with the same work the app must do — verify the HS256 token, check the account is active, check scope,
 * run the data query, write the audit rows (the audit of personal-data reads is a requirement, so the baseline
 * pays it too) and, for writes, the status history and outbox event in one transaction. No validation library,
 * no ORM, no logging: the floor the app is measured against.
 *
 * Env: DATABASE_URL, PORT, JWT_SECRET.
 */
import { createSecretKey, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import jwt from 'jsonwebtoken';
import { Pool, PoolClient } from 'pg';
import { scheduleSlots, templateSlots, MONDAY_TO_FRIDAY } from '../../src/delivery/step-down/community-plan';
import { isEnglandAndWalesBankHoliday } from '../../src/delivery/step-down/bank-holidays';
import { DEFAULT_SITE_SETTINGS } from '../../src/sites/site-settings';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20, application_name: 'enrich-bare' });
const key = createSecretKey(Buffer.from(process.env.JWT_SECRET ?? '', 'utf8'));

interface Actor {
  id: string;
  kind: string;
  roles: string[];
  sites: string[];
  requestId: string;
}

class HttpError extends Error {
  constructor(readonly status: number) {
    super(String(status));
  }
}

type Q = Pick<PoolClient, 'query'>;

async function authenticate(req: IncomingMessage): Promise<Actor> {
  const [scheme, token] = (req.headers.authorization ?? '').split(' ');
  if (scheme !== 'Bearer' || !token) throw new HttpError(401);
  let claims: { sub: string; kind: string; roles: string[]; sites: string[] };
  try {
    claims = jwt.verify(token, key, { algorithms: ['HS256'], issuer: 'enrich' }) as typeof claims;
  } catch {
    throw new HttpError(401);
  }
  const { rows } = await pool.query('SELECT active FROM users WHERE id = $1', [claims.sub]);
  if (!rows[0]?.active) throw new HttpError(401);
  return { id: claims.sub, kind: claims.kind, roles: claims.roles, sites: claims.sites, requestId: randomUUID() };
}

function audit(
  q: Q,
  actor: Actor,
  action: string,
  resourceType: string,
  resourceId: string | null,
  serviceUserIds: string[],
  details: object,
) {
  // One row for the list or read, one per service user it showed (as AuditService.recordList writes).
  const rows: [string | null, object][] = [
    [null, details],
    ...[...new Set(serviceUserIds)].map((id): [string, object] => [id, {}]),
  ];
  const values: unknown[] = [
    actor.id,
    actor.kind,
    actor.roles.join(','),
    action,
    resourceType,
    resourceId,
    actor.requestId,
  ];
  const tuples = rows.map(([serviceUserId, d]) => {
    values.push(serviceUserId, JSON.stringify(d));
    return `($1, $2, $3, $4, $5, $6, $${values.length - 1}, $7, 'success', $${values.length})`;
  });
  return q.query(
    `INSERT INTO audit_events (actor_id, actor_kind, actor_roles, action, resource_type, resource_id, service_user_id, request_id, outcome, details) VALUES ${tuples.join(', ')}`,
    values,
  );
}

/** The episode if a coordinator of its site (or an admin) asks; else 404. */
async function episodeInScope(q: Q, actor: Actor, episodeId: string, lock = false) {
  const { rows } = await q.query(
    `SELECT id, site_id, service_user_id, state, peer_worker_id, discharged_on, paused_from FROM support_episodes WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [episodeId],
  );
  const episode = rows[0];
  if (!episode || !(actor.roles.includes('admin') || actor.sites.includes(episode.site_id))) throw new HttpError(404);
  return episode;
}

const MEETING_COLUMNS = `id, episode_id, site_id, service_user_id, peer_worker_id, mode, setting, planned_start_at, planned_duration_minutes,
  actual_start_at, actual_end_at, attendees, status, missed_by, cancelled_by, status_reason, record, rescheduled_from_id, rescheduled_to_id,
  recorded_by_id, planned_contact_id, version, created_at, updated_at`;

const MEETING_COLUMNS_OF_M = MEETING_COLUMNS.split(',')
  .map((c) => `m.${c.trim()}`)
  .join(', ');

const toMeeting = (m: Record<string, unknown>) => ({
  id: m.id,
  episodeId: m.episode_id,
  siteId: m.site_id,
  serviceUserId: m.service_user_id,
  peerWorkerId: m.peer_worker_id,
  mode: m.mode,
  setting: m.setting,
  plannedStartAt: m.planned_start_at,
  plannedDurationMinutes: m.planned_duration_minutes,
  actualStartAt: m.actual_start_at,
  actualEndAt: m.actual_end_at,
  attendees: m.attendees,
  status: m.status,
  missedBy: m.missed_by,
  cancelledBy: m.cancelled_by,
  statusReason: m.status_reason,
  record: m.record,
  rescheduledFromId: m.rescheduled_from_id,
  rescheduledToId: m.rescheduled_to_id,
  recordedById: m.recorded_by_id,
  plannedContactId: m.planned_contact_id,
  version: m.version,
  createdAt: m.created_at,
  updatedAt: m.updated_at,
});

async function episodeMeetings(actor: Actor, episodeId: string) {
  const episode = await episodeInScope(pool, actor, episodeId);
  const { rows } = await pool.query(
    `SELECT ${MEETING_COLUMNS} FROM meetings WHERE episode_id = $1 ORDER BY created_at, id LIMIT 51`,
    [episodeId],
  );
  const items = rows.slice(0, 50);
  await audit(pool, actor, 'meeting.list', 'meeting', null, [episode.service_user_id], {
    episodeId,
    ids: items.map((m) => m.id),
  });
  return { items: items.map(toMeeting), nextCursor: null };
}

async function caseload(actor: Actor, peerWorkerId: string) {
  const { rows: workers } = await pool.query(
    'SELECT p.site_id, s.settings FROM peer_workers p JOIN sites s ON s.id = p.site_id WHERE p.id = $1',
    [peerWorkerId],
  );
  if (!workers[0] || !actor.sites.includes(workers[0].site_id)) throw new HttpError(404);
  const { rows } = await pool.query(
    `SELECT e.id AS episode_id, e.state, e.service_user_id, su.given_name, su.family_name, p.kind, p.started_at, e.discharged_on::text AS discharged_on,
            (SELECT min(at) FROM (SELECT m.planned_start_at AS at FROM meetings m WHERE m.episode_id = e.id AND m.status = 'planned'
                                  UNION ALL
                                  SELECT (c.due_on::timestamp AT TIME ZONE 'Europe/London') FROM planned_contacts c
                                   WHERE c.episode_id = e.id AND c.status = 'planned'
                                     AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.planned_contact_id = c.id AND m.status = 'planned')) x) AS next_at
       FROM pairings p JOIN support_episodes e ON e.id = p.episode_id JOIN service_users su ON su.id = e.service_user_id
      WHERE p.peer_worker_id = $1 AND p.ended_at IS NULL AND e.state <> 'ended' ORDER BY p.started_at, p.id`,
    [peerWorkerId],
  );
  const today = Date.now();
  const entries = rows.map((r) => ({
    episodeId: r.episode_id,
    state: r.state,
    serviceUserId: r.service_user_id,
    serviceUserDisplayName: `${r.given_name} ${r.family_name}`,
    pairingKind: r.kind,
    pairedSince: r.started_at,
    nextPlannedContact: r.next_at,
    dischargedOn: r.discharged_on,
    daysSinceDischarge:
      r.discharged_on && ['community_support', 'step_down'].includes(r.state)
        ? Math.floor((today - Date.parse(r.discharged_on)) / 86_400_000)
        : null,
  }));
  await audit(
    pool,
    actor,
    'caseload.list',
    'caseload',
    null,
    entries.map((e) => e.serviceUserId),
    { peerWorkerId, ids: entries.map((e) => e.episodeId) },
  );
  return { peerWorkerId, caseloadCap: workers[0].settings?.caseloadCap ?? 6, episodes: entries };
}

async function episodeList(actor: Actor, url: URL) {
  const after = JSON.parse(Buffer.from(url.searchParams.get('cursor') ?? '', 'base64url').toString('utf8') || 'null');
  const { rows } = await pool.query(
    `SELECT * FROM support_episodes WHERE site_id = ANY($1::uuid[]) AND state = $2 AND (created_at, id) > ($3::timestamptz, $4::uuid) ORDER BY created_at, id LIMIT 51`,
    [
      actor.sites,
      url.searchParams.get('state'),
      after?.createdAt ?? '-infinity',
      after?.id ?? '00000000-0000-0000-0000-000000000000',
    ],
  );
  const items = rows.slice(0, 50);
  await audit(
    pool,
    actor,
    'support_episode.list',
    'support_episode',
    null,
    items.map((e) => e.service_user_id),
    { count: items.length, ids: items.map((e) => e.id) },
  );
  const last = items[items.length - 1];
  return {
    items,
    nextCursor:
      rows.length > 50
        ? Buffer.from(JSON.stringify({ createdAt: last.created_at.toISOString(), id: last.id })).toString('base64url')
        : null,
  };
}

async function fhirSearch(actor: Actor, url: URL, type: 'Encounter' | 'Appointment') {
  const patient = (url.searchParams.get('patient') ?? '').replace(/^Patient\//, '');
  const from = (url.searchParams.get('date') ?? 'ge1900-01-01').slice(2);
  const column = type === 'Encounter' ? 'actual_start_at' : 'planned_start_at';
  const where = `m.service_user_id = $1 AND m.${column} >= ($2::date::timestamp AT TIME ZONE 'Europe/London') AND m.site_id = ANY($3::uuid[])${type === 'Encounter' ? ` AND m.status = 'held'` : ''}`;
  const [{ rows }, { rows: count }] = await Promise.all([
    pool.query(
      `SELECT ${MEETING_COLUMNS_OF_M}, s.ods_code, s.name AS site_name FROM meetings m JOIN sites s ON s.id = m.site_id WHERE ${where} ORDER BY m.created_at, m.id LIMIT 20`,
      [patient, from, actor.sites],
    ),
    pool.query(`SELECT count(*)::int AS n FROM meetings m WHERE ${where}`, [patient, from, actor.sites]),
  ]);
  await audit(
    pool,
    actor,
    'fhir.search',
    type,
    null,
    rows.map((m) => m.service_user_id),
    { ids: rows.map((m) => m.id) },
  );
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: count[0].n,
    entry: rows.map((m) => ({
      fullUrl: `/fhir/r4/${type}/${m.id}`,
      resource: {
        resourceType: type,
        id: m.id,
        status: m.status,
        subject: { reference: `Patient/${m.service_user_id}` },
        start: m.planned_start_at,
        serviceProvider: { display: m.site_name },
      },
      search: { mode: 'match' },
    })),
  };
}

async function inTransaction<T>(work: (c: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

async function deliveryRules(c: Q, episode: { id: string; site_id: string }, peerWorkerId: string, at: Date) {
  const { rows } = await c.query(
    `SELECT (SELECT site_id FROM peer_workers WHERE id = $2) = $3 AS on_site,
            EXISTS (SELECT 1 FROM pairings WHERE episode_id = $1 AND peer_worker_id = $2 AND started_at <= $4 AND (ended_at IS NULL OR ended_at > $4)) AS paired,
            NOT EXISTS (SELECT 1 FROM cover_arrangements a WHERE a.episode_id = $1 AND a.covering_peer_worker_id = $2 AND a.state = 'active') AS handed_over`,
    [episode.id, peerWorkerId, episode.site_id, at],
  );
  if (!rows[0].on_site || !rows[0].paired || !rows[0].handed_over) throw new HttpError(409);
}

async function recordWrite(
  c: Q,
  actor: Actor,
  meeting: Record<string, unknown>,
  from: string | null,
  to: string,
  action: string,
  event: string,
) {
  await c.query(
    `INSERT INTO meeting_transitions (meeting_id, from_state, to_state, actor_id, reason) VALUES ($1, $2, $3, $4, $5)`,
    [meeting.id, from, to, actor.id, to],
  );
  await audit(c, actor, action, 'meeting', meeting.id as string, [meeting.service_user_id as string], { status: to });
  await c.query(
    `INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload, actor_id) VALUES ($1, 'meeting', $2, $3, $4)`,
    [event, meeting.id, JSON.stringify({ meetingId: meeting.id, episodeId: meeting.episode_id, status: to }), actor.id],
  );
}

async function createMeeting(actor: Actor, episodeId: string, body: Record<string, unknown>) {
  if (typeof body.mode !== 'string' || typeof body.setting !== 'string' || typeof body.plannedStartAt !== 'string')
    throw new HttpError(400);
  return inTransaction(async (c) => {
    const episode = await episodeInScope(c, actor, episodeId, true);
    const at = new Date(body.plannedStartAt as string);
    await deliveryRules(c, episode, episode.peer_worker_id, at);
    const { rows } = await c.query(
      `INSERT INTO meetings (episode_id, site_id, service_user_id, peer_worker_id, mode, setting, planned_start_at, planned_duration_minutes, status, recorded_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'planned', $9) RETURNING ${MEETING_COLUMNS}`,
      [
        episode.id,
        episode.site_id,
        episode.service_user_id,
        episode.peer_worker_id,
        body.mode,
        body.setting,
        at,
        body.plannedDurationMinutes ?? 60,
        actor.id,
      ],
    );
    await recordWrite(c, actor, rows[0], null, 'planned', 'meeting.create', 'meeting.planned');
    return toMeeting(rows[0]);
  });
}

async function holdMeeting(actor: Actor, meetingId: string, body: Record<string, unknown>) {
  const { rows: found } = await pool.query('SELECT episode_id FROM meetings WHERE id = $1', [meetingId]);
  if (!found[0]) throw new HttpError(404);
  return inTransaction(async (c) => {
    const episode = await episodeInScope(c, actor, found[0].episode_id, true);
    const { rows: locked } = await c.query(`SELECT peer_worker_id, status FROM meetings WHERE id = $1 FOR UPDATE`, [
      meetingId,
    ]);
    if (locked[0].status !== 'planned') throw new HttpError(409);
    const start = new Date(body.actualStartAt as string);
    await deliveryRules(c, episode, locked[0].peer_worker_id, start);
    const { rows } = await c.query(
      `UPDATE meetings SET status = 'held', actual_start_at = $2, actual_end_at = $3, attendees = $4, record = $5, version = version + 1, updated_at = now()
        WHERE id = $1 RETURNING ${MEETING_COLUMNS}`,
      [
        meetingId,
        start,
        new Date(body.actualEndAt as string),
        JSON.stringify(body.attendees ?? []),
        JSON.stringify(body.record ?? null),
      ],
    );
    await recordWrite(c, actor, rows[0], 'planned', 'held', 'meeting.hold', 'meeting.held');
    return toMeeting(rows[0]);
  });
}

async function discharge(actor: Actor, episodeId: string, body: Record<string, unknown>) {
  const dischargedOn = body.dischargedOn as string;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dischargedOn ?? '')) throw new HttpError(400);
  return inTransaction(async (c) => {
    const episode = await episodeInScope(c, actor, episodeId, true);
    if (episode.state !== 'ward_support' && episode.state !== 'readmitted') throw new HttpError(409);
    const to = episode.state === 'readmitted' && episode.paused_from ? episode.paused_from : 'community_support';
    const { rows } = await c.query(
      `UPDATE support_episodes SET state = $2, discharged_on = $3, version = version + 1, updated_at = now() WHERE id = $1 RETURNING *`,
      [episodeId, to, dischargedOn],
    );
    await c.query(
      `INSERT INTO support_episode_transitions (episode_id, from_state, to_state, actor_id, reason) VALUES ($1, $2, $3, $4, 'Discharged')`,
      [episodeId, episode.state, to, actor.id],
    );
    const drafts = scheduleSlots(
      templateSlots(DEFAULT_SITE_SETTINGS.supportPlanTemplate, DEFAULT_SITE_SETTINGS.firstCommunityMeetingWithinDays),
      dischargedOn,
      {
        workingDays: MONDAY_TO_FRIDAY,
        isBankHoliday: isEnglandAndWalesBankHoliday,
      },
    );
    const values: unknown[] = [];
    const tuples = drafts.map((d, i) => {
      values.push(
        episodeId,
        d.sequence,
        d.phase,
        d.offsetDays,
        d.windowDays,
        d.dueOn,
        d.windowStartsOn,
        d.windowEndsOn,
        episode.peer_worker_id,
      );
      return `(${Array.from({ length: 9 }, (_, k) => `$${i * 9 + k + 1}`).join(', ')})`;
    });
    await c.query(
      `INSERT INTO planned_contacts (episode_id, sequence, phase, offset_days, window_days, due_on, window_starts_on, window_ends_on, owner_peer_worker_id) VALUES ${tuples.join(', ')}`,
      values,
    );
    await c.query(
      `INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload, actor_id) VALUES ('episode.discharged', 'support_episode', $1, $2, $3)`,
      [episodeId, JSON.stringify({ episodeId, dischargedOn }), actor.id],
    );
    await audit(c, actor, 'support_episode.transition', 'support_episode', episodeId, [episode.service_user_id], {
      to,
    });
    return rows[0];
  });
}

function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {});
      } catch {
        reject(new HttpError(400));
      }
    });
    req.on('error', reject);
  });
}

async function route(req: IncomingMessage): Promise<[number, unknown]> {
  const url = new URL(req.url ?? '/', 'http://bare');
  if (url.pathname === '/health/ready') return [200, { status: 'ok' }];
  const actor = await authenticate(req);
  const parts = url.pathname.split('/').filter(Boolean);
  const path = `/${parts.join('/')}`;
  if (req.method === 'GET' && /^\/api\/v1\/support-episodes\/[^/]+\/meetings$/.test(path))
    return [200, await episodeMeetings(actor, parts[3])];
  if (req.method === 'GET' && /^\/api\/v1\/peer-workers\/[^/]+\/caseload$/.test(path))
    return [200, await caseload(actor, parts[3])];
  if (req.method === 'GET' && path === '/api/v1/support-episodes') return [200, await episodeList(actor, url)];
  if (req.method === 'GET' && path === '/fhir/r4/Encounter') return [200, await fhirSearch(actor, url, 'Encounter')];
  if (req.method === 'GET' && path === '/fhir/r4/Appointment')
    return [200, await fhirSearch(actor, url, 'Appointment')];
  if (req.method === 'POST' && /^\/api\/v1\/support-episodes\/[^/]+\/meetings$/.test(path))
    return [201, await createMeeting(actor, parts[3], await readBody(req))];
  if (req.method === 'POST' && /^\/api\/v1\/meetings\/[^/]+\/held$/.test(path))
    return [200, await holdMeeting(actor, parts[3], await readBody(req))];
  if (req.method === 'POST' && /^\/api\/v1\/support-episodes\/[^/]+\/discharge$/.test(path))
    return [200, await discharge(actor, parts[3], await readBody(req))];
  return [404, { status: 404 }];
}

const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  route(req).then(
    ([status, body]) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    },
    (error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) process.stderr.write(`${(error as Error).message}\n`);
      res.writeHead(status, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ status }));
    },
  );
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 3100), '127.0.0.1', () =>
  process.stdout.write(`bare server on ${process.env.PORT ?? 3100}\n`),
);
process.once('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
