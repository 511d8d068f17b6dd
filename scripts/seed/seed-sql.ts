/**
 * The benchmark data set as plain SQL (INSERT … SELECT over generate_series), so a million meetings load in
 * a minute or two and every row is the same on every machine: ids are md5 of a label and a row number, and
 * every "random" choice is a function of the row number. Dates are relative to the day of loading, so the
 * delivery rules hold (pairing before meetings, ward meetings before discharge, community ones after).
 *
 * Shape per episode n (1..episodes): one service user, state = STATES[n % 9], on site n % sites, paired (from
 * `paired` on) with a peer worker of the same site. Episodes from `paired` on have MEETINGS_PER_EPISODE
 * meetings: ward meetings before discharge, community ones after; past ones held (some missed or cancelled),
 * the last ones of open episodes still planned. Discharged episodes have a ten-contact plan whose held
 * contacts point at the meeting that fulfilled them (and back).
 */

export interface SeedSize {
  name: string;
  sites: number;
  peerWorkers: number;
  episodes: number;
}

/** The states in the order n % 9 picks them: every state of the episode machine is present. */
export const SEED_STATES = [
  'referred',
  'allocated_usual_care',
  'awaiting_pairing',
  'paired',
  'ward_support',
  'community_support',
  'step_down',
  'readmitted',
  'ended',
] as const;

/** Six of nine states have meetings; 15 each gives 10 meetings per episode on average. */
export const MEETINGS_PER_EPISODE = 15;
const WARD_MEETINGS = 5;
const PLAN_CONTACTS = 10;

export const SEED_SIZES: Record<string, SeedSize> = {
  /** For the query-plan test: the 1M proportions (20 episodes per peer worker), large enough that the planner prefers an index wherever one serves. */
  test: { name: 'test', sites: 4, peerWorkers: 200, episodes: 4000 },
  '10k': { name: '10k', sites: 10, peerWorkers: 50, episodes: 1000 },
  '1m': { name: '1m', sites: 10, peerWorkers: 5000, episodes: 100000 },
};

/** Deterministic uuid from a label and a SQL expression (the row number): md5 with the version-4 and variant bits set, so it passes UUID validation. */
export const seedId = (label: string, n: string) => `pg_temp.seed_uuid('${label}:' || (${n}))`;
const SEED_UUID_FUNCTION = `CREATE OR REPLACE FUNCTION pg_temp.seed_uuid(label text) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
  SELECT (substr(md5(label), 1, 12) || '4' || substr(md5(label), 14, 3) || '8' || substr(md5(label), 18, 15))::uuid $$`;
/** The same id computed in JavaScript, for the benchmark to name seeded rows. */
export function seedIdOf(label: string, n: number | string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const h = (require('node:crypto') as typeof import('node:crypto'))
    .createHash('md5')
    .update(`${label}:${n}`)
    .digest('hex');
  const hex = `${h.slice(0, 12)}4${h.slice(13, 16)}8${h.slice(17)}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The seeded password hash matches no password: the benchmark signs its own tokens with JWT_SECRET. */
const NO_PASSWORD = '$argon2id$v=19$m=65536,t=3,p=4$c2VlZGVk$bm8tc2lnbi1pbi1mb3Itc2VlZGVkLXVzZXJz';

/** Index of the episode's state in SEED_STATES (SQL, for row number `n`). */
const stateOf = (n: string) => `(ARRAY[${SEED_STATES.map((s) => `'${s}'`).join(',')}])[(${n}) % 9 + 1]`;

export function seedStatements(size: SeedSize): string[] {
  const { sites, peerWorkers, episodes } = size;
  const perSite = Math.floor(peerWorkers / sites);
  // Peer worker of episode n: one of its own site's (site = n % sites), spread evenly over them.
  const workerOf = (n: string) => `((${n}) % ${sites}) + ${sites} * (((${n}) / ${sites}) % ${perSite})`;
  const referredOn = (n: string) => `(current_date - (60 + (${n}) % 300))`;
  return [
    SEED_UUID_FUNCTION,
    `INSERT INTO sites (id, name, ods_code, settings)
       SELECT ${seedId('site', 's')}, 'Seed Trust ' || s, 'S' || lpad(s::text, 4, '0'), '{}'::jsonb FROM generate_series(0, ${sites - 1}) s`,
    `INSERT INTO wards (id, site_id, name)
       SELECT ${seedId('ward', 'w')}, ${seedId('site', `w % ${sites}`)}, 'Ward ' || w FROM generate_series(0, ${sites * 4 - 1}) w`,
    // The admin, one coordinator per site, one user per peer worker.
    `INSERT INTO users (id, email, display_name, password_hash, roles, site_ids)
       SELECT ${seedId('user', "'admin'")}, 'admin@seed.enrich.example', 'Seed Admin', '${NO_PASSWORD}', ARRAY['admin'], '{}'`,
    `INSERT INTO users (id, email, display_name, password_hash, roles, site_ids)
       SELECT ${seedId('coordinator', 's')}, 'coordinator' || s || '@seed.enrich.example', 'Coordinator ' || s, '${NO_PASSWORD}',
              ARRAY['coordinator'], ARRAY[${seedId('site', 's')}] FROM generate_series(0, ${sites - 1}) s`,
    // A regional coordinator over every site: the benchmark's writes spread over all sites' episodes.
    `INSERT INTO users (id, email, display_name, password_hash, roles, site_ids)
       SELECT ${seedId('user', "'regional-coordinator'")}, 'regional.coordinator@seed.enrich.example', 'Regional Coordinator', '${NO_PASSWORD}',
              ARRAY['coordinator'], array_agg(${seedId('site', 's')} ORDER BY s) FROM generate_series(0, ${sites - 1}) s`,
    `INSERT INTO site_coordinators (site_id, coordinator_user_id)
       SELECT ${seedId('site', 's')}, ${seedId('coordinator', 's')} FROM generate_series(0, ${sites - 1}) s`,
    `INSERT INTO users (id, email, display_name, password_hash, roles, site_ids)
       SELECT ${seedId('pw-user', 'p')}, 'peer' || p || '@seed.enrich.example', 'Peer Worker ' || p, '${NO_PASSWORD}',
              ARRAY['peer_worker'], ARRAY[${seedId('site', `p % ${sites}`)}] FROM generate_series(0, ${perSite * sites - 1}) p`,
    `INSERT INTO peer_workers (id, site_id, user_id, display_name, email, ward_id, languages, gender, date_of_birth,
                               lived_experience, interests, code_of_ethics_acknowledged_on, dbs_cleared_on, occupational_health_cleared_on, status)
       SELECT ${seedId('pw', 'p')}, ${seedId('site', `p % ${sites}`)}, ${seedId('pw-user', 'p')}, 'Peer Worker ' || p,
              'peer' || p || '@seed.enrich.example', ${seedId('ward', `p % ${sites * 4}`)}, ARRAY['en'],
              (ARRAY['female','male','non_binary'])[p % 3 + 1], date '1980-01-01' + (p % 7000), ARRAY['psychosis'], ARRAY['walking'],
              current_date - 400, current_date - 420, current_date - 410, 'active'
         FROM generate_series(0, ${perSite * sites - 1}) p`,
    `INSERT INTO service_users (id, site_id, nhs_number, given_name, family_name, date_of_birth, gender, ethnicity, preferred_language, contact, ward_id)
       SELECT ${seedId('su', 'n')}, ${seedId('site', `n % ${sites}`)}, lpad((900000000 + n)::text, 10, '9'), 'Given' || n, 'Family' || n,
              date '1960-01-01' + (n % 15000), (ARRAY['female','male','non_binary'])[n % 3 + 1], (ARRAY['A','B','C','D','Z'])[n % 5 + 1], 'en',
              jsonb_build_object('phone', '07700 ' || lpad((n % 1000000)::text, 6, '0')), ${seedId('ward', `n % ${sites * 4}`)}
         FROM generate_series(1, ${episodes}) n`,
    `INSERT INTO consent_records (service_user_id, kind, given_on, information_sheet_version, recorded_by_id)
       SELECT ${seedId('su', 'n')}, k, ${referredOn('n')}, 'v1', ${seedId('coordinator', `n % ${sites}`)}
         FROM generate_series(1, ${episodes}) n, unnest(ARRAY['peer_support','research']) k`,
    `INSERT INTO support_episodes (id, created_at, updated_at, service_user_id, site_id, state, referred_on, referred_by_id, primary_diagnosis_group,
                                   diagnostic_stratum, eligibility, allocation_method, allocated_arm, allocated_at, peer_worker_id,
                                   first_ward_meeting_at, discharged_on, readmitted_on, paused_from, ending_reason, ended_at)
       SELECT ${seedId('episode', 'n')}, e.referred + interval '9 hours' + (n % 3600) * interval '1 second', now(), ${seedId('su', 'n')},
              ${seedId('site', `n % ${sites}`)}, e.state, e.referred, ${seedId('coordinator', `n % ${sites}`)}, 'mood', 'other_non_psychotic',
              '{"eligible":true,"checks":[]}'::jsonb,
              CASE WHEN e.state = 'referred' THEN NULL ELSE 'none' END,
              CASE WHEN e.state = 'referred' THEN NULL WHEN e.state = 'allocated_usual_care' THEN 'usual_care' ELSE 'peer_support' END,
              CASE WHEN e.state = 'referred' THEN NULL ELSE e.referred + interval '1 day 10 hours' END,
              CASE WHEN e.delivery THEN ${seedId('pw', workerOf('n'))} END,
              CASE WHEN e.delivery AND e.state <> 'paired' THEN e.referred + interval '3 days 10 hours' END,
              CASE WHEN e.discharged THEN e.referred + 20 END,
              CASE WHEN e.state = 'readmitted' THEN e.referred + 55 END,
              CASE WHEN e.state = 'readmitted' THEN 'community_support' END,
              CASE WHEN e.state = 'ended' THEN 'planned_ending' END,
              CASE WHEN e.state = 'ended' THEN e.referred + interval '58 days 12 hours' END
         FROM generate_series(1, ${episodes}) n,
              LATERAL (SELECT ${stateOf('n')} AS state, ${referredOn('n')} AS referred,
                              (n % 9) >= 3 AS delivery, (n % 9) >= 5 AS discharged) e`,
    `INSERT INTO pairings (episode_id, peer_worker_id, kind, started_at, ended_at, reason, end_reason, started_by_id, ended_by_id)
       SELECT e.id, e.peer_worker_id, 'primary', e.referred_on + interval '2 days 10 hours',
              e.ended_at, 'Seeded pairing', CASE WHEN e.ended_at IS NOT NULL THEN 'episode_ended' END,
              ${seedId('user', "'admin'")}, NULL
         FROM support_episodes e WHERE e.peer_worker_id IS NOT NULL`,
    // Ten planned contacts per discharged episode, weekly from discharge; past ones held by the community meeting of the same number.
    `INSERT INTO planned_contacts (id, episode_id, sequence, phase, offset_days, window_days, due_on, window_starts_on, window_ends_on,
                                   owner_peer_worker_id, status, outcome_recorded_by_id, outcome_recorded_at, meeting_id)
       SELECT ${seedId('contact', "n || ':' || c")}, ${seedId('episode', 'n')}, c,
              CASE WHEN c <= 6 THEN 'intensive' WHEN c < ${PLAN_CONTACTS} THEN 'step_down' ELSE 'ending' END,
              c * 7, 3, d.due, d.due - 3, d.due + 3, ${seedId('pw', workerOf('n'))},
              CASE WHEN d.fulfilled THEN 'held' WHEN (n % 9) = 7 THEN 'suspended' WHEN (n % 9) = 8 THEN 'cancelled' ELSE 'planned' END,
              CASE WHEN d.fulfilled THEN ${seedId('pw-user', workerOf('n'))} END,
              CASE WHEN d.fulfilled THEN d.due + interval '12 hours' END,
              NULL
         FROM generate_series(1, ${episodes}) n, generate_series(1, ${PLAN_CONTACTS}) c,
              LATERAL (SELECT ${referredOn('n')} + 20 + c * 7 AS due) base,
              LATERAL (SELECT base.due, (n % 9) IN (5, 6) AND base.due <= current_date - 10 AND c <= ${MEETINGS_PER_EPISODE - WARD_MEETINGS - 2} AS fulfilled) d
        WHERE (n % 9) >= 5`,
    // Meeting k of episode n: ward meetings (k < 5) daily from day 3, community ones (k >= 5) weekly from discharge, on the contact's due day.
    `INSERT INTO meetings (id, created_at, updated_at, episode_id, site_id, service_user_id, peer_worker_id, mode, setting, planned_start_at,
                           planned_duration_minutes, actual_start_at, actual_end_at, attendees, status, missed_by, cancelled_by, status_reason,
                           record, recorded_by_id, planned_contact_id)
       SELECT ${seedId('meeting', "n || ':' || k")}, LEAST(m.starts - interval '2 days', now() - interval '1 hour'), LEAST(m.starts - interval '2 days', now() - interval '1 hour'),
              ${seedId('episode', 'n')}, ${seedId('site', `n % ${sites}`)}, ${seedId('su', 'n')}, ${seedId('pw', workerOf('n'))},
              CASE WHEN k % 4 = 3 THEN 'telephone' ELSE 'face_to_face' END,
              CASE WHEN m.ward THEN 'ward' WHEN k % 4 = 3 THEN 'online' ELSE 'community_venue' END,
              m.starts, 60,
              CASE WHEN m.status = 'held' THEN m.starts END, CASE WHEN m.status = 'held' THEN m.starts + interval '50 minutes' END,
              CASE WHEN m.status = 'held' THEN '[{"role":"service_user"},{"role":"peer_worker"}]'::jsonb ELSE '[]'::jsonb END,
              m.status,
              CASE WHEN m.status = 'missed' THEN 'service_user' END,
              CASE WHEN m.status = 'cancelled' THEN 'peer_worker' END,
              CASE WHEN m.status = 'missed' THEN 'Not at home' WHEN m.status = 'cancelled' THEN 'Unwell' END,
              CASE WHEN m.status = 'held' THEN '{"topics":["relationship_building"],"communityConnections":null,"otherTopic":null,"endingPreparationDiscussed":false}'::jsonb END,
              ${seedId('pw-user', workerOf('n'))},
              CASE WHEN m.contact THEN ${seedId('contact', `n || ':' || (k - ${WARD_MEETINGS - 1})`)} END
         FROM generate_series(1, ${episodes}) n, generate_series(0, ${MEETINGS_PER_EPISODE - 1}) k,
              LATERAL (SELECT ${referredOn('n')} AS referred, (n % 9) AS s) e,
              LATERAL (SELECT k < ${WARD_MEETINGS} OR e.s IN (3, 4) AS ward) w,
              LATERAL (SELECT w.ward,
                        CASE WHEN e.s = 3 THEN now() + (k + 1) * interval '1 day'
                             WHEN w.ward THEN e.referred + interval '3 days 10 hours' + LEAST(k, 16) * interval '1 day'
                             WHEN e.s >= 7 THEN (e.referred + 20 + (k - ${WARD_MEETINGS - 1}) * 3) + interval '11 hours'
                             ELSE (e.referred + 20 + (k - ${WARD_MEETINGS - 1}) * 7) + interval '11 hours' END AS starts,
                        CASE WHEN e.s = 3 THEN 'planned'
                             WHEN e.s IN (4, 5, 6) AND k >= ${MEETINGS_PER_EPISODE - 2} THEN 'planned'
                             WHEN k % 8 = 6 THEN 'missed' WHEN k % 16 = 7 THEN 'cancelled' ELSE 'held' END AS status,
                        e.s IN (5, 6) AND NOT w.ward AND k - ${WARD_MEETINGS - 1} <= ${MEETINGS_PER_EPISODE - WARD_MEETINGS - 2}
                          AND (e.referred + 20 + (k - ${WARD_MEETINGS - 1}) * 7) <= current_date - 10 AS contact) m
        WHERE (n % 9) >= 3`,
  ];
}

/** After the meetings exist: a held contact names the meeting that fulfilled it; a contact whose meeting was missed or cancelled stays open. */
export const LINK_CONTACTS_SQL = `
  UPDATE planned_contacts c SET meeting_id = m.id
    FROM meetings m WHERE m.planned_contact_id = c.id AND m.status = 'held' AND c.status = 'held'`;
export const UNLINK_UNHELD_SQL = `
  UPDATE planned_contacts c SET status = 'missed', status_reason = 'Seeded: meeting missed or cancelled'
    FROM meetings m WHERE m.planned_contact_id = c.id AND m.status <> 'held' AND c.status = 'held'`;
