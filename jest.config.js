// Jest runs the TypeScript sources as native ES modules (node --experimental-vm-modules, see package.json):
// octokit 5 is ESM-only and Jest cannot require() ESM on Node 20. @swc/jest only strips types; `tsc --noEmit`
// does the type checking.
const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } },
    ],
  },
};

export default {
  testTimeout: 30000,
  // Jest's default is one worker fewer than the CPUs, which on a 2-CPU machine (CI's) means running every file in
  // one process, one after the other: 21 minutes instead of 11 with two workers (measured on the same machine).
  maxWorkers: 2,
  projects: [
    { displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'], ...shared },
    { displayName: 'contract', testMatch: ['<rootDir>/test/contract/**/*.test.ts'], ...shared },
    { displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], ...shared },
  ],
};
