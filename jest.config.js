// Unit tests sit beside the code (src, *.spec.ts); end-to-end tests in test/ (*.e2e-spec.ts) run
// against the real PostgreSQL and Redis, one database per test file cloned from a migrated template.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };

module.exports = {
  // At the top level: Jest reads testTimeout from the global config only, so a project's own setting
  // was ignored and slow hooks on a busy machine hit the 5 s default.
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  projects: [
    { displayName: 'unit', testEnvironment: 'node', rootDir: '.', testMatch: ['<rootDir>/src/**/*.spec.ts'], transform },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform,
      testTimeout: 30000,
    },
  ],
};
