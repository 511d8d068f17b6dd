import { Role } from '../../src/common/auth/role';
import { OverdueSupervisionService } from '../../src/supervision/overdue-supervision.service';
import { referralBody, registerServiceUser } from '../support/builders';
import { TestApp, TestUser } from '../support/test-app';
import {
  londonDate,
  RecruitedPeerWorker,
  recruitPeerWorker,
  SiteTeam,
  siteWithCoordinatorAndDeputy,
} from '../support/builders';

describe('Supervision: group and individual sessions, the coordinator’s queue, overdue detection', () => {
  let t: TestApp;
  let team: SiteTeam;
  let sam: RecruitedPeerWorker;
  let rae: RecruitedPeerWorker;
  let otherCoordinator: TestUser;
  let otherSiteId: string;
  let episodeId: string;
  let otherSiteEpisodeId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    team = await siteWithCoordinatorAndDeputy(t);
    sam = await recruitPeerWorker(t, team.coordinator.token, team.siteId, 'active', 'Sam Okafor');
    rae = await recruitPeerWorker(t, team.coordinator.token, team.siteId, 'active', 'Rae Lin');
    otherSiteId = await t.createSite('Southbank Partnership NHS Trust');
    otherCoordinator = await t.createUser([Role.Coordinator], [otherSiteId]);
    // A service user of the site, named Jo Bloggs by the fixture, with a referred episode.
    const serviceUserId = await registerServiceUser(t, team.coordinator.token, team.siteId);
    episodeId = (
      await t.expect(201, 'POST', '/api/v1/support-episodes', {
        token: team.coordinator.token,
        body: referralBody(serviceUserId),
      })
    ).id;
    const otherServiceUser = await registerServiceUser(t, otherCoordinator.token, otherSiteId);
    otherSiteEpisodeId = (
      await t.expect(201, 'POST', '/api/v1/support-episodes', {
        token: otherCoordinator.token,
        body: referralBody(otherServiceUser),
      })
    ).id;
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  const groupBody = (extra: Record<string, unknown> = {}) => ({
    siteId: team.siteId,
    heldOn: londonDate(-3),
    attendeePeerWorkerIds: [sam.id, rae.id],
    themes: ['boundaries when asked to meet at the weekend', 'self-care after difficult visits'],
    notes: 'Agreed to bring the updated resource pack next time',
    ...extra,
  });

  describe('group supervision', () => {
    it('records date, facilitator, attendance and themes, and puts a safety item in the coordinator’s queue', async () => {
      const session = await t.expect(201, 'POST', '/api/v1/supervision/group-sessions', {
        token: team.coordinator.token,
        body: groupBody({ concerns: [{ category: 'safety', summary: 'Team base door code shared too widely' }] }),
      });
      expect(session).toMatchObject({
        siteId: team.siteId,
        facilitatorUserId: team.coordinator.id,
        attendeePeerWorkerIds: [sam.id, rae.id],
        concerns: [{ category: 'safety', episodeId: null }],
      });
      const queue = await t.expect(200, 'GET', `/api/v1/coordinator-queue?siteId=${team.siteId}`, {
        token: team.coordinator.token,
      });
      expect(queue.items).toContainEqual(
        expect.objectContaining({
          raisedIn: 'group',
          sessionId: session.id,
          category: 'safety',
          episodeId: null,
          peerWorkerId: null,
        }),
      );
      const outbox = await t.dataSource.query(`SELECT type, payload FROM outbox_events WHERE aggregate_id = $1`, [
        session.id,
      ]);
      expect(outbox).toEqual([
        {
          type: 'supervision.recorded',
          payload: expect.objectContaining({ kind: 'group', peerWorkerIds: [sam.id, rae.id] }),
        },
      ]);
    });

    it('has no place for a service user or episode: sending one is refused as an unknown field', async () => {
      for (const body of [
        groupBody({ episodeId }),
        groupBody({ concerns: [{ category: 'risk', summary: 'Worried about someone', episodeId }] }),
        groupBody({ serviceUserId: episodeId }),
      ]) {
        const response = await t.call('POST', '/api/v1/supervision/group-sessions', {
          token: team.coordinator.token,
          body,
        });
        expect(response.statusCode).toBe(400);
      }
    });

    it.each([
      ['a service user’s name in a theme', { themes: ['how Jo Bloggs is getting on after discharge'] }, 'themes[0]'],
      ['a service user’s name in the notes, in any case', { notes: 'we talked about JO BLOGGS' }, 'notes'],
      ['an NHS number in the notes', { notes: 'the man with NHS number 943 476 5919' }, 'notes'],
      [
        'a record id in a queue item',
        { concerns: [{ category: 'risk', summary: `see episode 0f6c1a52-93a2-4f6e-8f0c-2b1d5e7a9c11` }] },
        'concerns[0].summary',
      ],
      ['a date of birth in the themes', { themes: ['boundaries', 'a woman, DOB 1985'] }, 'themes[1]'],
    ])('refuses case notes about an identifiable service user: %s', async (_what, extra, field) => {
      const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM group_supervision_sessions'))[0].n;
      const response = await t.call('POST', '/api/v1/supervision/group-sessions', {
        token: team.coordinator.token,
        body: groupBody(extra),
      });
      expect(response.statusCode).toBe(422);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors).toEqual([expect.objectContaining({ field })]);
      expect((await t.dataSource.query('SELECT count(*)::int AS n FROM group_supervision_sessions'))[0].n).toBe(before);
    });

    it('keeps group items unlinked at the database level too', async () => {
      const [{ id }] = await t.dataSource.query(
        `SELECT id FROM supervision_concerns WHERE raised_in = 'group' LIMIT 1`,
      );
      await expect(
        t.dataSource.query(`UPDATE supervision_concerns SET episode_id = $2 WHERE id = $1`, [id, episodeId]),
      ).rejects.toThrow(/ck_supervision_concerns_group_unlinked/);
    });

    it('refuses an attendee from another site, and hides the site from another site’s coordinator and from peer workers', async () => {
      const outsider = await t.call('POST', '/api/v1/supervision/group-sessions', {
        token: team.coordinator.token,
        body: groupBody({ attendeePeerWorkerIds: [sam.id, episodeId] }),
      });
      expect(outsider.statusCode).toBe(422);
      expect(outsider.json().errors).toEqual([expect.objectContaining({ field: 'attendeePeerWorkerIds[1]' })]);
      expect(
        (
          await t.call('POST', '/api/v1/supervision/group-sessions', {
            token: otherCoordinator.token,
            body: groupBody(),
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (await t.call('GET', `/api/v1/supervision/group-sessions?siteId=${team.siteId}`, { token: sam.user.token }))
          .statusCode,
      ).toBe(404);
    });
  });

  describe('individual supervision', () => {
    it('agrees actions with owners and due dates, and follows them up in a later session: done, or carried forward with a new due date', async () => {
      const token = team.coordinator.token;
      const first = await t.expect(201, 'POST', '/api/v1/supervision/individual-sessions', {
        token,
        body: {
          peerWorkerId: sam.id,
          heldOn: londonDate(-40),
          actions: [
            { description: 'Book the lone-working refresher', owner: 'peer_worker', dueOn: londonDate(-30) },
            { description: 'Ask the ward manager about a quiet room', owner: 'supervisor', dueOn: londonDate(-33) },
          ],
        },
      });
      expect(first.actions).toHaveLength(2);
      expect(first.actions.every((a: { status: string }) => a.status === 'open')).toBe(true);
      const [refresher, room] = first.actions;

      const second = await t.expect(201, 'POST', '/api/v1/supervision/individual-sessions', {
        token,
        body: {
          peerWorkerId: sam.id,
          heldOn: londonDate(-10),
          followUps: [
            { actionId: room.id, outcome: 'done', note: 'Room 4 is free on Tuesdays' },
            {
              actionId: refresher.id,
              outcome: 'carried_forward',
              note: 'Course full until next month',
              newDueOn: londonDate(20),
            },
          ],
          actions: [
            {
              description: 'Share the resource pack update',
              owner: 'other',
              ownerName: 'Ward manager',
              dueOn: londonDate(5),
            },
          ],
        },
      });
      expect(second.followedUp).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            id: room.id,
            status: 'done',
            followedUpInSessionId: second.id,
            followUpNote: 'Room 4 is free on Tuesdays',
          }),
          expect.objectContaining({ id: refresher.id, status: 'carried_forward', followedUpInSessionId: second.id }),
        ]),
      );
      expect(second.actions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            description: 'Book the lone-working refresher',
            carriedForwardFromId: refresher.id,
            dueOn: londonDate(20),
            status: 'open',
          }),
          expect.objectContaining({
            description: 'Share the resource pack update',
            owner: 'other',
            ownerName: 'Ward manager',
          }),
        ]),
      );

      const open = await t.expect(200, 'GET', `/api/v1/supervision/peer-workers/${sam.id}/actions?status=open`, {
        token: sam.user.token,
      });
      expect(open.map((a: { description: string }) => a.description).sort()).toEqual([
        'Book the lone-working refresher',
        'Share the resource pack update',
      ]);

      // An action is followed up once; and only this peer worker's actions can be.
      const twice = await t.call('POST', '/api/v1/supervision/individual-sessions', {
        token,
        body: { peerWorkerId: sam.id, heldOn: londonDate(-1), followUps: [{ actionId: room.id, outcome: 'done' }] },
      });
      expect(twice.statusCode).toBe(422);
      expect(twice.json().errors).toEqual([expect.objectContaining({ field: 'followUps[0].actionId' })]);
      const notRaes = await t.call('POST', '/api/v1/supervision/individual-sessions', {
        token,
        body: {
          peerWorkerId: rae.id,
          heldOn: londonDate(-1),
          followUps: [{ actionId: second.actions[0].id, outcome: 'done' }],
        },
      });
      expect(notRaes.statusCode).toBe(422);
      const noDate = await t.call('POST', '/api/v1/supervision/individual-sessions', {
        token,
        body: {
          peerWorkerId: sam.id,
          heldOn: londonDate(-1),
          followUps: [{ actionId: second.actions[0].id, outcome: 'carried_forward' }],
        },
      });
      expect(noDate.statusCode).toBe(422);
      expect(noDate.json().errors).toEqual([expect.objectContaining({ field: 'followUps[0].newDueOn' })]);
      // Refused follow-ups left nothing behind: the action is still open.
      expect(
        (await t.expect(200, 'GET', `/api/v1/supervision/peer-workers/${sam.id}/actions?status=open`, { token }))
          .length,
      ).toBe(2);

      // The peer worker sees their own sessions; a colleague and another site's coordinator do not.
      expect(
        (
          await t.expect(200, 'GET', `/api/v1/supervision/individual-sessions?peerWorkerId=${sam.id}`, {
            token: sam.user.token,
          })
        ).length,
      ).toBe(2);
      expect(
        (await t.call('GET', `/api/v1/supervision/individual-sessions/${second.id}`, { token: rae.user.token }))
          .statusCode,
      ).toBe(404);
      expect(
        (await t.call('GET', `/api/v1/supervision/individual-sessions/${second.id}`, { token: otherCoordinator.token }))
          .statusCode,
      ).toBe(404);
    });

    it('links a risk item to an episode of the site; it reaches the coordinator’s queue, risk first, until resolved', async () => {
      const token = team.coordinator.token;
      const session = await t.expect(201, 'POST', '/api/v1/supervision/individual-sessions', {
        token,
        body: {
          peerWorkerId: rae.id,
          heldOn: londonDate(-2),
          concerns: [
            { category: 'handover', summary: 'Handover needed before leave: prefers texts in the morning' },
            {
              category: 'risk',
              summary: 'Spoke of stopping medication; agreed to raise with the care coordinator',
              episodeId,
            },
          ],
        },
      });
      expect(session.concerns).toEqual(
        expect.arrayContaining([expect.objectContaining({ category: 'risk', episodeId })]),
      );
      const queue = await t.expect(200, 'GET', `/api/v1/coordinator-queue?siteId=${team.siteId}`, { token });
      expect(queue.responsibleUserId).toBe(team.coordinator.id);
      const categories = queue.items.map((i: { category: string }) => i.category);
      expect(categories).toEqual(
        [...categories].sort(
          (a: string, b: string) =>
            ['risk', 'safety', 'handover'].indexOf(a) - ['risk', 'safety', 'handover'].indexOf(b),
        ),
      );
      const risk = queue.items.find((i: { episodeId: string | null }) => i.episodeId === episodeId);
      expect(risk).toMatchObject({
        raisedIn: 'individual',
        peerWorkerId: rae.id,
        sessionId: session.id,
        state: 'open',
      });

      // Reading the queue is audited against the service user named by the linked episode.
      const [serviceUser] = await t.dataSource.query(`SELECT service_user_id FROM support_episodes WHERE id = $1`, [
        episodeId,
      ]);
      const audited = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'supervision_concern.list' AND service_user_id = $1`,
        [serviceUser.service_user_id],
      );
      expect(audited[0].n).toBeGreaterThan(0);

      // Another site's coordinator cannot see or resolve it.
      expect(
        (await t.call('GET', `/api/v1/coordinator-queue?siteId=${team.siteId}`, { token: otherCoordinator.token }))
          .statusCode,
      ).toBe(404);
      expect(
        (
          await t.call('POST', `/api/v1/coordinator-queue/${risk.id}/resolution`, {
            token: otherCoordinator.token,
            body: { resolution: 'x' },
          })
        ).statusCode,
      ).toBe(404);

      const resolved = await t.expect(200, 'POST', `/api/v1/coordinator-queue/${risk.id}/resolution`, {
        token,
        body: { resolution: 'Raised with the care coordinator the same day' },
      });
      expect(resolved).toMatchObject({ state: 'resolved', resolvedById: team.coordinator.id });
      expect(
        (
          await t.call('POST', `/api/v1/coordinator-queue/${risk.id}/resolution`, {
            token,
            body: { resolution: 'again' },
          })
        ).statusCode,
      ).toBe(409);
      const after = await t.expect(200, 'GET', `/api/v1/coordinator-queue?siteId=${team.siteId}`, { token });
      expect(after.items.map((i: { id: string }) => i.id)).not.toContain(risk.id);
      const resolvedList = await t.expect(
        200,
        'GET',
        `/api/v1/coordinator-queue?siteId=${team.siteId}&state=resolved`,
        { token },
      );
      expect(resolvedList.items.map((i: { id: string }) => i.id)).toContain(risk.id);
    });

    it('refuses to link an episode of another site', async () => {
      const response = await t.call('POST', '/api/v1/supervision/individual-sessions', {
        token: team.coordinator.token,
        body: {
          peerWorkerId: rae.id,
          heldOn: londonDate(-1),
          concerns: [{ category: 'risk', summary: 'x', episodeId: otherSiteEpisodeId }],
        },
      });
      expect(response.statusCode).toBe(422);
      expect(response.json().errors).toEqual([expect.objectContaining({ field: 'concerns[0].episodeId' })]);
    });
  });

  describe('overdue supervision', () => {
    it('lists each active peer worker whose group or individual supervision is past the site frequency', async () => {
      const token = team.coordinator.token;
      const newcomer = await recruitPeerWorker(t, token, team.siteId, 'active', 'Ade New');
      // Sam and Rae were supervised in the last fortnight (above); Ade's last sessions are older.
      await t.expect(201, 'POST', '/api/v1/supervision/individual-sessions', {
        token,
        body: { peerWorkerId: newcomer.id, heldOn: londonDate(-31) },
      });
      await t.expect(201, 'POST', '/api/v1/supervision/group-sessions', {
        token,
        body: groupBody({ heldOn: londonDate(-14), attendeePeerWorkerIds: [newcomer.id] }),
      });

      const overdue = await t.expect(200, 'GET', `/api/v1/supervision/overdue?siteId=${team.siteId}`, { token });
      const ade = overdue.filter((o: { peerWorkerId: string }) => o.peerWorkerId === newcomer.id);
      // Monthly supervision 31 days ago was due yesterday; a group session 14 days ago is due today, not yet overdue.
      expect(ade).toEqual([
        expect.objectContaining({
          kind: 'individual',
          everyDays: 30,
          lastHeldOn: londonDate(-31),
          dueOn: londonDate(-1),
          daysOverdue: 1,
          neverHeld: false,
          absentToday: false,
        }),
      ]);
      expect(
        overdue.filter((o: { peerWorkerId: string }) => o.peerWorkerId === sam.id || o.peerWorkerId === rae.id),
      ).toEqual([]);

      // The digest's source gives the same answer; tomorrow the group session is overdue too.
      const source = t.app.get(OverdueSupervisionService);
      expect(
        (await source.overdueFor(team.siteId, new Date())).filter((o) => o.peerWorkerId === newcomer.id),
      ).toHaveLength(1);
      const tomorrow = await source.overdueFor(team.siteId, new Date(Date.now() + 24 * 3600 * 1000));
      expect(
        tomorrow
          .filter((o) => o.peerWorkerId === newcomer.id)
          .map((o) => o.kind)
          .sort(),
      ).toEqual(['group', 'individual']);

      // A site that supervises individually every 45 days does not count 31 days as overdue.
      await t.expect(200, 'PATCH', `/api/v1/sites/${team.siteId}`, {
        token: t.adminToken,
        body: { settings: { individualSupervisionEveryDays: 45 } },
      });
      expect((await source.overdueFor(team.siteId, new Date())).filter((o) => o.peerWorkerId === newcomer.id)).toEqual(
        [],
      );
      await t.expect(200, 'PATCH', `/api/v1/sites/${team.siteId}`, {
        token: t.adminToken,
        body: { settings: { individualSupervisionEveryDays: 30 } },
      });

      expect(
        (await t.call('GET', `/api/v1/supervision/overdue?siteId=${team.siteId}`, { token: otherCoordinator.token }))
          .statusCode,
      ).toBe(404);
      expect(
        (await t.call('GET', `/api/v1/supervision/overdue?siteId=${team.siteId}`, { token: sam.user.token }))
          .statusCode,
      ).toBe(404);
    });

    it('lists a peer worker never supervised, flagged as never held', async () => {
      const token = team.coordinator.token;
      const fresh = await recruitPeerWorker(t, token, team.siteId, 'active', 'Kit Fresh');
      const overdue = await t.expect(200, 'GET', `/api/v1/supervision/overdue?siteId=${team.siteId}`, { token });
      expect(overdue.filter((o: { peerWorkerId: string }) => o.peerWorkerId === fresh.id)).toEqual([
        expect.objectContaining({ kind: 'group', neverHeld: true, lastHeldOn: null }),
        expect.objectContaining({ kind: 'individual', neverHeld: true, lastHeldOn: null }),
      ]);
    });
  });
});
