// `npm run test:resilience`: the slow fault tests (test/resilience/*.resilience-spec.ts: the app SIGKILLed
// mid-write and restarted, pool exhaustion under a burst) plus the bounded fault slice that `npm test`
// also runs (test/reliability: burst of identical writes, Redis emptied mid-test, authority, hostile input).
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
