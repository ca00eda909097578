// Two projects: fast unit tests beside the code, and end-to-end suites that
// boot the app against real PostgreSQL, Redis and the Twilio sandbox.
const tsJest = ['ts-jest', { isolatedModules: true, tsconfig: 'tsconfig.json' }];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: __dirname,
      roots: ['<rootDir>/src'],
      testMatch: ['**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: __dirname,
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      globalSetup: '<rootDir>/test/utils/global-setup.ts',
      testTimeout: 120000,
    },
  ],
};
