// Bundles the test peer (src/testing/peer.ts plus the package source it imports) into
// .test-dist/peer.js, so that processes started inside network namespaces run the code under
// test rather than a possibly stale dist/. .test-dist/ sits one level below the package root,
// like src/ and dist/, so the peer finds build/Release/native_net.node the same way.
import { build } from 'tsup';

export default async function setup(): Promise<void> {
  await build({
    config: false,
    entry: { peer: 'src/testing/peer.ts' },
    outDir: '.test-dist',
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    silent: true,
    dts: false,
    sourcemap: false,
    // Two test runs at once write the same bytes; cleaning would race with the other's peers.
    clean: false,
  });
}
