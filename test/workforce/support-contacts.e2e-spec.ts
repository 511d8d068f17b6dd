import { Role } from '../../src/common/auth/role';
import { londonDate, peerWorkerAccount, type PeerWorkerAccount } from '../support/builders';
import { TestApp, TestUser } from '../support/test-app';

/** Employment and welfare support for peer workers (handbook 6.7, issue 13 case 9): recorded, not remembered. */
describe('Employment and welfare support contacts of peer workers', () => {
  let t: TestApp;
  let siteId: string;
  let coordinator: TestUser;
  let sam: PeerWorkerAccount;
  let other: PeerWorkerAccount;

  beforeAll(async () => {
    t = await TestApp.start();
    siteId = await t.createSite();
    coordinator = await t.createUser([Role.Coordinator], [siteId]);
    sam = await peerWorkerAccount(t, { siteId, coordinator });
    other = await peerWorkerAccount(t, { siteId, coordinator });
  });
  afterAll(async () => {
    await t?.close();
  });

  const url = (pw: PeerWorkerAccount) => `/api/v1/peer-workers/${pw.peerWorkerId}/support-contacts`;

  it('records employment and welfare support, newest first, seen by the coordinator and the peer worker themself', async () => {
    const token = coordinator.token;
    await t.expect(201, 'POST', url(sam), {
      token,
      body: { contactOn: londonDate(-20), kind: 'employment', providedBy: 'Trust HR – employment adviser' },
    });
    const welfare = await t.expect(201, 'POST', url(sam), {
      token,
      body: {
        contactOn: londonDate(-3),
        kind: 'welfare',
        providedBy: 'Citizens Advice Riverside',
        notes: 'Better-off calculation before accepting 22.5 hours',
      },
    });
    expect(welfare).toMatchObject({ kind: 'welfare', recordedById: coordinator.id, peerWorkerId: sam.peerWorkerId });

    const byCoordinator = await t.expect(200, 'GET', url(sam), { token });
    expect(byCoordinator.map((c: { kind: string }) => c.kind)).toEqual(['welfare', 'employment']);
    const byThemself = await t.expect(200, 'GET', url(sam), { token: sam.user.token });
    expect(byThemself).toEqual(byCoordinator);
  });

  it('hides a peer worker’s support contacts from another peer worker and from another site’s coordinator', async () => {
    await t.expect(404, 'GET', url(sam), { token: other.user.token });
    const elsewhere = await t.createSite('Elsewhere');
    const outsider = await t.createUser([Role.Coordinator], [elsewhere]);
    await t.expect(404, 'GET', url(sam), { token: outsider.token });
    // Recording is the coordinator's: the peer worker cannot write their own record here.
    await t.expect(403, 'POST', url(sam), {
      token: sam.user.token,
      body: { contactOn: londonDate(-1), kind: 'welfare', providedBy: 'Me' },
    });
  });

  it('refuses a contact dated in the future or of an unknown kind, naming the field', async () => {
    const future = await t.call('POST', url(sam), {
      token: coordinator.token,
      body: { contactOn: londonDate(5), kind: 'welfare', providedBy: 'Citizens Advice' },
    });
    expect(future.statusCode).toBe(422);
    expect(future.headers['content-type']).toContain('application/problem+json');
    expect(future.json().errors[0].field).toBe('contactOn');
    const kind = await t.call('POST', url(sam), {
      token: coordinator.token,
      body: { contactOn: londonDate(-1), kind: 'housing', providedBy: 'Council' },
    });
    expect(kind.statusCode).toBe(400);
    expect(kind.json().errors.map((e: { field: string }) => e.field)).toContain('kind');
  });
});
