import { defineConfig } from 'tsup';

// A private tool: ESM only. Other packages' tests import startStandin from dist/ (plain Node)
// or from src/ (vitest); the bin is dist/cli.js (`npx apiserver-standin` from the root).
export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
