import { defineConfig } from 'tsup';

export default defineConfig({
  // cli.ts starts with a hashbang, which esbuild keeps at the top of dist/cli.js.
  entry: { index: 'src/index.ts', cli: 'src/cli/main.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
