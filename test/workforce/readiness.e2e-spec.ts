import fc from 'fast-check';
import { Role } from '../../src/common/auth/role';
import { TestApp, TestUser } from '../support/test-app';
import { acknowledgeCodeOfEthics, coreModules, INDUCTION, move, passModule } from './support';

/**
 * The readiness endpoint over the real records: whatever order the coordinator completes things in,
 * it names exactly the conditions still unmet, and is empty exactly when the last one is met.
 */
describe('Readiness to be paired, through the API', () => {
  let t: TestApp;
  let siteId: string;
  let coordinator: TestUser;
  let modules: { id: string; code: string }[];

  beforeAll(async () => {
    t = await TestApp.start();
    siteId = await t.createSite();
    coordinator = await t.createUser([Role.Coordinator], [siteId]);
    modules = await coreModules(t, coordinator.token);
  });
  afterAll(async () => {
    await t?.close();
  });

  type Step = { kind: 'dbs' | 'oh' | 'ethics' } | { kind: 'pass'; moduleId: string } | { kind: 'induct'; step: string };
  const CONDITION: Record<Step['kind'], string> = {
    dbs: 'dbs_cleared',
    oh: 'occupational_health_cleared',
    ethics: 'code_of_ethics_acknowledged',
    pass: 'core_training_passed',
    induct: 'induction_complete',
  };
  const ORDER = [
    'appointed',
    'dbs_cleared',
    'occupational_health_cleared',
    'core_training_passed',
    'induction_complete',
    'code_of_ethics_acknowledged',
  ];

  it('lists each missing condition by name and becomes empty exactly when all are met, in any order of completion', async () => {
    const steps = (): Step[] => [
      { kind: 'dbs' },
      { kind: 'oh' },
      { kind: 'ethics' },
      ...modules.map((m) => ({ kind: 'pass' as const, moduleId: m.id })),
      ...INDUCTION.map((step) => ({ kind: 'induct' as const, step })),
    ];
    const token = coordinator.token;
    const { id: campaignId } = await t.expect(201, 'POST', '/api/v1/recruitment/campaigns', {
      token,
      body: { siteId, title: 'Property runs', postsToFill: 50, reservePlaces: 0 },
    });

    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(steps(), { minLength: steps().length, maxLength: steps().length }),
        async (order) => {
          const application = await t.expect(201, 'POST', `/api/v1/recruitment/campaigns/${campaignId}/applications`, {
            token,
            body: { pathway: 'existing_workforce', displayName: 'Property Person' },
          });
          const pw = application.peerWorkerId;
          // The code of ethics is their own act: they sign in to acknowledge it.
          const account = await t.createUser([Role.PeerWorker], [siteId], token);
          await t.expect(200, 'PATCH', `/api/v1/peer-workers/${pw}`, { token, body: { userId: account.id } });
          await move(t, token, application.id, 'in_training');
          const done: Step[] = [];
          for (const step of order) {
            if (step.kind === 'dbs')
              await t.expect(200, 'PUT', `/api/v1/peer-workers/${pw}/checks`, {
                token,
                body: { dbsClearedOn: '2026-03-02' },
              });
            if (step.kind === 'oh')
              await t.expect(200, 'PUT', `/api/v1/peer-workers/${pw}/checks`, {
                token,
                body: { occupationalHealthClearedOn: '2026-03-03' },
              });
            if (step.kind === 'ethics') await acknowledgeCodeOfEthics(t, pw, account.token);
            if (step.kind === 'pass') await passModule(t, token, siteId, pw, step.moduleId);
            if (step.kind === 'induct')
              await t.expect(200, 'PUT', `/api/v1/peer-workers/${pw}/induction/${step.step}`, {
                token,
                body: { completedOn: '2026-03-05' },
              });
            done.push(step);
            const all = steps();
            const expected = ORDER.filter(
              (c) =>
                c === 'appointed' ||
                all.some((s) => CONDITION[s.kind] === c && !done.some((d) => JSON.stringify(d) === JSON.stringify(s))),
            );
            const readiness = await t.expect(200, 'GET', `/api/v1/peer-workers/${pw}/readiness`, { token });
            expect(readiness.unmet.map((u: { condition: string }) => u.condition)).toEqual(expected);
            expect(readiness.ready).toBe(false);
          }
          // Appointment is the last condition: once made, nothing is missing.
          await move(t, token, application.id, 'training_assessed');
          await move(t, token, application.id, 'pre_employment_checks');
          await move(t, token, application.id, 'appointed');
          expect(await t.expect(200, 'GET', `/api/v1/peer-workers/${pw}/readiness`, { token })).toMatchObject({
            ready: true,
            unmet: [],
          });
        },
      ),
      { numRuns: 4 },
    );
  });
});
