import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The JSON report feeds the workspace-wide pass/fail summary (scripts/run-tests.mjs).
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
  },
});
