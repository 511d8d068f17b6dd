import { createHmac } from 'node:crypto';
import { Role } from '../../src/common/auth/role';
import type { ReminderJobData } from '../../src/scheduling/reminders/reminder-jobs';
import type { OutboxEventView } from '../../src/scheduling/reminders/reminder-policy';
import { ReminderRegistry } from '../../src/scheduling/reminders/reminder-registry';
import { ReminderRunner } from '../../src/scheduling/reminders/reminder-runner.service';
import {
  type DeliverySite,
  deliverySite,
  episodeInCommunity,
  hoursFromNow,
  londonDate,
  type PeerWorkerAccount,
  peerWorkerAccount,
  referralBody,
  registerServiceUser,
  refusedWith,
} from '../support/builders';
import { TestApp, type TestUser } from '../support/test-app';

/** The development extract key (published, offered outside production): the pseudonym is worked out here from it. */
const DEVELOPMENT_KEY = 'development-only-research-extract-key-0123456789';
const pseudonym = (serviceUserId: string) => createHmac('sha256', DEVELOPMENT_KEY).update(serviceUserId).digest('hex');

/**
 * Issue 13 case 6: consent is live. Before, withdrawing consent to peer support only stamped the consent record:
 * the episode stayed open, its meetings planned and their reminders due. Now the open episode ends
 * (`consent_withdrawn`) in the withdrawal's transaction, and research consent decides the extract when it runs.
 */
describe('Consent is live', () => {
  let t: TestApp;
  let site: DeliverySite;
  let peer: PeerWorkerAccount;
  let coordinator: TestUser;

  beforeAll(async () => {
    t = await TestApp.start();
    site = await deliverySite(t, 'Consent Trust');
    coordinator = site.coordinator;
    peer = await peerWorkerAccount(t, site);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const get = (path: string, token = coordinator.token) => t.expect(200, 'GET', `/api/v1${path}`, { token });
  const episode = (id: string) => get(`/support-episodes/${id}`);
  const consentOf = async (serviceUserId: string, kind: 'peer_support' | 'research' = 'peer_support') =>
    ((await get(`/service-users/${serviceUserId}/consents`)) as { id: string; kind: string; active: boolean }[]).find(
      (c) => c.kind === kind && c.active,
    )!;
  const withdraw = (serviceUserId: string, consentId: string, withdrawnOn = londonDate(0)) =>
    t.expect(200, 'POST', `/api/v1/service-users/${serviceUserId}/consents/${consentId}/withdrawal`, {
      token: coordinator.token,
      body: { withdrawnOn },
    });
  const planMeeting = (episodeId: string, hours = 48) =>
    t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, {
      token: peer.user.token,
      body: { mode: 'telephone', setting: 'online', plannedStartAt: hoursFromNow(hours), plannedDurationMinutes: 45 },
    });
  const meetingsOf = async (episodeId: string) =>
    (await get(`/support-episodes/${episodeId}/meetings`)).items as {
      id: string;
      status: string;
      cancelledBy: string | null;
      statusReason: string | null;
    }[];
  const auditActions = async (serviceUserId: string) =>
    (
      await t.expect<{ items: { action: string; resourceId: string | null; details: Record<string, unknown> }[] }>(
        200,
        'GET',
        `/api/v1/audit-events?serviceUserId=${serviceUserId}&limit=200`,
        { token: t.adminToken },
      )
    ).items;

  /** The reminders an outbox event planned, as the worker would fire them now (each policy re-reads everything). */
  async function remindersPlannedBy(
    type: string,
    aggregateId: string,
  ): Promise<(ReminderJobData & { plannedFireAt: number })[]> {
    const rows: OutboxEventView[] = await t.dataSource.query(
      `SELECT id, type, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId", payload, created_at AS "createdAt"
         FROM outbox_events WHERE type = $1 AND aggregate_id = $2 ORDER BY created_at`,
      [type, aggregateId],
    );
    expect(rows.length).toBeGreaterThan(0);
    const jobs: (ReminderJobData & { plannedFireAt: number })[] = [];
    for (const policy of t.app.get(ReminderRegistry).policiesFor(type))
      for (const row of rows)
        for (const due of (await policy.plan(row, t.dataSource.manager)).schedule)
          jobs.push({ ...due, fireAt: new Date().toISOString(), plannedFireAt: due.fireAt.getTime() });
    return jobs;
  }
  /** Notifications about these subjects sent to the peer worker, the coordinator or the deputy since `since`. */
  const notificationsAbout = async (subjectIds: string[], since: Date) => {
    const all = [];
    for (const user of [peer.user, coordinator, site.deputy])
      all.push(
        ...((await get('/notifications', user.token)).items as {
          subjectId: string;
          kind: string;
          createdAt: string;
        }[]),
      );
    return all.filter((n) => subjectIds.includes(n.subjectId) && new Date(n.createdAt) >= since);
  };

  describe('withdrawing consent to peer support during community support', () => {
    let episodeId: string;
    let serviceUserId: string;
    let meetingId: string;
    let contactIds: string[];
    let reminders: (ReminderJobData & { plannedFireAt: number })[];
    let withdrawnAt: Date;

    beforeAll(async () => {
      episodeId = await episodeInCommunity(t, site, peer);
      serviceUserId = (await episode(episodeId)).serviceUserId;
      meetingId = (await planMeeting(episodeId)).id;
      contactIds = (
        await t.dataSource.query(
          `SELECT id FROM planned_contacts WHERE episode_id = $1 AND status = 'planned' ORDER BY sequence`,
          [episodeId],
        )
      ).map((r: { id: string }) => r.id);
      expect(contactIds.length).toBeGreaterThan(0);
      // Every reminder planned for this episode before the withdrawal: the meeting's, each contact's, the first community meeting's.
      reminders = [
        ...(await remindersPlannedBy('meeting.planned', meetingId)),
        ...(await remindersPlannedBy('planned_contact.scheduled', contactIds[0])),
        ...(await remindersPlannedBy('planned_contact.scheduled', contactIds[1])),
        ...(await remindersPlannedBy('episode.discharged', episodeId)),
      ];
      // A reminder already due when it was planned (today's first contact) goes out at once: let the worker send it
      // before the withdrawal, so what follows is only what the withdrawal changed.
      for (const due of reminders.filter((r) => r.plannedFireAt <= Date.now())) {
        const deadline = Date.now() + 20_000;
        while ((await notificationsAbout([due.subjectId], new Date(0))).every((n) => n.kind !== due.kind)) {
          if (Date.now() > deadline) throw new Error(`The worker never sent the due ${due.kind} reminder`);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
      expect(new Set(reminders.map((r) => r.policy))).toEqual(
        new Set(['meeting-reminder', 'planned-contact', 'planned-contact-window', 'first-community-meeting']),
      );
    }, 60_000);

    it('ends the open episode with consent_withdrawn, recording who, when and why', async () => {
      const consent = await consentOf(serviceUserId);
      withdrawnAt = new Date();
      const withdrawn = await withdraw(serviceUserId, consent.id);
      expect(withdrawn).toMatchObject({
        active: false,
        withdrawnOn: londonDate(0),
        withdrawalRecordedById: coordinator.id,
      });

      const ended = await episode(episodeId);
      expect(ended).toMatchObject({ state: 'ended', endingReason: 'consent_withdrawn' });
      expect(ended.endedAt).not.toBeNull();
      const history = await get(`/support-episodes/${episodeId}/transitions`);
      expect(history.at(-1)).toMatchObject({
        fromState: 'community_support',
        toState: 'ended',
        actorId: coordinator.id,
        reason: `Consent to peer support withdrawn on ${londonDate(0)}`,
      });
    });

    it('cancels the planned meetings and the outstanding contacts, and closes the pairing; care records are kept', async () => {
      const meetings = await meetingsOf(episodeId);
      expect(meetings.find((m) => m.id === meetingId)).toMatchObject({
        status: 'cancelled',
        cancelledBy: 'service_user',
        statusReason: 'Support episode ended (consent_withdrawn)',
      });
      expect(meetings.filter((m) => m.status === 'planned')).toEqual([]);
      // The ward meeting held before discharge is still there, as it was.
      expect(meetings.filter((m) => m.status === 'held')).toHaveLength(1);
      const contacts = await t.dataSource.query(
        `SELECT status, count(*)::int AS n FROM planned_contacts WHERE episode_id = $1 GROUP BY status`,
        [episodeId],
      );
      expect(contacts).toEqual([{ status: 'cancelled', n: contactIds.length }]);
      const pairings = await get(`/support-episodes/${episodeId}/pairings`);
      expect(pairings.every((p: { endedAt: string | null }) => p.endedAt !== null)).toBe(true);
      const caseload = await get(`/peer-workers/${peer.peerWorkerId}/caseload`);
      expect(caseload.episodes.map((e: { episodeId: string }) => e.episodeId)).not.toContain(episodeId);
    });

    it('stops the reminders: each one planned before the withdrawal notifies nobody when it fires', async () => {
      // meeting.cancelled removes the meeting's delayed job; what fires anyway re-reads the state and stays quiet.
      const cancelRow: OutboxEventView[] = await t.dataSource.query(
        `SELECT id, type, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId", payload, created_at AS "createdAt"
           FROM outbox_events WHERE type = 'meeting.cancelled' AND aggregate_id = $1`,
        [meetingId],
      );
      const plan = await t.app
        .get(ReminderRegistry)
        .policy('meeting-reminder')!
        .plan(cancelRow[0], t.dataSource.manager);
      expect(plan.cancel).toEqual([reminders.find((r) => r.policy === 'meeting-reminder')!.jobId]);

      const outcomes = [];
      for (const { plannedFireAt: _planned, ...reminder } of reminders)
        outcomes.push({ policy: reminder.policy, ...(await t.app.get(ReminderRunner).fire(reminder)) });
      expect(outcomes).toEqual(reminders.map((r) => ({ policy: r.policy, outcome: 'no_longer_due' })));
      expect(await notificationsAbout([meetingId, episodeId, ...contactIds], withdrawnAt)).toEqual([]);
      // No contact was marked missed by a window that closed after the ending.
      const missed = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM planned_contacts WHERE episode_id = $1 AND status <> 'cancelled'`,
        [episodeId],
      );
      expect(missed[0].n).toBe(0);
    });

    it('audits each effect: the withdrawal, the ending, every meeting cancelled', async () => {
      const audit = await auditActions(serviceUserId);
      expect(audit.find((a) => a.action === 'consent.withdraw')?.details).toMatchObject({
        kind: 'peer_support',
        withdrawnOn: londonDate(0),
      });
      expect(
        audit.find((a) => a.action === 'support_episode.transition' && a.details.to === 'ended')?.details,
      ).toMatchObject({ from: 'community_support', to: 'ended', endingReason: 'consent_withdrawn' });
      expect(audit.find((a) => a.action === 'meeting.cancel' && a.resourceId === meetingId)?.details).toMatchObject({
        episodeId,
        cancelledBy: 'service_user',
        reason: 'Support episode ended (consent_withdrawn)',
      });
    });

    it('publishes the ending and the cancelled meeting to Trust systems', async () => {
      const published = await t.dataSource.query(
        `SELECT type, data FROM integration_events WHERE subject IN ($1, $2) ORDER BY occurred_at`,
        [`support-episodes/${episodeId}`, `meetings/${meetingId}`],
      );
      const types = published.map((e: { type: string }) => e.type.replace('uk.nhs.enrich.', ''));
      expect(types).toContain('meeting.cancelled');
      expect(types.at(-1)).toBe('episode.ended');
      expect(published.at(-1).data).toMatchObject({ from: 'community_support', endingReason: 'consent_withdrawn' });
    });

    it('refuses to withdraw the same consent twice (409 problem+json naming the rule), changing nothing', async () => {
      const [consent] = await get(`/service-users/${serviceUserId}/consents`);
      await refusedWith(
        t,
        409,
        'consent_already_withdrawn',
        'POST',
        `/api/v1/service-users/${serviceUserId}/consents/${consent.id}/withdrawal`,
        coordinator.token,
        { withdrawnOn: londonDate(0) },
      );
      const history = await get(`/support-episodes/${episodeId}/transitions`);
      expect(history.filter((h: { toState: string }) => h.toState === 'ended')).toHaveLength(1);
    });
  });

  it('refuses another service user’s consent id under this one (404 problem+json), and ends nothing', async () => {
    const mine = await episodeInCommunity(t, site, peer);
    const other = await episodeInCommunity(t, site, peer);
    const mineUser = (await episode(mine)).serviceUserId;
    const othersConsent = await consentOf((await episode(other)).serviceUserId);
    const response = await t.call('POST', `/api/v1/service-users/${mineUser}/consents/${othersConsent.id}/withdrawal`, {
      token: coordinator.token,
      body: { withdrawnOn: londonDate(0) },
    });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect((await episode(mine)).state).toBe('community_support');
    expect((await episode(other)).state).toBe('community_support');
    expect((await consentOf((await episode(other)).serviceUserId)).active).toBe(true);
    // Bad input names the field: a withdrawal date in the future, or before the consent was given.
    for (const withdrawnOn of [londonDate(1), '2020-01-01']) {
      const bad = await t.call(
        'POST',
        `/api/v1/service-users/${mineUser}/consents/${(await consentOf(mineUser)).id}/withdrawal`,
        {
          token: coordinator.token,
          body: { withdrawnOn },
        },
      );
      expect(bad.statusCode).toBe(422);
      expect(JSON.stringify(bad.json())).toContain('withdrawnOn');
    }
    expect((await episode(mine)).state).toBe('community_support');
  });

  it('ends an episode still waiting for pairing, and one only referred', async () => {
    for (const allocate of [true, false]) {
      const serviceUserId = await registerServiceUser(t, coordinator.token, site.siteId, { wardId: site.wardId });
      const referred = await t.expect(201, 'POST', '/api/v1/support-episodes', {
        token: coordinator.token,
        body: referralBody(serviceUserId),
      });
      if (allocate)
        await t.expect(200, 'POST', `/api/v1/support-episodes/${referred.id}/allocation`, { token: coordinator.token });
      await withdraw(serviceUserId, (await consentOf(serviceUserId)).id);
      const history = await get(`/support-episodes/${referred.id}/transitions`);
      expect(history.at(-1)).toMatchObject({ fromState: allocate ? 'awaiting_pairing' : 'referred', toState: 'ended' });
      expect((await episode(referred.id)).endingReason).toBe('consent_withdrawn');
    }
  });

  it('keeps the episode open while another consent to peer support is still in force', async () => {
    const episodeId = await episodeInCommunity(t, site, peer);
    const serviceUserId = (await episode(episodeId)).serviceUserId;
    const renewed = await t.expect(201, 'POST', `/api/v1/service-users/${serviceUserId}/consents`, {
      token: coordinator.token,
      body: { kind: 'peer_support', givenOn: londonDate(-1), informationSheetVersion: 'v2.2' },
    });
    const older = ((await get(`/service-users/${serviceUserId}/consents`)) as { id: string }[]).find(
      (c) => c.id !== renewed.id,
    )!;
    await withdraw(serviceUserId, older.id);
    expect((await episode(episodeId)).state).toBe('community_support');
    await withdraw(serviceUserId, renewed.id);
    expect((await episode(episodeId)).state).toBe('ended');
  });

  it('only records the withdrawal of someone with no open episode', async () => {
    const serviceUserId = await registerServiceUser(t, coordinator.token, site.siteId);
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM support_episode_transitions`);
    await withdraw(serviceUserId, (await consentOf(serviceUserId)).id);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM support_episode_transitions`)).toEqual(before);
    expect((await auditActions(serviceUserId)).map((a) => a.action)).toContain('consent.withdraw');
  });

  it('leaves an episode allocated to usual care open: it is not peer support, and its follow-up goes on', async () => {
    const trialSiteId = await t.createSite('Consent Trial Trust', { allocation: 'randomised' });
    const trialCoordinator = await t.createUser([Role.Coordinator], [trialSiteId]);
    let usualCare: { id: string; serviceUserId: string } | null = null;
    // Permuted blocks keep the arms within a few places of each other: usual care comes within a handful.
    for (let i = 0; i < 12 && !usualCare; i++) {
      const serviceUserId = await registerServiceUser(t, trialCoordinator.token, trialSiteId, {
        consents: ['peer_support', 'research'],
      });
      const referred = await t.expect(201, 'POST', '/api/v1/support-episodes', {
        token: trialCoordinator.token,
        body: referralBody(serviceUserId),
      });
      const allocated = await t.expect(200, 'POST', `/api/v1/support-episodes/${referred.id}/allocation`, {
        token: trialCoordinator.token,
      });
      if (allocated.state === 'allocated_usual_care') usualCare = { id: referred.id, serviceUserId };
    }
    expect(usualCare).not.toBeNull();
    const consent = (
      (await get(`/service-users/${usualCare!.serviceUserId}/consents`, trialCoordinator.token)) as {
        id: string;
        kind: string;
      }[]
    ).find((c) => c.kind === 'peer_support')!;
    await t.expect(200, 'POST', `/api/v1/service-users/${usualCare!.serviceUserId}/consents/${consent.id}/withdrawal`, {
      token: trialCoordinator.token,
      body: { withdrawnOn: londonDate(0) },
    });
    expect((await get(`/support-episodes/${usualCare!.id}`, trialCoordinator.token)).state).toBe(
      'allocated_usual_care',
    );
  });

  describe('withdrawing research consent', () => {
    it('takes the person out of the research extract from that moment, and keeps their care as it was', async () => {
      const episodeId = await episodeInCommunity(t, site, peer);
      const serviceUserId = (await episode(episodeId)).serviceUserId;
      const meetingId = (await planMeeting(episodeId)).id;
      const research = await t.expect(201, 'POST', `/api/v1/service-users/${serviceUserId}/consents`, {
        token: coordinator.token,
        body: { kind: 'research', givenOn: londonDate(-10), informationSheetVersion: 'Research PIS v1' },
      });
      const participants = async () => {
        const response = await t.call('GET', '/api/v1/research-extracts/development/participants.csv', {
          token: t.adminToken,
        });
        expect(response.statusCode).toBe(200);
        return response.body.split('\r\n').filter((line) => line.startsWith(pseudonym(serviceUserId)));
      };
      expect(await participants()).toHaveLength(1);

      await withdraw(serviceUserId, research.id);
      expect(await participants()).toEqual([]);
      // Care records are kept and support goes on: the episode, its meeting, its consent to peer support.
      expect((await episode(episodeId)).state).toBe('community_support');
      expect((await meetingsOf(episodeId)).find((m) => m.id === meetingId)?.status).toBe('planned');
      expect((await consentOf(serviceUserId)).active).toBe(true);
      expect(
        (await get(`/service-users/${serviceUserId}/consents`)).map((c: { kind: string }) => c.kind).sort(),
      ).toEqual(['peer_support', 'research']);
    });
  });
});
