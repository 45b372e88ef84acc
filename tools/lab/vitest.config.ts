import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Child processes, not threads: each test file's daemons are children of one process whose
    // 'exit' handler (cleanup.ts) can kill them and delete its namespaces if a test crashes.
    pool: 'forks',
    // Daemon tests mostly wait on BGP timers, not on the CPU: run more files than cores.
    maxWorkers: 4,
    // Sessions take 5-15 s to come up; a test may start several daemons.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // The JSON report feeds the workspace-wide pass/fail summary (scripts/run-tests.mjs).
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
  },
});
