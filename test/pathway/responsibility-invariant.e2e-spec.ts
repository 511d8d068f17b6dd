import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { readyPeerWorker } from '../cover/cover-fixtures';
import { integrationClient } from '../integration/integration-fixtures';
import {
  deliverySite,
  type DeliverySite,
  episodeInCommunity,
  londonDate,
  pairedEpisode,
  type PeerWorkerAccount,
  referralBody,
  registerServiceUser,
} from '../support/builders';
import { TestApp } from '../support/test-app';

jest.setTimeout(900_000);

const EVENTS = '/api/v1/integration/ward-events';
const WORKERS = 3;
const EPISODES = 4;
/** Attention kinds that mean "nobody else is responsible: the coordinator is" (a discharge flag is only an alert). */
const QUEUE_KINDS = ['peer_worker_left', 'urgent_pairing', 'absence_without_cover'];

type Step =
  | { kind: 'discharge'; episode: number; daysAgo: number }
  | { kind: 'readmission'; episode: number; daysAgo: number }
  | { kind: 'absence'; worker: number }
  | { kind: 'return'; worker: number }
  | { kind: 'leave'; worker: number }
  | { kind: 'pair'; episode: number; worker: number }
  | { kind: 'consent'; episode: number; of: 'peer_support' | 'research' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('discharge' as const),
    episode: fc.nat(EPISODES - 1),
    daysAgo: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({
    kind: fc.constant('readmission' as const),
    episode: fc.nat(EPISODES - 1),
    daysAgo: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({ kind: fc.constant('absence' as const), worker: fc.nat(WORKERS - 1) }),
  fc.record({ kind: fc.constant('return' as const), worker: fc.nat(WORKERS - 1) }),
  fc.record({ kind: fc.constant('leave' as const), worker: fc.nat(WORKERS - 1) }),
  fc.record({ kind: fc.constant('pair' as const), episode: fc.nat(EPISODES - 1), worker: fc.nat(WORKERS - 1) }),
  // A consent change: the consent of this kind is withdrawn if in force, else given (again).
  fc.record({
    kind: fc.constant('consent' as const),
    episode: fc.nat(EPISODES - 1),
    of: fc.constantFrom('peer_support' as const, 'research' as const),
  }),
);

interface Responsibility {
  episodeId: string;
  state: string;
  peerWorker: number;
  cover: number;
  queue: number;
}

/**
 * Issue 13's done-when invariant, over random sequences of ward events (discharges and readmissions, in and out
 * of order), absences starting and ending without cover, leavers and (re-)pairings on one site: after every step,
 * every open peer-support episode has exactly one responsible person — its peer worker (paired, still working,
 * not away today), a cover arrangement, or the coordinator's queue (an open attention item, or the referral and
 * pairing queues before anyone is paired) — and every ward event sent is kept, applied or unapplied with its rule.
 * Consent changes are steps too: withdrawn consent to peer support ends the open episode (`consent_withdrawn`)
 * with nothing left planned or paired, research consent changes no episode, and no withdrawal or ending is lost
 * (each audited, each ending published).
 * `PATHWAY_RUNS` sets how many sequences (npm test runs a few; more for a longer search).
 */
describe('Nobody is left without a responsible person (fast-check over ward events, absences and leavers)', () => {
  let t: TestApp;
  let run = 0;
  const sent: string[] = [];
  const seen = { applied: 0, unapplied: 0, refused: 0, steps: 0, withdrawals: 0, endedByWithdrawal: 0 };

  beforeAll(async () => {
    t = await TestApp.start();
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  async function responsibilities(episodes: string[]): Promise<Responsibility[]> {
    return t.dataSource.query(
      `SELECT e.id AS "episodeId", e.state,
              (SELECT count(*)::int FROM pairings p JOIN peer_workers w ON w.id = p.peer_worker_id
                WHERE p.episode_id = e.id AND p.ended_at IS NULL AND p.kind = 'primary' AND w.status = 'active'
                  AND NOT EXISTS (SELECT 1 FROM absences a WHERE a.peer_worker_id = w.id AND a.state = 'active'
                                    AND a.starts_on <= $2::date AND (a.ended_on IS NULL OR a.ended_on >= $2::date))
              ) AS "peerWorker",
              (SELECT count(*)::int FROM cover_arrangements c WHERE c.episode_id = e.id AND c.state = 'active') AS cover,
              (CASE WHEN EXISTS (SELECT 1 FROM attention_items i WHERE i.episode_id = e.id AND i.state = 'open'
                                   AND i.kind = ANY($3::text[]))
                      OR (e.state IN ('referred', 'awaiting_pairing')
                          AND NOT EXISTS (SELECT 1 FROM pairings p WHERE p.episode_id = e.id AND p.ended_at IS NULL))
                    THEN 1 ELSE 0 END) AS queue
         FROM support_episodes e WHERE e.id = ANY($1::uuid[])`,
      [episodes, londonDate(0), QUEUE_KINDS],
    );
  }

  it('keeps exactly one responsible person for every open episode, and every ward event', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 3, maxLength: 8 }),
        fc.nat(EPISODES - 1),
        fc.nat(),
        async (randomSteps, withdrawing, at) => {
          // Every sequence withdraws someone's consent to peer support at a random point, besides its random steps.
          const steps: Step[] = [...randomSteps];
          steps.splice(at % (steps.length + 1), 0, { kind: 'consent', episode: withdrawing, of: 'peer_support' });
          run += 1;
          const site: DeliverySite = await deliverySite(t, `Responsibility run ${run}`);
          const coordinator = site.coordinator.token;
          await t.expect(200, 'PATCH', `/api/v1/sites/${site.siteId}`, {
            token: t.adminToken,
            body: { settings: { caseloadCap: 30 } },
          });
          const client = await integrationClient(t, `Ward system ${run}`, [site.siteId]);
          const workers: PeerWorkerAccount[] = [];
          for (let i = 0; i < WORKERS; i++) workers.push(await readyPeerWorker(t, site, `Peer ${run}.${i}`));
          // Two in the community, one paired on the ward, one referred and allocated but not yet paired.
          const episodes = [
            await episodeInCommunity(t, site, workers[0]),
            await episodeInCommunity(t, site, workers[1]),
            await pairedEpisode(t, site, workers[2].peerWorkerId),
          ];
          const serviceUserId = await registerServiceUser(t, coordinator, site.siteId, { wardId: site.wardId });
          const referred = await t.expect(201, 'POST', '/api/v1/support-episodes', {
            token: coordinator,
            body: referralBody(serviceUserId),
          });
          await t.expect(200, 'POST', `/api/v1/support-episodes/${referred.id}/allocation`, { token: coordinator });
          episodes.push(referred.id);
          const nhsNumbers: string[] = [];
          for (const id of episodes) {
            const episode = await t.expect(200, 'GET', `/api/v1/support-episodes/${id}`, { token: coordinator });
            nhsNumbers.push(
              (await t.expect(200, 'GET', `/api/v1/service-users/${episode.serviceUserId}`, { token: coordinator }))
                .nhsNumber,
            );
          }
          const absences = new Map<number, string>();

          for (const s of steps) {
            seen.steps += 1;
            if (s.kind === 'discharge' || s.kind === 'readmission') {
              const sourceEventId = `adt-${randomUUID()}`;
              sent.push(sourceEventId);
              const response = await t.call('POST', EVENTS, {
                token: client.token,
                body: {
                  type: s.kind,
                  nhsNumber: nhsNumbers[s.episode],
                  occurredOn: londonDate(-s.daysAgo),
                  wardCode: 'Willow Ward',
                  sourceSystem: 'RiO',
                  sourceEventId,
                },
              });
              // Applied, or refused as out of order with the rule named and the event kept: never lost, never a 500.
              expect([200, 409]).toContain(response.statusCode);
              if (response.statusCode === 409)
                expect(response.json()).toMatchObject({ kept: true, rule: expect.any(String) });
              const kept: { status: string; unapplied_rule: string | null }[] = await t.dataSource.query(
                `SELECT status, unapplied_rule FROM inbound_ward_events WHERE source_event_id = $1`,
                [sourceEventId],
              );
              expect(kept).toHaveLength(1);
              if (kept[0].status === 'unapplied') {
                expect(kept[0].unapplied_rule).toEqual(expect.any(String));
                seen.unapplied += 1;
              } else seen.applied += 1;
            } else if (s.kind === 'absence') {
              // Off sick since yesterday, no cover plan: the absent worker's episodes must go to the coordinator.
              const response = await t.call('POST', '/api/v1/absences', {
                token: coordinator,
                body: {
                  subject: 'peer_worker',
                  peerWorkerId: workers[s.worker].peerWorkerId,
                  kind: 'sickness',
                  planned: false,
                  startsOn: londonDate(-1),
                  expectedEndOn: londonDate(5),
                },
              });
              if (response.statusCode === 201) absences.set(s.worker, response.json().id);
              else {
                expect(response.statusCode).toBe(409);
                seen.refused += 1;
              }
            } else if (s.kind === 'return') {
              const absenceId = absences.get(s.worker);
              if (absenceId) {
                // Back today: the last day away was yesterday.
                await t.expect(200, 'POST', `/api/v1/absences/${absenceId}/transitions`, {
                  token: coordinator,
                  body: { to: 'ended', reason: 'Back at work', endedOn: londonDate(-1) },
                });
                absences.delete(s.worker);
              }
            } else if (s.kind === 'leave') {
              const response = await t.call('POST', `/api/v1/peer-workers/${workers[s.worker].peerWorkerId}/status`, {
                token: coordinator,
                body: { status: 'left', reason: 'Resigned' },
              });
              expect([200, 409]).toContain(response.statusCode);
              if (response.statusCode === 409) seen.refused += 1;
            } else if (s.kind === 'consent') {
              const episodeId = episodes[s.episode];
              const before = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, {
                token: coordinator,
              });
              const consents: { id: string; kind: string; active: boolean }[] = await t.expect(
                200,
                'GET',
                `/api/v1/service-users/${before.serviceUserId}/consents`,
                { token: coordinator },
              );
              const inForce = consents.find((c) => c.kind === s.of && c.active);
              if (!inForce) {
                await t.expect(201, 'POST', `/api/v1/service-users/${before.serviceUserId}/consents`, {
                  token: coordinator,
                  body: { kind: s.of, givenOn: londonDate(0), informationSheetVersion: 'v3' },
                });
              } else {
                await t.expect(
                  200,
                  'POST',
                  `/api/v1/service-users/${before.serviceUserId}/consents/${inForce.id}/withdrawal`,
                  {
                    token: coordinator,
                    body: { withdrawnOn: londonDate(0) },
                  },
                );
                seen.withdrawals += 1;
                const after = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, {
                  token: coordinator,
                });
                const ends =
                  s.of === 'peer_support' && before.state !== 'ended' && before.state !== 'allocated_usual_care';
                expect({ after: s, from: before.state, state: after.state, endingReason: after.endingReason }).toEqual({
                  after: s,
                  from: before.state,
                  state: ends ? 'ended' : before.state,
                  endingReason: ends ? 'consent_withdrawn' : before.endingReason,
                });
                if (ends) seen.endedByWithdrawal += 1;
                // No event lost: the withdrawal audited; an ending recorded, audited and published with its reason.
                const [lost] = await t.dataSource.query(
                  `SELECT NOT EXISTS (SELECT 1 FROM audit_events WHERE action = 'consent.withdraw' AND resource_id = $1) AS unaudited,
                        (SELECT count(*)::int FROM integration_events
                          WHERE subject = 'support-episodes/' || $2 AND type LIKE '%.episode.ended'
                            AND data->>'endingReason' = 'consent_withdrawn') AS published`,
                  [inForce.id, episodeId],
                );
                expect({ after: s, ...lost }).toEqual({
                  after: s,
                  unaudited: false,
                  published: ends ? 1 : lost.published,
                });
              }
            } else {
              // A coordinator pairs or re-pairs; the hard rules (absent, left, must-preferences, state) may refuse.
              const response = await t.call('POST', `/api/v1/support-episodes/${episodes[s.episode]}/pair`, {
                token: coordinator,
                body: { peerWorkerId: workers[s.worker].peerWorkerId, reason: 'Re-paired by the coordinator' },
              });
              expect([200, 201, 409, 422]).toContain(response.statusCode);
              if (response.statusCode >= 400) {
                expect(response.json()).toMatchObject({ rule: expect.any(String) });
                seen.refused += 1;
              }
            }

            const open = (await responsibilities(episodes)).filter(
              (r) => r.state !== 'ended' && r.state !== 'allocated_usual_care',
            );
            const notExactlyOne = open.filter((r) => r.peerWorker + r.cover + r.queue !== 1);
            expect({ after: s, notExactlyOne }).toEqual({ after: s, notExactlyOne: [] });
            // An episode ended by withdrawn consent keeps nothing planned and nobody paired.
            const [leftOver] = await t.dataSource.query(
              `SELECT coalesce(sum((SELECT count(*) FROM meetings m WHERE m.episode_id = e.id AND m.status = 'planned')
                  + (SELECT count(*) FROM planned_contacts c WHERE c.episode_id = e.id AND c.status IN ('planned', 'suspended'))
                  + (SELECT count(*) FROM pairings p WHERE p.episode_id = e.id AND p.ended_at IS NULL)), 0)::int AS n
               FROM support_episodes e WHERE e.id = ANY($1::uuid[]) AND e.ending_reason = 'consent_withdrawn'`,
              [episodes],
            );
            expect({ after: s, leftOver: leftOver.n }).toEqual({ after: s, leftOver: 0 });
          }
        },
      ),
      { numRuns: Number(process.env.PATHWAY_RUNS ?? 3), endOnFailure: true },
    );
    // Every ward event sent is on record, and the sequences exercised both outcomes and refusals.
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM inbound_ward_events WHERE source_event_id = ANY($1::text[])`,
      [sent],
    );
    expect(n).toBe(sent.length);
    expect(seen.steps).toBeGreaterThan(10);
    expect(seen.applied + seen.unapplied).toBeGreaterThan(0);
    expect(seen.withdrawals).toBeGreaterThan(0);
  });

  it('flags an episode stranded beneath the services, as the check the property relies on', async () => {
    const site = await deliverySite(t, 'Stranded beneath the services');
    const worker = await readyPeerWorker(t, site, 'Sam Okafor');
    const episodeId = await episodeInCommunity(t, site, worker);
    expect(await responsibilities([episodeId])).toEqual([
      { episodeId, state: 'community_support', peerWorker: 1, cover: 0, queue: 0 },
    ]);
    // Marked left without PeerWorkersService (no attention item, pairing left open): nobody is responsible.
    await t.dataSource.query(`UPDATE peer_workers SET status = 'left' WHERE id = $1`, [worker.peerWorkerId]);
    expect(await responsibilities([episodeId])).toEqual([
      { episodeId, state: 'community_support', peerWorker: 0, cover: 0, queue: 0 },
    ]);
  });
});
