#!/usr/bin/env node
/**
 * `bgp-wire` command line: thin main, parse, run, exit with its code (STYLE.md §10).
 *   bgp-wire decode [--hex HEX] [--as2] [--add-path FAMILIES] [--extended-messages] [--ibgp]
 *   bgp-wire speak --config FILE
 */
import { runDecode } from './decode.js';
import { runSpeak } from './speak.js';

const USAGE = `usage: bgp-wire <command> [options]

commands:
  decode   read BGP messages as hex (one per line, '#' lines ignored) from stdin or --hex,
           print one JSON object per message on stdout
    --hex HEX              decode this one message instead of reading stdin
    --as2                  AS_PATH / AGGREGATOR use 2-octet ASNs (peer without RFC 6793)
    --add-path FAMILIES    comma list of ipv4,ipv6: NLRI carry RFC 7911 path identifiers
    --extended-messages    allow messages up to 65535 bytes (RFC 8654)
    --ibgp                 judge messages as received from an internal peer (RFC 7606)
    exit 0 when every message decoded, 1 if any was malformed, 2 on a usage error
  speak    run a BGP speaker from a YAML file: localAS, routerId, listenPort?, drainTime? (s),
           peers: [{address, peerAS, port?, localAddress?, password?, holdTime?, passive?, ttl?}],
           routes: [{prefix, nextHop?, communities?, largeCommunities?, extendedCommunities?,
           localPref?, med?}], prefixesFile? (one prefix a line),
           gracefulRestart? {restartTime (s), restarting?, forwardingPreserved?, notification?}:
           RFC 4724 toward every peer; after a restart set restarting (R bit) and, if traffic
           still flows, forwardingPreserved (F bit): peers keep our routes until End-of-RIB;
           notification (RFC 8538 N bit, default off) keeps them even after SIGTERM's Cease
    --config FILE          the YAML file
    prints one JSON line per session event; SIGHUP re-reads the file and sends only the
    differences; SIGTERM re-advertises with GRACEFUL_SHUTDOWN, waits drainTime, sends Cease,
    exits 0; exit 2 on a bad file
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'decode':
      return runDecode(rest, {
        stdin: process.stdin,
        stdout: process.stdout,
        stderr: process.stderr,
      });
    case 'speak': {
      // Run until a signal stops it, also with nothing else to keep Node's event loop alive
      // (no peers and no listener, waiting for a SIGHUP to add some): else Node would end the
      // process as soon as the config is applied, exit 0 and no "stopped".
      const keepAlive = setInterval(() => {}, 2 ** 30);
      try {
        return await runSpeak(rest, {
          stdout: process.stdout,
          stderr: process.stderr,
          signals: process,
        });
      } finally {
        clearInterval(keepAlive);
      }
    }
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(
        command === undefined ? USAGE : `bgp-wire: unknown command "${command}"\n${USAGE}`,
      );
      return 2;
  }
}

// A closed pipe (`bgp-wire decode < f | head`) ends the output, not the process with a stack.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // A stopped speaker may leave sockets closing in the background: exit once output is out.
    process.stdout.write('', () => process.exit(code));
  },
  (err: unknown) => {
    process.stderr.write(`bgp-wire: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
