/**
 * `GET /version`: the stand-in reports itself as Kubernetes v1.32.4. The kubectl on our machines
 * is gcloud's version dispatcher, which calls `/version` first and runs the kubectl matching
 * the server's `gitVersion` (KUBE-API.md §0.9), so this must name a real 1.32 release; the
 * build fields are that release's.
 */

/** Go's GOOS/GOARCH names for Node's `process.platform` / `process.arch`. */
const GOARCH: Readonly<Record<string, string>> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
};

const GOOS: Readonly<Record<string, string>> = { win32: 'windows', sunos: 'solaris' };

/** The `platform` field: where this server runs, in Go's `<os>/<arch>` words. */
function platform(): string {
  const os = GOOS[process.platform] ?? process.platform;
  const arch = GOARCH[process.arch] ?? process.arch;
  return `${os}/${arch}`;
}

/**
 * The `version.Info` body of `GET /version`, as kube-apiserver v1.32.4 answers it
 * (`platform` is the host's, `linux/amd64` on our machines).
 */
export function versionInfo(): Record<string, unknown> {
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.4',
    gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
    gitTreeState: 'clean',
    buildDate: '2025-04-22T16:02:27Z',
    goVersion: 'go1.23.6',
    compiler: 'gc',
    platform: platform(),
  };
}
