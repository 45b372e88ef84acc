import { defineConfig } from 'tsup';

// Plain Node (the benchmarks in tools/bench) imports the lab from dist/; vitest and tsc read
// src/ directly, so the lab's own tests never need this build.
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
