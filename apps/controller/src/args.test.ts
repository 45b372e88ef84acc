import { describe, expect, it } from 'vitest';
import { DEFAULT_NAMESPACE, parseCommandLine } from './args.js';

describe('parseCommandLine', () => {
  it('reads one -f FILE', () => {
    expect(parseCommandLine(['validate', '-f', 'a.yaml'])).toEqual({
      kind: 'validate',
      files: ['a.yaml'],
      namespace: DEFAULT_NAMESPACE,
      bgpMode: 'frr',
    });
  });

  it('keeps several -f / --filename in the order given, stdin included', () => {
    const command = parseCommandLine(['validate', '-f', 'b.yaml', '--filename=a.yaml', '-f', '-']);
    expect(command).toMatchObject({ kind: 'validate', files: ['b.yaml', 'a.yaml', '-'] });
  });

  it('takes the namespace from --namespace, then METALLB_NAMESPACE, then metallb-system', () => {
    const env = { METALLB_NAMESPACE: 'from-env' };
    expect(parseCommandLine(['validate', '-f', 'a', '-n', 'lb'], env)).toMatchObject({
      namespace: 'lb',
    });
    expect(parseCommandLine(['validate', '-f', 'a'], env)).toMatchObject({
      namespace: 'from-env',
    });
    expect(parseCommandLine(['validate', '-f', 'a'], {})).toMatchObject({
      namespace: 'metallb-system',
    });
  });

  it('takes the BGP rules from --bgp-type, then METALLB_BGP_TYPE, then frr', () => {
    const env = { METALLB_BGP_TYPE: 'native' };
    expect(parseCommandLine(['validate', '-f', 'a', '--bgp-type', 'frr-k8s'], env)).toMatchObject({
      bgpMode: 'frr',
    });
    expect(parseCommandLine(['validate', '-f', 'a'], env)).toMatchObject({ bgpMode: 'native' });
    expect(parseCommandLine(['validate', '-f', 'a'], {})).toMatchObject({ bgpMode: 'frr' });
  });

  it('answers --help anywhere with help', () => {
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['-h'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['validate', '--help'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], /no command given: the controller itself is not built yet/],
    [
      ['--kubeconfig', 'kc'],
      /unknown command "--kubeconfig": the controller itself is not built yet/,
    ],
    [['run'], /unknown command "run"/],
    [['validate'], /validate needs -f FILE/],
    [['validate', '-f'], /argument missing|requires an argument|-f/],
    [['validate', '-f', 'a', '--strict'], /Unknown option '--strict'/],
    [['validate', '-f', 'a', 'b.yaml'], /unexpected argument "b.yaml"/],
    [['validate', '-f', '-', '-f', '-'], /stdin \("-f -"\) can be read only once/],
    [['validate', '-f', ''], /empty file name/],
    [['validate', '-f', 'a', '-n', ''], /empty namespace/],
    [
      ['validate', '-f', 'a', '--bgp-type', 'gobgp'],
      /unknown BGP type "gobgp" \(one of native, frr, frr-k8s\)/,
    ],
  ])('refuses %j as a usage error', (argv, message) => {
    const command = parseCommandLine(argv);
    expect(command.kind).toBe('usage-error');
    if (command.kind === 'usage-error') expect(command.message).toMatch(message);
  });
});
