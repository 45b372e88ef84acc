/**
 * Command-line parsing for `baremetal-lb-controller`: turns argv into what to do, or into a
 * usage error (exit 2) with the text to print. Pure (no I/O) so every case is a table test.
 * Without a command the bin runs the controller (DESIGN.md's contract: `--kubeconfig`,
 * `--namespace`, `--lb-class`, `--metrics-port`, `--webhook-port`); `validate` checks YAML
 * offline.
 */

import { parseArgs } from 'node:util';
import { logLevelFromFlag } from './observe/logger.js';

/** The namespace MetalLB's config objects live in unless told otherwise. */
export const DEFAULT_NAMESPACE = 'metallb-system';

/** `--bgp-type` values (MetalLB's METALLB_BGP_TYPE); frr-k8s validates as frr does. */
export const BGP_TYPES = ['native', 'frr', 'frr-k8s'] as const;

/** The BGP implementation rules to validate for. */
export type BgpMode = 'native' | 'frr';

/** The help text (printed on stdout for `--help`, on stderr after a usage error). */
export const USAGE = `Usage:
  baremetal-lb-controller [--kubeconfig FILE] [--namespace NS] [--lb-class NAME]
                          [--metrics-port N] [--webhook-port N] [options]
  baremetal-lb-controller validate -f FILE [-f FILE ...] [--namespace NS] [--bgp-type TYPE]

Without a command: run the controller. It allocates IPs to Services of type LoadBalancer
from MetalLB's pools (metallb.io CRs or the legacy ConfigMap "config"), writes their status,
serves the admission webhook, and leads through a Lease so that replicas can run side by side.

Options (controller):
  --kubeconfig FILE     the cluster (default: in-cluster config, else $KUBECONFIG/~/.kube/config)
  -n, --namespace NS    MetalLB's namespace (env METALLB_NAMESPACE, default ${DEFAULT_NAMESPACE})
  --lb-class NAME       handle only Services of this loadBalancerClass (default: only
                        Services without a class)
  --metrics-port N      /metrics, /healthz, /readyz (default 7472; 0 picks a free port;
                        off (or =-1) disables)
  --webhook-port N      the admission webhook over HTTPS (default 9443; 0 picks a free
                        port; off (or =-1) disables)
  --host ADDR           listen address of both servers (default 0.0.0.0)
  --bgp-type TYPE       native, frr or frr-k8s: the BGP rules the webhook checks (env
                        METALLB_BGP_TYPE, default frr)
  --identity ID         leader-election identity (env POD_NAME, else hostname + random)
  --lease-name NAME     the Lease in the namespace (default metallb-controller)
  --lease-duration S    seconds (default 15); --renew-deadline S (10); --retry-period S (2)
  --webhook-secret NAME the TLS Secret (default metallb-webhook-cert)
  --webhook-service NAME the webhook's Service, named in the certificate (default
                        metallb-webhook-service)
  --log-level LEVEL     debug, info, warn, error or silent; MetalLB's all and none too
                        (default info)

Commands:
  validate   Check MetalLB YAML offline: metallb.io CRs (IPAddressPool, L2Advertisement,
             BGPAdvertisement, BGPPeer, BFDProfile, Community) and/or the legacy ConfigMap
             "config", multi-document. Exit 0 when valid; else exit 1 with one line per
             error on stderr: <Kind>/<name> <field.path>: <message>.

Options (validate):
  -f, --filename FILE   a YAML file, or a directory of .yaml/.yml/.json files, to read
                        ("-" reads stdin); repeat for several
  -n, --namespace NS    the MetalLB namespace (env METALLB_NAMESPACE, default ${DEFAULT_NAMESPACE})
  --bgp-type TYPE       native, frr or frr-k8s: whose BGP rules apply (env METALLB_BGP_TYPE,
                        default frr, the most permissive; native refuses FRR-only fields)
  -h, --help            print this text
`;

/** Log levels of the controller. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How the controller runs. */
export interface RunOptions {
  readonly kubeconfig: string | undefined;
  readonly namespace: string;
  readonly lbClass: string | undefined;
  /** undefined: disabled. */
  readonly metricsPort: number | undefined;
  readonly webhookPort: number | undefined;
  readonly host: string;
  readonly bgpMode: BgpMode;
  readonly identity: string | undefined;
  readonly leaseName: string;
  readonly leaseDurationMs: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
  readonly webhookSecret: string;
  readonly webhookService: string;
  readonly logLevel: LogLevel;
}

/** What the command line asks for. */
export type Command =
  | {
      readonly kind: 'validate';
      readonly files: readonly string[];
      readonly namespace: string;
      readonly bgpMode: BgpMode;
    }
  | { readonly kind: 'run'; readonly options: RunOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'usage-error'; readonly message: string };

/**
 * Parses the arguments after `node cli.js`.
 *
 * @param argv - e.g. `['validate', '-f', 'pools.yaml']`
 * @param env - where flag fallbacks (`METALLB_NAMESPACE`) are read from
 * @returns the command, or a usage error whose message the caller prints before {@link USAGE}
 */
export function parseCommandLine(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): Command {
  const [subcommand, ...rest] = argv;
  if (subcommand === '-h' || subcommand === '--help' || subcommand === 'help') {
    return { kind: 'help' };
  }
  if (subcommand === 'validate') return parseValidate(rest, env);
  if (subcommand !== undefined && !subcommand.startsWith('-')) {
    return {
      kind: 'usage-error',
      message: `unknown command "${subcommand}" (the controller runs without a command; "validate" checks YAML)`,
    };
  }
  return parseRun(argv, env);
}

function parseValidate(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Command {
  let parsed: ReturnType<typeof parseValidateArgs>;
  try {
    parsed = parseValidateArgs(argv);
  } catch (err) {
    // parseArgs throws TypeError with codes like ERR_PARSE_ARGS_UNKNOWN_OPTION: a usage error.
    return { kind: 'usage-error', message: (err as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: 'help' };
  if (positionals.length > 0) {
    return {
      kind: 'usage-error',
      message: `unexpected argument "${positionals[0]}" (files are given with -f FILE)`,
    };
  }
  const files = values.filename ?? [];
  if (files.length === 0) return { kind: 'usage-error', message: 'validate needs -f FILE' };
  if (files.some((f) => f === '')) return { kind: 'usage-error', message: 'empty file name' };
  if (files.filter((f) => f === '-').length > 1) {
    return { kind: 'usage-error', message: 'stdin ("-f -") can be read only once' };
  }
  const namespace = values.namespace ?? (env.METALLB_NAMESPACE || DEFAULT_NAMESPACE);
  if (namespace === '') return { kind: 'usage-error', message: 'empty namespace' };
  const bgpType = values['bgp-type'] ?? (env.METALLB_BGP_TYPE || 'frr');
  if (!(BGP_TYPES as readonly string[]).includes(bgpType)) {
    return {
      kind: 'usage-error',
      message: `unknown BGP type "${bgpType}" (one of ${BGP_TYPES.join(', ')})`,
    };
  }
  const bgpMode: BgpMode = bgpType === 'native' ? 'native' : 'frr';
  return { kind: 'validate', files, namespace, bgpMode };
}

function parseValidateArgs(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      filename: { type: 'string', short: 'f', multiple: true },
      namespace: { type: 'string', short: 'n' },
      'bgp-type': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
}

function parseRunArgs(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      kubeconfig: { type: 'string' },
      namespace: { type: 'string', short: 'n' },
      'lb-class': { type: 'string' },
      'metrics-port': { type: 'string' },
      'webhook-port': { type: 'string' },
      host: { type: 'string' },
      'bgp-type': { type: 'string' },
      identity: { type: 'string' },
      'lease-name': { type: 'string' },
      'lease-duration': { type: 'string' },
      'renew-deadline': { type: 'string' },
      'retry-period': { type: 'string' },
      'webhook-secret': { type: 'string' },
      'webhook-service': { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
    strict: true,
  });
}

/** A port flag: `off` or -1 (`--flag=-1`) disables (undefined), 0 picks a free port. */
function portFlag(name: string, text: string | undefined, fallback: number): number | undefined {
  if (text === undefined) return fallback;
  if (text === 'off') return undefined;
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || n < -1 || n > 65535) {
    throw new UsageError(`--${name} must be a port number, 0 (any) or off, not "${text}"`);
  }
  return n === -1 ? undefined : n;
}

/** A duration flag in seconds (fractions allowed), returned in milliseconds. */
function secondsFlag(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback * 1000;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new UsageError(`--${name} must be a positive number of seconds, not "${text}"`);
  }
  return Math.round(n * 1000);
}

class UsageError extends Error {}

function parseRun(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Command {
  try {
    const { values } = parseRunArgs(argv);
    if (values.help === true) return { kind: 'help' };
    const namespace = values.namespace ?? (env.METALLB_NAMESPACE || DEFAULT_NAMESPACE);
    if (namespace === '') throw new UsageError('empty namespace');
    const bgpType = values['bgp-type'] ?? (env.METALLB_BGP_TYPE || 'frr');
    if (!(BGP_TYPES as readonly string[]).includes(bgpType)) {
      throw new UsageError(`unknown BGP type "${bgpType}" (one of ${BGP_TYPES.join(', ')})`);
    }
    const logFlag = values['log-level'] ?? 'info';
    // MetalLB's words too: all (= debug) and none (= silent).
    const logLevel = logLevelFromFlag(logFlag);
    if (logLevel === undefined) {
      throw new UsageError(
        `unknown log level "${logFlag}" (one of ${LOG_LEVELS.join(', ')}, all, none)`,
      );
    }
    const leaseDurationMs = secondsFlag('lease-duration', values['lease-duration'], 15);
    const renewDeadlineMs = secondsFlag('renew-deadline', values['renew-deadline'], 10);
    const retryPeriodMs = secondsFlag('retry-period', values['retry-period'], 2);
    if (!(leaseDurationMs > renewDeadlineMs && renewDeadlineMs > 1.2 * retryPeriodMs)) {
      throw new UsageError(
        'lease timings must satisfy lease-duration > renew-deadline > 1.2 x retry-period',
      );
    }
    const lbClass = values['lb-class'];
    return {
      kind: 'run',
      options: {
        kubeconfig: values.kubeconfig,
        namespace,
        lbClass: lbClass === '' ? undefined : lbClass,
        metricsPort: portFlag('metrics-port', values['metrics-port'], 7472),
        webhookPort: portFlag('webhook-port', values['webhook-port'], 9443),
        host: values.host ?? '0.0.0.0',
        bgpMode: bgpType === 'native' ? 'native' : 'frr',
        identity: values.identity ?? (env.POD_NAME || undefined),
        leaseName: values['lease-name'] ?? 'metallb-controller',
        leaseDurationMs,
        renewDeadlineMs,
        retryPeriodMs,
        webhookSecret: values['webhook-secret'] ?? 'metallb-webhook-cert',
        webhookService: values['webhook-service'] ?? 'metallb-webhook-service',
        logLevel,
      },
    };
  } catch (err) {
    // parseArgs throws TypeError (ERR_PARSE_ARGS_*); ours throw UsageError: both are usage errors.
    return { kind: 'usage-error', message: (err as Error).message };
  }
}
