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
    [['run'], /unknown command "run"/],
    [['--kubeconfig'], /argument missing|requires an argument|--kubeconfig/],
    [['--metrics-port', 'x'], /--metrics-port must be a port number, 0 \(any\) or off, not "x"/],
    [['--webhook-port', '70000'], /--webhook-port must be a port number/],
    [['--lease-duration', '0'], /--lease-duration must be a positive number of seconds/],
    [['--lease-duration', '2', '--renew-deadline', '3'], /lease-duration > renew-deadline/],
    [['--log-level', 'loud'], /unknown log level "loud"/],
    [
      ['--log-level', 'trace'],
      /unknown log level "trace" \(one of debug, info, warn, error, silent, all, none\)/,
    ],
    [['--bgp-type', 'gobgp'], /unknown BGP type "gobgp"/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
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

  it('runs the controller without a command, with MetalLB-like defaults', () => {
    expect(parseCommandLine([], {})).toEqual({
      kind: 'run',
      options: {
        kubeconfig: undefined,
        namespace: 'metallb-system',
        lbClass: undefined,
        metricsPort: 7472,
        webhookPort: 9443,
        host: '0.0.0.0',
        bgpMode: 'frr',
        identity: undefined,
        leaseName: 'metallb-controller',
        leaseDurationMs: 15_000,
        renewDeadlineMs: 10_000,
        retryPeriodMs: 2000,
        webhookSecret: 'metallb-webhook-cert',
        webhookService: 'metallb-webhook-service',
        logLevel: 'info',
      },
    });
  });

  it("takes MetalLB's log levels all and none as debug and silent", () => {
    expect(parseCommandLine(['--log-level', 'all'])).toMatchObject({
      options: { logLevel: 'debug' },
    });
    expect(parseCommandLine(['--log-level', 'none'])).toMatchObject({
      options: { logLevel: 'silent' },
    });
  });

  it("reads DESIGN.md's flags, the environment's fallbacks, and -1/0 ports", () => {
    const command = parseCommandLine(
      [
        '--kubeconfig',
        'kc.yaml',
        '--namespace',
        'lb',
        '--lb-class',
        'example.com/lb',
        '--metrics-port',
        '0',
        '--webhook-port=-1',
        '--lease-duration',
        '2',
        '--renew-deadline',
        '1.5',
        '--retry-period',
        '0.25',
      ],
      { POD_NAME: 'controller-7d9f', METALLB_BGP_TYPE: 'native' },
    );
    expect(command).toMatchObject({
      kind: 'run',
      options: {
        kubeconfig: 'kc.yaml',
        namespace: 'lb',
        lbClass: 'example.com/lb',
        metricsPort: 0,
        webhookPort: undefined,
        bgpMode: 'native',
        identity: 'controller-7d9f',
        leaseDurationMs: 2000,
        renewDeadlineMs: 1500,
        retryPeriodMs: 250,
      },
    });
  });
});
