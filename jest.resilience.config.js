// `npm run test:resilience`: the slow fault tests (test/resilience/*.resilience-spec.ts: the app SIGKILLed
// mid-write and restarted; PostgreSQL — a private cluster the test starts — restarted mid-write; the worker
// process SIGKILLed mid-job beside a separate API process; pool exhaustion under a burst) plus the bounded fault
// slice that `npm test` also runs (test/reliability: burst of identical writes, Redis emptied mid-test and its
// link cut, authority, password reset, hostile input).
const base = require('./jest.config');
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };

module.exports = {
  testTimeout: 240000,
  forceExit: true,
  globalSetup: base.globalSetup,
  globalTeardown: base.globalTeardown,
  projects: [
    {
      displayName: 'resilience',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/resilience/**/*.resilience-spec.ts', '<rootDir>/test/reliability/**/*.e2e-spec.ts'],
      transform,
    },
  ],
};
