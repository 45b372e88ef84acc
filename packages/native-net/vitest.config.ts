import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // One process per file: the fd-leak check counts /proc/self/fd.
    pool: 'forks',
    // Bundles src/testing/peer.ts for the processes the tests start in network namespaces.
    globalSetup: ['src/testing/global-setup.ts'],
    // Kernel round trips and deliberate connect timeouts: every wait inside is bounded lower.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // The JSON report feeds the workspace-wide pass/fail summary (scripts/run-tests.mjs).
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
  },
});
