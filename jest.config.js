/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
  },
  snapshotSerializers: ['<rootDir>/test/support/asset-hash-serializer.ts'],
  // Console output is captured and checked per test, not printed (test/support/console-capture.ts).
  setupFilesAfterEnv: ['<rootDir>/test/support/console-capture.ts'],
  // One tsc for the suites that spawn the compiled app and CLIs, instead of one per suite.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Jest's default on 2 cores is one worker (cores - 1); most suites wait on tsc, npm and node
  // child processes, so two keep both cores busy. Override with --maxWorkers.
  maxWorkers: 2,
  // Heaviest suites first on a fresh clone too, when Jest has no timings of its own.
  testSequencer: '<rootDir>/test/support/sequencer.js',
};
