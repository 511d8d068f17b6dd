import { routeSupport } from './support-routing';

const COORDINATOR = '11111111-1111-4111-8111-111111111111';
const DEPUTY = '22222222-2222-4222-8222-222222222222';

describe('routeSupport', () => {
  it('sends supervision and urgent support to the coordinator while they are at work', () => {
    expect(
      routeSupport({
        coordinatorUserId: COORDINATOR,
        deputyUserId: DEPUTY,
        coordinatorAbsent: false,
        deputyAbsent: false,
      }),
    ).toMatchObject({
      responsibleUserId: COORDINATOR,
      responsibleAs: 'coordinator',
      uncovered: false,
    });
  });

  it('routes to the named deputy while the coordinator is absent', () => {
    expect(
      routeSupport({
        coordinatorUserId: COORDINATOR,
        deputyUserId: DEPUTY,
        coordinatorAbsent: true,
        deputyAbsent: false,
      }),
    ).toMatchObject({
      responsibleUserId: DEPUTY,
      responsibleAs: 'deputy',
      uncovered: false,
    });
  });

  it('keeps the coordinator when only the deputy is away', () => {
    expect(
      routeSupport({
        coordinatorUserId: COORDINATOR,
        deputyUserId: DEPUTY,
        coordinatorAbsent: false,
        deputyAbsent: true,
      }),
    ).toMatchObject({
      responsibleUserId: COORDINATOR,
      uncovered: false,
    });
  });

  it.each([
    ['no deputy is named', null, false],
    ['the deputy is absent too', DEPUTY, true],
  ])('flags the gap as uncovered when the coordinator is absent and %s', (_why, deputyUserId, deputyAbsent) => {
    expect(
      routeSupport({ coordinatorUserId: COORDINATOR, deputyUserId, coordinatorAbsent: true, deputyAbsent }),
    ).toMatchObject({
      responsibleUserId: COORDINATOR,
      responsibleAs: 'coordinator',
      uncovered: true,
    });
  });
});
