import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['*.test.ts'],
    // Child processes, not threads: the lab's exit-time safety net (tools/lab cleanup.ts) can
    // then kill the daemons and delete the namespaces of a test file that crashes.
    pool: 'forks',
    // Sessions take 5-15 s to come up (GoBGP waits 5-10 s before its first connect).
    testTimeout: 300_000,
    // The JSON report feeds the workspace-wide pass/fail summary (scripts/run-tests.mjs).
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
  },
});
