// Two projects: fast unit tests beside the code, and end-to-end suites that
// boot the app against real PostgreSQL, Redis and the Twilio sandbox.
// NestJS 12 ships ES modules only, so Jest runs in its ESM mode
// (NODE_OPTIONS=--experimental-vm-modules, set by the npm scripts).
const shared = {
  testEnvironment: 'node',
  rootDir: import.meta.dirname,
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // Its ESM build imports JSON without import attributes, which Jest warns about on every
    // suite; the CommonJS build is the same code and metadata.
    '^libphonenumber-js$': '<rootDir>/node_modules/libphonenumber-js/index.cjs',
    '^libphonenumber-js/max$': '<rootDir>/node_modules/libphonenumber-js/max/index.cjs',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
};

/** @type {import('jest').Config} */
export default {
  // Global, not per project: Jest ignores testTimeout inside `projects`. E2E suites wait on queues.
  testTimeout: 120000,
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/src', '<rootDir>/dashboard'], testMatch: ['**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
    },
  ],
};
