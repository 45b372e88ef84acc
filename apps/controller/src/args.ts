/**
 * Command-line parsing for `baremetal-lb-controller`: turns argv into what to do, or into a
 * usage error (exit 2) with the text to print. Pure (no I/O) so every case is a table test.
 * Only the `validate` subcommand exists so far; the controller proper (`--kubeconfig` and
 * friends, DESIGN.md) is the next issue, and until then running without `validate` says so
 * instead of pretending to run.
 */

import { parseArgs } from 'node:util';

/** The namespace MetalLB's config objects live in unless told otherwise. */
export const DEFAULT_NAMESPACE = 'metallb-system';

/** `--bgp-type` values (MetalLB's METALLB_BGP_TYPE); frr-k8s validates as frr does. */
export const BGP_TYPES = ['native', 'frr', 'frr-k8s'] as const;

/** The BGP implementation rules to validate for. */
export type BgpMode = 'native' | 'frr';

/** The help text (printed on stdout for `--help`, on stderr after a usage error). */
export const USAGE = `Usage:
  baremetal-lb-controller validate -f FILE [-f FILE ...] [--namespace NS] [--bgp-type TYPE]

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

The controller itself (--kubeconfig, --namespace, --lb-class, --metrics-port, --webhook-port)
is not built yet: it comes with the next release of baremetal-lb.
`;

/** What the command line asks for. */
export type Command =
  | {
      readonly kind: 'validate';
      readonly files: readonly string[];
      readonly namespace: string;
      readonly bgpMode: BgpMode;
    }
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
  if (subcommand !== 'validate') {
    const what = subcommand === undefined ? 'no command given' : `unknown command "${subcommand}"`;
    return {
      kind: 'usage-error',
      message: `${what}: the controller itself is not built yet; only "validate" is available`,
    };
  }
  return parseValidate(rest, env);
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
