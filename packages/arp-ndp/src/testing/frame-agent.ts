/**
 * A test agent run inside a namespace (bundled by `bundleLabScripts`, run with `ip netns exec`):
 * the hand-built frames of the namespace tests go out through it, and it watches the wire.
 *   send IFNAME HEX...  sends each hex frame as is (AF_PACKET, so malformed frames stay
 *                       malformed), prints {"event":"sent","count":n} and exits 0.
 *   listen IFNAME       prints {"event":"ready"}, then {"event":"frame","hex","packetType"} for
 *                       each ARP or IPv6 frame received, until SIGTERM/SIGINT (exit 0).
 * Any failure is printed as {"event":"error","code","message"} with exit 1. The kernel does not
 * hand a packet socket the frames its own host sends, so a listener sees only what arrives.
 */
import { EtherProtocols, openPacketSocket } from '@baremetal-lb/native-net';

function print(value: object): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function send(ifname: string, frames: readonly string[]): void {
  const socket = openPacketSocket(ifname, {
    protocols: [EtherProtocols.ETH_P_ARP],
    onFrame: () => {},
  });
  try {
    for (const hex of frames) socket.send(Buffer.from(hex, 'hex'));
  } finally {
    socket.close();
  }
  print({ event: 'sent', count: frames.length });
}

function listen(ifname: string): void {
  const socket = openPacketSocket(ifname, {
    protocols: [EtherProtocols.ETH_P_ARP, EtherProtocols.ETH_P_IPV6],
    onFrame: (frame, info) =>
      print({ event: 'frame', hex: frame.toString('hex'), packetType: info.packetType }),
    onError: (err) => print({ event: 'error', code: err.code, message: err.message }),
  });
  const stop = (): void => {
    socket.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  print({ event: 'ready' });
}

function main(argv: readonly string[]): void {
  const [mode, ifname, ...rest] = argv;
  if (ifname === undefined) throw new Error('usage: frame-agent send|listen IFNAME [HEX...]');
  if (mode === 'send') send(ifname, rest);
  else if (mode === 'listen') listen(ifname);
  else throw new Error(`unknown mode ${String(mode)}`);
}

try {
  main(process.argv.slice(2));
} catch (err) {
  const code = (err as { code?: unknown }).code;
  print({
    event: 'error',
    code: typeof code === 'string' ? code : 'ERROR',
    message: err instanceof Error ? err.message : String(err),
  });
  process.exit(1);
}
