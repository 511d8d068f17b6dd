import { createHmac, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  deliverySite,
  DeliverySite,
  heldDetails,
  hoursFromNow,
  londonDate,
  pairedEpisode,
  PeerWorkerAccount,
  peerWorkerAccount,
  referralBody,
  registerServiceUser,
  wardMeeting,
} from '../support/builders';
import { TestApp } from '../support/test-app';
import { waitFor } from '../scheduling/scheduling-fixtures';
import { integrationClient } from './integration-fixtures';

jest.setTimeout(120_000);

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real receiver on an ephemeral port; `answer` decides each status code. */
async function startReceiver(answer: (body: string) => number = () => 204) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answer(body);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    events: () => received.map((r) => JSON.parse(r.body) as CloudEventJson),
    close: () => new Promise((r) => server.close(r)),
  };
}

interface CloudEventJson {
  specversion: string;
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: string;
  data: Record<string, unknown>;
}

const NS = 'uk.nhs.enrich';
const EVERY_TYPE = [
  'episode.referred',
  'episode.allocated',
  'episode.paired',
  'episode.ward_support_started',
  'episode.discharged',
  'episode.readmitted',
  'episode.ended',
  'meeting.planned',
  'meeting.held',
  'meeting.missed',
  'plan.versioned',
  'cover.started',
  'cover.ended',
].map((t) => `${NS}.${t}`);

describe('Domain events out: CloudEvents webhooks per subscription, and replay from a cursor', () => {
  let t: TestApp;
  let site: DeliverySite;
  let other: DeliverySite;
  let peer: PeerWorkerAccount;
  let client: { token: string; id: string };
  let otherClient: { token: string; id: string };
  let all: Awaited<ReturnType<typeof startReceiver>>;
  let filtered: Awaited<ReturnType<typeof startReceiver>>;
  let otherSite: Awaited<ReturnType<typeof startReceiver>>;
  let flaky: Awaited<ReturnType<typeof startReceiver>>;
  let secrets: Record<string, string>;
  let episodeId: string;
  let serviceUserNhsNumber: string;
  let cursorBeforeDischarge: string;

  const subscribe = async (token: string, eventTypes: string[], url: string, extra: Record<string, unknown> = {}) =>
    (
      await t.expect(201, 'POST', '/api/v1/webhook-subscriptions', {
        token,
        body: { eventTypes, targetUrl: url, ...extra },
      })
    ).secret as string;

  /** Every page from `after` (the start when empty) until hasMore is false, three at a time. */
  const replayAll = async (token: string, query = '', from = '') => {
    const items: CloudEventJson[] = [];
    let after = from;
    for (;;) {
      const page = await t.expect(200, 'GET', `/api/v1/events?limit=3${query}${after ? `&after=${after}` : ''}`, {
        token,
      });
      items.push(...page.items);
      after = page.next;
      if (!page.hasMore) return { items, next: after };
    }
  };

  const verified = (secret: string, r: Received) => {
    const timestamp = String(r.headers['x-enrich-timestamp']);
    const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${r.body}`).digest('hex')}`;
    return r.headers['x-enrich-signature'] === expected;
  };

  beforeAll(async () => {
    t = await TestApp.start({
      OUTBOX_RELAY_INTERVAL_MS: '100',
      WEBHOOK_BACKOFF_MS: '50',
      WEBHOOK_MAX_ATTEMPTS: '6',
      WEBHOOK_DISABLE_AFTER_FAILURES: '5',
    });
    site = await deliverySite(t, 'Events North');
    other = await deliverySite(t, 'Events South');
    peer = await peerWorkerAccount(t, site);
    client = await integrationClient(t, 'North EPR', [site.siteId]);
    otherClient = await integrationClient(t, 'South EPR', [other.siteId]);
    all = await startReceiver();
    filtered = await startReceiver();
    otherSite = await startReceiver();
    let flakyCalls = 0;
    flaky = await startReceiver(() => (++flakyCalls === 1 ? 503 : 200));
    secrets = {
      all: await subscribe(client.token, [`${NS}.*`], all.url),
      filtered: await subscribe(client.token, [`${NS}.episode.discharged`], filtered.url, { siteIds: [site.siteId] }),
      otherSite: await subscribe(otherClient.token, ['*'], otherSite.url),
      flaky: await subscribe(client.token, [`${NS}.episode.referred`], flaky.url),
    };

    // The episode's life, one domain event after another.
    episodeId = await pairedEpisode(t, site, peer.peerWorkerId); // referred, allocated, paired
    await t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, {
      token: peer.user.token,
      body: wardMeeting(hoursFromNow(-120), { status: 'held', held: heldDetails(-120) }),
    }); // meeting.held, ward_support_started
    const episode = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, {
      token: site.coordinator.token,
    });
    serviceUserNhsNumber = (
      await t.expect(200, 'GET', `/api/v1/service-users/${episode.serviceUserId}`, { token: site.coordinator.token })
    ).nhsNumber;
    await t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/plans`, {
      token: peer.user.token,
      body: {
        kind: 'crisis_plan',
        sections: [{ heading: 'Who to call', text: 'My sister first, then the crisis line.' }],
        sharedWithCareTeam: true,
      },
    }); // plan.versioned
    cursorBeforeDischarge = await waitFor<string>('the replay to reach the plan', async () => {
      const { items, next } = await replayAll(client.token);
      return items.some((e) => e.type === `${NS}.plan.versioned`) && next;
    });
  });

  afterAll(async () => {
    await Promise.all([all, filtered, otherSite, flaky].map((r) => r?.close()));
    await t?.close();
  });

  describe('after the episode moves on', () => {
    beforeAll(async () => {
      await t.expect(200, 'POST', '/api/v1/integration/ward-events', {
        token: client.token,
        body: {
          type: 'discharge',
          nhsNumber: serviceUserNhsNumber,
          occurredOn: londonDate(-1),
          sourceSystem: 'RiO',
          sourceEventId: `rio-${randomUUID()}`,
        },
      }); // episode.discharged
      const planned = await t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, {
        token: peer.user.token,
        body: wardMeeting(hoursFromNow(-2), { mode: 'telephone', setting: 'online' }),
      }); // meeting.planned
      await t.expect(200, 'POST', `/api/v1/meetings/${planned.id}/missed`, {
        token: peer.user.token,
        body: { missedBy: 'service_user', reason: 'No answer on the phone' },
      }); // meeting.missed
      const absence = await t.expect(201, 'POST', '/api/v1/absences', {
        token: site.coordinator.token,
        body: {
          subject: 'peer_worker',
          peerWorkerId: peer.peerWorkerId,
          kind: 'annual_leave',
          planned: true,
          startsOn: londonDate(0),
          expectedEndOn: londonDate(1),
        },
      });
      await t.expect(200, 'POST', `/api/v1/absences/${absence.id}/cover-plan`, {
        token: site.coordinator.token,
        body: { arrangements: [{ episodeId, arrangement: 'pause', serviceUserInformed: true }] },
      }); // cover.started
      await t.expect(200, 'POST', `/api/v1/absences/${absence.id}/transitions`, {
        token: site.coordinator.token,
        body: { to: 'ended', endedOn: londonDate(0), reason: 'Back early' },
      }); // cover.ended
      await t.expect(200, 'POST', '/api/v1/integration/ward-events', {
        token: client.token,
        body: {
          type: 'readmission',
          nhsNumber: serviceUserNhsNumber,
          occurredOn: londonDate(0),
          sourceSystem: 'RiO',
          sourceEventId: `rio-${randomUUID()}`,
        },
      }); // episode.readmitted
      await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/ending`, {
        token: site.coordinator.token,
        body: { endingReason: 'transferred' },
      }); // episode.ended
      // A referral at the other site: the other client's subscription has something of its own to receive.
      const southUser = await registerServiceUser(t, other.coordinator.token, other.siteId);
      await t.expect(201, 'POST', '/api/v1/support-episodes', {
        token: other.coordinator.token,
        body: referralBody(southUser),
      });
      await waitFor(
        'every type to arrive',
        async () => EVERY_TYPE.every((type) => all.events().some((e) => e.type === type)),
        60_000,
      );
    });

    it('delivers a signed CloudEvent 1.0 for each domain event an integrator needs', () => {
      for (const type of EVERY_TYPE) {
        const received = all.received.filter((r) => (JSON.parse(r.body) as CloudEventJson).type === type);
        expect({ type, count: received.length > 0 }).toEqual({ type, count: true });
        for (const r of received) {
          expect(verified(secrets.all, r)).toBe(true);
          expect(verified(secrets.flaky, r)).toBe(false);
          expect(r.headers['content-type']).toContain('application/cloudevents+json');
          const event = JSON.parse(r.body) as CloudEventJson;
          expect(r.headers['x-enrich-event-id']).toBe(event.id);
          expect(event).toMatchObject({
            specversion: '1.0',
            id: expect.stringMatching(/^[0-9a-f-]{36}$/),
            source: expect.stringMatching(new RegExp(`/api/v1/sites/${site.siteId}$`)),
            subject: expect.stringMatching(/^(support-episodes|meetings)\/[0-9a-f-]{36}/),
            datacontenttype: 'application/json',
            data: expect.objectContaining({ siteId: site.siteId }),
          });
          expect(Number.isNaN(Date.parse(event.time))).toBe(false);
        }
      }
      const discharged = all.events().find((e) => e.type === `${NS}.episode.discharged`)!;
      expect(discharged).toMatchObject({
        subject: `support-episodes/${episodeId}`,
        data: {
          episodeId,
          from: 'ward_support',
          to: 'community_support',
          dischargedOn: londonDate(-1),
          resumed: false,
        },
      });
      // Ids, not people: no NHS number, no name, no plan text leaves in an event.
      const everything = all.received.map((r) => r.body).join('\n');
      expect(everything).not.toContain(serviceUserNhsNumber);
      expect(everything).not.toContain('Bloggs');
      expect(everything).not.toContain('crisis line');
      // Each event once per subscription (a retry would carry the same id).
      const ids = all.events().map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('gives a filtered subscription only its types, and another Trust’s subscription only its own site’s events', async () => {
      await waitFor('the discharge at the filtered receiver', async () => filtered.received.length > 0);
      await waitFor('the South referral', async () => otherSite.received.length > 0);
      expect(filtered.events().map((e) => e.type)).toEqual([`${NS}.episode.discharged`]);
      expect(verified(secrets.filtered, filtered.received[0])).toBe(true);
      expect(otherSite.events().map((e) => [e.type, e.data.siteId])).toEqual([
        [`${NS}.episode.referred`, other.siteId],
      ]);
      // Both South's and North's referrals are relayed by now: North's events never reached South.
      expect(otherSite.received.map((r) => r.body).join()).not.toContain(site.siteId);
    });

    it('retries a failed delivery with the same event id and the same body', async () => {
      const attempts = await waitFor('two attempts', async () => flaky.received.length >= 2 && flaky.received);
      const [first, second] = attempts.map((r) => JSON.parse(r.body) as CloudEventJson);
      expect(first.type).toBe(`${NS}.episode.referred`);
      expect(second.id).toBe(first.id);
      expect(attempts[1].body).toBe(attempts[0].body);
      expect(attempts.every((r) => verified(secrets.flaky, r))).toBe(true);
      const subscriptions = await t.expect(200, 'GET', '/api/v1/webhook-subscriptions', { token: client.token });
      const log = await t.expect(
        200,
        'GET',
        `/api/v1/webhook-subscriptions/${subscriptions.find((s: { targetUrl: string }) => s.targetUrl === flaky.url).id}/deliveries`,
        { token: client.token },
      );
      expect(
        log.map((d: { attempt: number; statusCode: number; eventId: string }) => [d.attempt, d.statusCode]),
      ).toEqual([
        [2, 200],
        [1, 503],
      ]);
      expect(new Set(log.map((d: { eventId: string }) => d.eventId))).toEqual(new Set([first.id]));
    });

    it('replays what a consumer missed, in order, from its cursor, scoped to the caller’s sites', async () => {
      // The replay holds exactly what the webhooks delivered for this site, in the same ids (an event shows once
      // every older transaction on the server has finished: another test's long one may hold it back a moment).
      const delivered = new Set(all.events().map((e) => e.id));
      const everything = await waitFor('the replay to catch up', async () => {
        const { items } = await replayAll(client.token);
        return items.length >= delivered.size && items;
      });
      expect(new Set(everything.map((e) => e.id))).toEqual(delivered);
      expect(everything.every((e) => e.data.siteId === site.siteId)).toBe(true);
      // In order: the episode's own events follow its life.
      const episodeTypes = everything
        .filter((e) => e.subject === `support-episodes/${episodeId}` && e.type.startsWith(`${NS}.episode.`))
        .map((e) => e.type.slice(NS.length + 1));
      expect(episodeTypes).toEqual([
        'episode.referred',
        'episode.allocated',
        'episode.paired',
        'episode.ward_support_started',
        'episode.discharged',
        'episode.readmitted',
        'episode.ended',
      ]);
      // What came after the saved cursor: the discharge onwards, nothing before it.
      const missed = await replayAll(client.token, '', cursorBeforeDischarge);
      expect(missed.items.map((e) => e.type)).toContain(`${NS}.episode.discharged`);
      expect(missed.items.map((e) => e.type)).not.toContain(`${NS}.episode.paired`);
      expect(missed.items.map((e) => e.type)).not.toContain(`${NS}.plan.versioned`);
      // Up to date: the last cursor gives an empty page and itself back.
      const empty = await t.expect(200, 'GET', `/api/v1/events?after=${missed.next}`, { token: client.token });
      expect(empty).toEqual({ items: [], next: missed.next, hasMore: false });
      // Filtered by type.
      const meetings = await replayAll(client.token, `&types=${NS}.meeting.*,${NS}.cover.ended`);
      expect(new Set(meetings.items.map((e) => e.type))).toEqual(
        new Set([`${NS}.meeting.held`, `${NS}.meeting.planned`, `${NS}.meeting.missed`, `${NS}.cover.ended`]),
      );
      // South's client sees only South; an admin sees both.
      const south = await waitFor('South’s replay', async () => {
        const page = await replayAll(otherClient.token);
        return page.items.length > 0 && page;
      });
      expect(south.items.map((e) => [e.type, e.data.siteId])).toEqual([[`${NS}.episode.referred`, other.siteId]]);
      const admin = await replayAll(t.adminToken);
      expect(admin.items.map((e) => e.data.siteId)).toEqual(expect.arrayContaining([site.siteId, other.siteId]));
    });

    it('never lets a cursor pass an event whose transaction commits late', async () => {
      const insert = (runner: { query: (sql: string, params: unknown[]) => Promise<unknown> }, id: string) =>
        runner.query(
          `INSERT INTO integration_events (id, type, source, subject, site_id, occurred_at, data, outbox_event_id)
           VALUES ($1, 'uk.nhs.enrich.episode.stepped_down', 'test', $2, $3, now(), '{}', gen_random_uuid())`,
          [id, `support-episodes/${id}`, site.siteId],
        );
      const { next: start } = await replayAll(client.token);
      const [slow, quick] = [randomUUID(), randomUUID()];
      const runner = t.dataSource.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        await insert(runner, slow); // began first, commits last
        await insert(t.dataSource, quick); // committed at once
        const early = await replayAll(client.token, '', start);
        // The quick one waits for the slow one: handing it out now would put the cursor past the slow one.
        expect(early.items.map((e) => e.id)).not.toContain(quick);
        await runner.commitTransaction();
        const late = await waitFor('both after the commit', async () => {
          const page = await replayAll(client.token, '', early.next);
          return page.items.length >= 2 && page;
        });
        expect(late.items.map((e) => e.id)).toEqual([slow, quick]);
      } finally {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    });

    it('refuses a cursor it did not hand out and an unknown type as problem+json naming the parameter', async () => {
      for (const [query, field] of [
        ['after=not-a-cursor', 'after'],
        [`after=${Buffer.from('v1.x.1').toString('base64url')}`, 'after'],
        [`after=${Buffer.from('v1.99999999999999999999.1').toString('base64url')}`, 'after'],
        [`types=${NS}.episode.exploded`, 'types'],
        ['types=notification.*', 'types'],
        ['limit=0', 'limit'],
      ]) {
        const response = await t.call('GET', `/api/v1/events?${query}`, { token: client.token });
        expect({ query, status: response.statusCode }).toEqual({ query, status: 400 });
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    });

    it('refuses subscriptions to types no event has, to sites outside the client’s, and to every site unless an admin asks', async () => {
      for (const [body, field] of [
        [{ eventTypes: [`${NS}.episode.exploded`] }, 'eventTypes'],
        [{ eventTypes: [`${NS}.nothing.*`] }, 'eventTypes'],
        [{ eventTypes: [`${NS}.*`], siteIds: [other.siteId] }, 'siteIds'],
        [{ eventTypes: [`${NS}.*`], allSites: true }, 'allSites'],
        [{}, 'eventTypes'],
      ] as const) {
        const response = await t.call('POST', '/api/v1/webhook-subscriptions', {
          token: client.token,
          body: { targetUrl: all.url, ...body },
        });
        expect({ body, refused: [400, 422].includes(response.statusCode) }).toEqual({ body, refused: true });
        expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      const everySite = await t.expect(201, 'POST', '/api/v1/webhook-subscriptions', {
        token: t.adminToken,
        body: { eventTypes: [`${NS}.episode.*`], targetUrl: all.url, allSites: true, integrationClientId: client.id },
      });
      expect(everySite).toMatchObject({ allSites: true, siteIds: null, eventTypes: [`${NS}.episode.*`] });
      await t.expect(200, 'DELETE', `/api/v1/webhook-subscriptions/${everySite.id}`, { token: t.adminToken });
    });
  });
});
