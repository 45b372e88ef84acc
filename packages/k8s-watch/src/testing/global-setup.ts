// Bundles the leader-election candidate (src/testing/candidate.ts plus the package source it
// imports) into .test-dist/candidate.js, so the child processes the integration tests start
// run the code under test rather than a possibly stale dist/. client-node stays external and
// resolves from the workspace's node_modules.
import { build } from 'tsup';

export default async function setup(): Promise<void> {
  await build({
    config: false,
    entry: { candidate: 'src/testing/candidate.ts' },
    outDir: '.test-dist',
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    external: ['@kubernetes/client-node'],
    silent: true,
    dts: false,
    sourcemap: false,
    // Two test runs at once write the same bytes; cleaning would race with the other's children.
    clean: false,
  });
}
