import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Bundles src/testing/candidate.ts for the leader-election child processes.
    globalSetup: ['src/testing/global-setup.ts'],
    // Child processes: integration tests start API stand-ins and SIGKILL them by PID.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // The JSON report feeds the workspace-wide pass/fail summary (scripts/run-tests.mjs).
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
  },
});
