// Unit tests sit beside the code (src, *.spec.ts); end-to-end tests in test/ (*.e2e-spec.ts) run
// against the real PostgreSQL and Redis, one database per test file cloned from a migrated template.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };

module.exports = {
  // Jest reads testTimeout only at the top level (a project's own value is ignored); e2e tests boot an app
  // and clone a database, which on a loaded two-core machine takes longer than Jest's 5 s default.
  testTimeout: 30000,
  // A handle left open by one of the in-band app instances must never hang CI; global teardown reports any.
  forceExit: true,
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform,
    },
  ],
};
