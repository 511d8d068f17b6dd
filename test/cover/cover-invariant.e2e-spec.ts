import fc from 'fast-check';
import { deliverySite, hoursFromNow, type PeerWorkerAccount } from '../support/builders';
import { TestApp } from '../support/test-app';
import { readyPeerWorker } from './cover-fixtures';
import { londonDate } from './cover-fixtures';
import { episodeInCommunity } from '../support/builders';

jest.setTimeout(600_000);

const WORKERS = 4;

interface AbsenceDraft {
  worker: number;
  startOffset: number;
  lengthDays: number;
  openEnded: boolean;
}

/** A consent change: the nth episode's service user withdraws consent to peer support, before the absences or after cover. */
interface WithdrawalDraft {
  episode: number;
  when: 'before_absences' | 'after_cover';
}

const withdrawalDraft = fc.record({
  episode: fc.nat(),
  when: fc.constantFrom<WithdrawalDraft['when']>('before_absences', 'after_cover'),
});

const absenceDraft = fc.record({
  worker: fc.integer({ min: 0, max: WORKERS - 1 }),
  startOffset: fc.integer({ min: 0, max: 20 }),
  lengthDays: fc.integer({ min: 1, max: 50 }),
  openEnded: fc.boolean(),
});

/**
 * The done-when invariant of absence cover, over random absence sets: once an absence's cover plan is
 * confirmed, no episode has a planned contact owned by that absent peer worker on or before their last
 * day away (all of them, while open-ended). Each run builds a fresh site: four ready peer workers, one to
 * three community episodes each (plans generated at discharge), then random absences (some overlapping,
 * some short, some long, some open-ended), whose plans are confirmed in random order with randomly chosen
 * arrangements among those the rules allow. Consent changes are a random step too (issue 13 case 6): some
 * service users withdraw consent to peer support, before the absences or once cover is confirmed, each with a
 * meeting planned. Whatever the order, every open episode keeps exactly one primary peer worker, every withdrawn
 * one has ended with nothing left planned (contacts, meetings, pairings), and no event is lost:
 * each withdrawal, ending and cancelled meeting is in the audit trail, the outbox and the published stream.
 */
describe('Absence cover invariant (fast-check over random absence sets and consent changes, real PostgreSQL)', () => {
  let t: TestApp;
  let run = 0;
  let arrangementsConfirmed = 0;
  let withdrawalsMade = 0;

  beforeAll(async () => {
    t = await TestApp.start();
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('leaves no planned contact with an absent peer worker once the cover plan is confirmed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: WORKERS, maxLength: WORKERS }),
        fc.uniqueArray(absenceDraft, { minLength: 1, maxLength: 3, selector: (a) => a.worker }),
        fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
        fc.array(withdrawalDraft, { maxLength: 3 }),
        async (episodesPerWorker, drafts: AbsenceDraft[], choices, withdrawalDrafts: WithdrawalDraft[]) => {
          run += 1;
          const site = await deliverySite(t, `Invariant run ${run}`);
          const token = site.coordinator.token;
          await t.expect(200, 'PATCH', `/api/v1/sites/${site.siteId}`, {
            token: t.adminToken,
            body: { settings: { caseloadCap: 30 } },
          });
          const workers: PeerWorkerAccount[] = [];
          for (let i = 0; i < WORKERS; i++) workers.push(await readyPeerWorker(t, site, `Peer ${run}-${i}`));
          const episodes: { id: string; worker: number }[] = [];
          for (const [i, n] of episodesPerWorker.entries())
            for (let k = 0; k < n; k++)
              episodes.push({ id: await episodeInCommunity(t, site, workers[i], 1 + k), worker: i });

          // Consent changes: each chosen episode (once) gets a call planned, then its consent withdrawn at its step.
          const withdrawals = [
            ...new Map(withdrawalDrafts.map((w) => [episodes[w.episode % episodes.length].id, w.when])).entries(),
          ].map(([episodeId, when]) => ({ episodeId, when }));
          for (const { episodeId } of withdrawals) {
            const worker = workers[episodes.find((e) => e.id === episodeId)!.worker];
            await t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, {
              token: worker.user.token,
              body: {
                mode: 'telephone',
                setting: 'online',
                plannedStartAt: hoursFromNow(72),
                plannedDurationMinutes: 30,
              },
            });
          }
          const withdrawConsent = async (episodeId: string) => {
            const { serviceUserId } = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, { token });
            const consents = await t.expect(200, 'GET', `/api/v1/service-users/${serviceUserId}/consents`, { token });
            const consent = consents.find(
              (c: { kind: string; active: boolean }) => c.kind === 'peer_support' && c.active,
            );
            await t.expect(200, 'POST', `/api/v1/service-users/${serviceUserId}/consents/${consent.id}/withdrawal`, {
              token,
              body: { withdrawnOn: londonDate(0) },
            });
            withdrawalsMade += 1;
          };
          for (const w of withdrawals.filter((w) => w.when === 'before_absences')) await withdrawConsent(w.episodeId);

          const absences: { id: string; peerWorkerId: string; lastDay: string | null }[] = [];
          for (const d of drafts) {
            const startsOn = londonDate(d.startOffset);
            const expectedEndOn = d.openEnded ? null : londonDate(d.startOffset + d.lengthDays - 1);
            const absence = await t.expect(201, 'POST', '/api/v1/absences', {
              token,
              body: {
                subject: 'peer_worker',
                peerWorkerId: workers[d.worker].peerWorkerId,
                kind: 'annual_leave',
                planned: true,
                startsOn,
                expectedEndOn,
              },
            });
            absences.push({ id: absence.id, peerWorkerId: absence.peerWorkerId, lastDay: expectedEndOn });
          }

          let choice = 0;
          const pick = <T>(options: readonly T[]): T => options[choices[choice++ % choices.length] % options.length];
          const confirmed: typeof absences = [];
          for (const absence of absences) {
            const plan = await t.expect(200, 'GET', `/api/v1/absences/${absence.id}/cover-plan`, { token });
            const arrangements = [];
            for (const episode of plan.episodes.filter((e: { arrangement: unknown }) => e.arrangement === null)) {
              const suggested: string[] = episode.suggestions.suggestions.map(
                (s: { peerWorkerId: string }) => s.peerWorkerId,
              );
              const kinds = (plan.allowedArrangements as string[]).filter((k) =>
                k === 'pause' ? plan.window.to !== '9999-12-31' : suggested.length > 0,
              );
              if (kinds.length === 0) break;
              const arrangement = pick(kinds);
              arrangements.push({
                episodeId: episode.episodeId,
                arrangement,
                ...(arrangement === 'pause' ? { serviceUserInformed: true } : { peerWorkerId: pick(suggested) }),
              });
            }
            if (
              arrangements.length < plan.episodes.filter((e: { arrangement: unknown }) => e.arrangement === null).length
            )
              continue; // nobody free to cover: not confirmed
            if (arrangements.length > 0) {
              const response = await t.call('POST', `/api/v1/absences/${absence.id}/cover-plan`, {
                token,
                body: { arrangements },
              });
              // Refused by name, and then not confirmed: only a re-pairing of an episode the absent worker covers for a
              // colleague. Every peer worker picked is one the plan suggested, and a re-pairing's hard rules judge
              // availability on the suggestions' own window, so they never refuse one (peer_worker_absent,
              // must_preference_unmet). Anything else must succeed.
              if (response.statusCode !== 200) {
                expect(response.json().rule).toBe('repair_primary_only');
                continue;
              }
            }
            arrangementsConfirmed += arrangements.length;
            confirmed.push(absence);
          }

          for (const w of withdrawals.filter((w) => w.when === 'after_cover')) await withdrawConsent(w.episodeId);

          // A peer worker who took on cover after their own absence's plan was confirmed makes that plan
          // unconfirmed again (the coordinator sees it): the invariant is about plans confirmed now.
          const confirmedNow = [];
          for (const absence of confirmed) {
            if ((await t.expect(200, 'GET', `/api/v1/absences/${absence.id}/cover-plan`, { token })).confirmed)
              confirmedNow.push(absence);
          }
          for (const absence of confirmedNow) {
            const [left] = await t.dataSource.query(
              `SELECT count(*)::int AS n FROM planned_contacts c JOIN support_episodes e ON e.id = c.episode_id
                WHERE e.site_id = $1 AND c.owner_peer_worker_id = $2 AND c.status = 'planned' AND ($3::date IS NULL OR c.due_on <= $3::date)`,
              [site.siteId, absence.peerWorkerId, absence.lastDay],
            );
            expect({ absence: absence.id, contactsLeftWithAbsentPeerWorker: left.n }).toEqual({
              absence: absence.id,
              contactsLeftWithAbsentPeerWorker: 0,
            });
          }
          // Every planned contact still has an owner who supports the episode (cover or primary).
          const [orphans] = await t.dataSource.query(
            `SELECT count(*)::int AS n FROM planned_contacts c JOIN support_episodes e ON e.id = c.episode_id
              WHERE e.site_id = $1 AND c.status = 'planned'
                AND NOT EXISTS (SELECT 1 FROM pairings p WHERE p.episode_id = c.episode_id AND p.peer_worker_id = c.owner_peer_worker_id AND p.ended_at IS NULL)`,
            [site.siteId],
          );
          expect(orphans.n).toBe(0);

          // Every open episode has exactly one responsible primary: one open primary pairing, the episode's peer worker.
          const primaries = await t.dataSource.query(
            `SELECT e.id, (SELECT count(*)::int FROM pairings p WHERE p.episode_id = e.id AND p.kind = 'primary' AND p.ended_at IS NULL
                              AND p.peer_worker_id = e.peer_worker_id) AS primaries,
                    (SELECT count(*)::int FROM pairings p WHERE p.episode_id = e.id AND p.kind = 'primary' AND p.ended_at IS NULL) AS open_primaries
               FROM support_episodes e WHERE e.site_id = $1 AND e.state <> 'ended'`,
            [site.siteId],
          );
          for (const row of primaries)
            expect({ episode: row.id, primaries: row.primaries, openPrimaries: row.open_primaries }).toEqual({
              episode: row.id,
              primaries: 1,
              openPrimaries: 1,
            });

          // A withdrawn consent ended its episode, leaving nothing planned and nobody paired.
          const withdrawnIds = withdrawals.map((w) => w.episodeId);
          const ended = await t.dataSource.query(
            `SELECT e.id, e.state, e.ending_reason,
                    (SELECT count(*)::int FROM planned_contacts c WHERE c.episode_id = e.id AND c.status IN ('planned', 'suspended')) AS contacts,
                    (SELECT count(*)::int FROM meetings m WHERE m.episode_id = e.id AND m.status = 'planned') AS meetings,
                    (SELECT count(*)::int FROM pairings p WHERE p.episode_id = e.id AND p.ended_at IS NULL) AS pairings,
                    (SELECT count(*)::int FROM attention_items a WHERE a.episode_id = e.id AND a.state = 'open') AS queued
               FROM support_episodes e WHERE e.site_id = $1 AND e.state = 'ended' ORDER BY e.id`,
            [site.siteId],
          );
          expect(ended.map((e: { id: string }) => e.id)).toEqual([...withdrawnIds].sort());
          for (const e of ended)
            expect(e).toEqual({
              ...e,
              state: 'ended',
              ending_reason: 'consent_withdrawn',
              contacts: 0,
              meetings: 0,
              pairings: 0,
              queued: 0,
            });
          // No event lost: each withdrawal, ending and cancelled meeting is audited, in the outbox and published.
          const [lost] = await t.dataSource.query(
            `SELECT
               (SELECT count(*)::int FROM consent_records c JOIN support_episodes e ON e.service_user_id = c.service_user_id
                 WHERE e.id = ANY($1::uuid[]) AND c.kind = 'peer_support' AND c.withdrawn_on IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.action = 'consent.withdraw' AND a.resource_id = c.id::text)) AS withdrawals_unaudited,
               (SELECT count(*)::int FROM support_episodes e WHERE e.id = ANY($1::uuid[])
                   AND ((SELECT count(*) FROM outbox_events o WHERE o.type = 'episode.ended' AND o.aggregate_id = e.id) <> 1
                     OR (SELECT count(*) FROM integration_events i WHERE i.type LIKE '%.episode.ended' AND i.subject = 'support-episodes/' || e.id) <> 1
                     OR NOT EXISTS (SELECT 1 FROM support_episode_transitions t WHERE t.episode_id = e.id AND t.to_state = 'ended' AND t.reason LIKE 'Consent to peer support withdrawn on %'))) AS endings_lost,
               (SELECT count(*)::int FROM meetings m WHERE m.site_id = $2 AND m.status = 'cancelled'
                   AND (NOT EXISTS (SELECT 1 FROM outbox_events o WHERE o.type = 'meeting.cancelled' AND o.aggregate_id = m.id)
                     OR NOT EXISTS (SELECT 1 FROM integration_events i WHERE i.type LIKE '%.meeting.cancelled' AND i.subject = 'meetings/' || m.id)
                     OR NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.action = 'meeting.cancel' AND a.resource_id = m.id::text))) AS cancellations_lost`,
            [withdrawnIds, site.siteId],
          );
          expect(lost).toEqual({ withdrawals_unaudited: 0, endings_lost: 0, cancellations_lost: 0 });
        },
      ),
      {
        numRuns: Number(process.env.COVER_INVARIANT_RUNS ?? 6),
        endOnFailure: true,
        ...(process.env.COVER_INVARIANT_SEED ? { seed: Number(process.env.COVER_INVARIANT_SEED) } : {}),
      },
    );
    // The property held over real confirmations and real withdrawals, not only over runs where nothing happened.
    expect(arrangementsConfirmed).toBeGreaterThan(0);
    expect(withdrawalsMade).toBeGreaterThan(0);
  });
});
