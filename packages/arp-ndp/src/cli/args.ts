/**
 * `arp-ndp` command-line parsing (node:util parseArgs), kept apart from running so the usage
 * rules are unit-tested without sockets. Contract (DESIGN.md "Contracts"):
 * `arp-ndp respond --interface IF --address IP [--address IP ...]`.
 */
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';

export const USAGE = `Usage: arp-ndp respond --interface IF --address IP [--address IP ...]

Answers ARP (IPv4) and Neighbor Solicitations (IPv6) for the given addresses on IF only,
sends gratuitous ARP / unsolicited NA on start (then every 1.1 s for 5 s), runs until SIGTERM.
No address is configured on IF. Needs CAP_NET_RAW.

Options:
  --interface IF     interface to answer on; may repeat     (env ARP_NDP_INTERFACE)
  --address IP       IPv4 or IPv6 address to own; may repeat (env ARP_NDP_ADDRESSES, comma-separated)
  -h, --help         this text

Output: one JSON line per event on stdout: {"event":"started",...}, {"event":"announced",...},
{"event":"refused"|"error",...}, and on SIGTERM {"event":"stopped","counters":{...}}.
Exit: 0 stopped by SIGTERM/SIGINT, 1 failure (interface refused, no CAP_NET_RAW), 2 usage.`;

/** What `respond` runs with. */
export interface RespondOptions {
  interfaces: string[];
  addresses: string[];
}

/** The parsed command line. */
export type ParsedArgs =
  | { kind: 'help' }
  | { kind: 'respond'; options: RespondOptions }
  | { kind: 'usage-error'; message: string };

function fromEnv(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Parses `argv` (without node and the script); `env` supplies the fallbacks. Never throws. */
export function parseCommandLine(
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
): ParsedArgs {
  let parsed: ReturnType<typeof parseArgsStrict>;
  try {
    parsed = parseArgsStrict(argv);
  } catch (err) {
    return { kind: 'usage-error', message: err instanceof Error ? err.message : String(err) };
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: 'help' };
  if (positionals.length === 0) return { kind: 'usage-error', message: 'missing command' };
  if (positionals[0] !== 'respond' || positionals.length > 1) {
    return { kind: 'usage-error', message: `unknown command: ${positionals.join(' ')}` };
  }
  const interfaces = values.interface ?? fromEnv(env.ARP_NDP_INTERFACE);
  const addresses = values.address ?? fromEnv(env.ARP_NDP_ADDRESSES);
  if (interfaces.length === 0) return { kind: 'usage-error', message: '--interface is required' };
  if (addresses.length === 0) return { kind: 'usage-error', message: '--address is required' };
  const bad = addresses.find((a) => isIP(a) === 0);
  if (bad !== undefined) {
    return { kind: 'usage-error', message: `--address: not an IP address: ${bad}` };
  }
  return { kind: 'respond', options: { interfaces, addresses } };
}

function parseArgsStrict(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      interface: { type: 'string', multiple: true },
      address: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
