import { describe, expect, it } from 'vitest';
import { USAGE } from './args.js';
import { type MainDeps, main } from './main.js';

/** A problem as @baremetal-lb/config reports one. */
interface FakeProblem {
  readonly kind: string;
  readonly name: string;
  readonly field: string;
  readonly message: string;
  readonly transient: boolean;
}

interface FakeObject {
  readonly kind: string;
  readonly name: string;
  readonly problem?: string;
  readonly transient?: boolean;
}

/**
 * Fakes standing in for @baremetal-lb/config, so these tests pin this app's behaviour alone:
 * a "document" is a line `Kind/name[ problem[ (transient)]]`; a line `!!` is a syntax error.
 */
function fakeDeps(files: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const snapshots: { objects: readonly object[]; namespace?: string; bgpMode?: string }[] = [];
  const deps: MainDeps<FakeObject, FakeProblem> = {
    env: {},
    readInputs: async (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return [{ source: path === '-' ? '<stdin>' : path, text }];
    },
    parseManifests: (text, source) =>
      text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line, i): FakeObject => {
          if (line === '!!') {
            throw new Error(
              `${source}: document ${i + 1}: YAML syntax error at line 1:\n\n  !!\n  ^`,
            );
          }
          const [ref = '', problem, transient] = line.split(' ');
          const [kind = '', name = ''] = ref.split('/');
          return { kind, name, problem, transient: transient === '(transient)' };
        }),
    buildConfig: (snapshot) => {
      snapshots.push(snapshot);
      const problems = snapshot.objects
        .filter((o) => o.problem !== undefined)
        .map((o) => ({
          kind: o.kind,
          name: o.name,
          field: 'spec.x',
          message: o.problem ?? '',
          transient: o.transient === true,
        }));
      return { config: undefined, problems };
    },
    formatProblem: (p) => `${p.kind}/${p.name} ${p.field}: ${p.message}`,
    printError: (line) => err.push(line),
    printOut: (text) => out.push(text),
  };
  return { deps, out, err, snapshots };
}

describe('main validate', () => {
  it('exits 0 and prints nothing for valid files, building one config from all of them', async () => {
    const t = fakeDeps({
      'a.yaml': 'IPAddressPool/a\nIPAddressPool/b',
      'b.yaml': 'L2Advertisement/l2',
    });
    expect(await main(['validate', '-f', 'a.yaml', '-f', 'b.yaml'], t.deps)).toBe(0);
    expect(t.err).toEqual([]);
    expect(t.out).toEqual([]);
    expect(t.snapshots).toHaveLength(1);
    expect(t.snapshots[0]?.objects).toHaveLength(3);
    expect(t.snapshots[0]?.namespace).toBe('metallb-system');
  });

  it('exits 1 with one line per problem, in the order found', async () => {
    const t = fakeDeps({
      'a.yaml': 'IPAddressPool/a overlaps\nIPAddressPool/b\nBGPPeer/p bad-asn',
    });
    expect(await main(['validate', '-f', 'a.yaml'], t.deps)).toBe(1);
    expect(t.err).toEqual(['IPAddressPool/a spec.x: overlaps', 'BGPPeer/p spec.x: bad-asn']);
  });

  it('only warns about transient problems, which MetalLB webhook ignores too', async () => {
    const t = fakeDeps({ 'p.yaml': 'BGPPeer/p missing-bfd (transient)' });
    expect(await main(['validate', '-f', 'p.yaml'], t.deps)).toBe(0);
    expect(t.err).toEqual(['warning: BGPPeer/p spec.x: missing-bfd']);
  });

  it('reports a syntax error as one line naming the file, and still checks the other files', async () => {
    const t = fakeDeps({ 'bad.yaml': 'IPAddressPool/a\n!!', 'ok.yaml': 'Community/c dup' });
    expect(await main(['validate', '-f', 'bad.yaml', '-f', 'ok.yaml'], t.deps)).toBe(1);
    expect(t.err).toEqual([
      'bad.yaml: document 2: YAML syntax error at line 1',
      'Community/c spec.x: dup',
    ]);
  });

  it('names the file when the parser message does not', async () => {
    const t = fakeDeps({});
    t.deps = {
      ...t.deps,
      readInputs: async (path) => [{ source: path === '-' ? '<stdin>' : path, text: 'x' }],
      parseManifests: () => {
        throw new Error('bad indentation');
      },
    };
    expect(await main(['validate', '-f', 'x.yaml', '-f', '-'], t.deps)).toBe(1);
    expect(t.err).toEqual(['x.yaml: bad indentation', '<stdin>: bad indentation']);
  });

  it('checks the other files of a directory when one has a syntax error', async () => {
    const t = fakeDeps({});
    t.deps = {
      ...t.deps,
      readInputs: async () => [
        { source: 'dir/a.yaml', text: '!!' },
        { source: 'dir/b.yaml', text: 'IPAddressPool/b overlaps' },
      ],
    };
    expect(await main(['validate', '-f', 'dir'], t.deps)).toBe(1);
    expect(t.err).toEqual([
      'dir/a.yaml: document 1: YAML syntax error at line 1',
      'IPAddressPool/b spec.x: overlaps',
    ]);
  });

  it('exits 1 naming a file it cannot read', async () => {
    const t = fakeDeps({ 'a.yaml': 'IPAddressPool/a' });
    expect(await main(['validate', '-f', 'a.yaml', '-f', 'missing.yaml'], t.deps)).toBe(1);
    expect(t.err).toEqual([
      "missing.yaml: cannot read: ENOENT: no such file or directory, open 'missing.yaml'",
    ]);
  });

  it('passes --namespace and --bgp-type to the config', async () => {
    const t = fakeDeps({ 'a.yaml': 'IPAddressPool/a' });
    const argv = ['validate', '-n', 'lb', '--bgp-type', 'native', '-f', 'a.yaml'];
    expect(await main(argv, t.deps)).toBe(0);
    expect(t.snapshots[0]).toMatchObject({ namespace: 'lb', bgpMode: 'native' });
  });
});

describe('main usage', () => {
  it('prints usage on stdout and exits 0 for --help', async () => {
    const t = fakeDeps({});
    expect(await main(['--help'], t.deps)).toBe(0);
    expect(t.out).toEqual([USAGE]);
    expect(t.err).toEqual([]);
  });

  it('runs the controller without a command, with the parsed options, and returns its code', async () => {
    const t = fakeDeps({});
    const seen: unknown[] = [];
    const code = await main(['--kubeconfig', 'kc', '--lb-class', 'x'], {
      ...t.deps,
      run: async (options) => {
        seen.push(options);
        return 3;
      },
    });
    expect(code).toBe(3);
    expect(seen).toMatchObject([{ kubeconfig: 'kc', lbClass: 'x' }]);
    expect(t.snapshots).toEqual([]);
  });

  it('exits 2 with the usage on an unknown command', async () => {
    const t = fakeDeps({});
    expect(await main(['serve'], t.deps)).toBe(2);
    expect(t.err[0]).toMatch(/^error: unknown command "serve"/);
    expect(t.err.join('\n')).toContain('baremetal-lb-controller validate -f FILE');
  });
});
