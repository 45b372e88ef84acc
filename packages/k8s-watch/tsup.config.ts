import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // client-node 1.4 is ESM-only; the CJS build require()s it (Node >= 20.19 loads ESM that way).
  external: ['@kubernetes/client-node'],
  // src/undici-pool.ts needs import.meta.url (createRequire) in the CJS build too.
  shims: true,
});
