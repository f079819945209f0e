// Shared Jest settings. Every project's inferred `test` target runs
// `jest --config <this file> --rootDir <project>`; @swc/jest strips types only
// (type checking is the separate `typecheck` target), which keeps a test file
// at ~1 s and under 200 MB instead of ts-jest's 20 s and 2 GB.
module.exports = {
  testEnvironment: 'node',
  // Temp dirs (cdktf's test outdirs above all) live in a per-run directory removed at exit.
  globalSetup: require('node:path').join(__dirname, 'jest.tmpdir.cjs'),
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  // Sized for a busy 2-core CI machine: many tests spawn Terraform, synth or servers. A test
  // needing more sets its own; none relies on Jest's 5 s default.
  testTimeout: 60_000,
  // Recycle a worker that grew past this, so no worker stays above budget.
  workerIdleMemoryLimit: '600MB',
  maxWorkers: 2,
};
