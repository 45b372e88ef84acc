import { defineConfig } from 'tsup';

// An app, not a library: one ESM bin (dist/cli.js, `npx baremetal-lb-controller` from the root).
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
});
