import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Child processes: integration tests start API stand-ins, kubectl and the built CLI.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // The JSON report feeds the workspace-wide pass/fail summary (scripts/run-tests.mjs).
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
  },
});
