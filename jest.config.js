// ESM TypeScript under Jest: ts-jest transpiles each file (type checking is `npm run typecheck`).
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  resolver: 'ts-jest-resolver',
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }]
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  setupFiles: ['<rootDir>/test/helpers/runner-name.ts'],
  testTimeout: 30000,
  // The emulator and git tests spawn processes; two workers suit the 2-core machines here.
  maxWorkers: 2
}
