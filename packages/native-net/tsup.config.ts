import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  // Only dist/: build/ holds the addon that node-gyp wrote just before.
  clean: true,
  target: 'node20',
  // addon.ts finds build/Release/ from import.meta.url; the shim gives CJS one too.
  shims: true,
});
