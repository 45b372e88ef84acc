import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The JSON report feeds the workspace-wide pass/fail summary (scripts/run-tests.mjs).
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'src/interop/**'],
          pool: 'threads',
        },
      },
      {
        // Real daemons in network namespaces (src/interop/suite.ts). These files wait on BGP
        // timers, not on the CPU, so more of them run at once than there are cores; child
        // processes rather than threads, so signals and the lab's exit-time cleanup are per file.
        extends: true,
        test: {
          name: 'interop',
          include: ['src/interop/**/*.test.ts'],
          pool: 'forks',
          maxWorkers: 4,
          testTimeout: 120_000,
          hookTimeout: 60_000,
          // After the unit tests: a group of its own, since it runs more workers.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
