/**
 * Makes a LanLab node look like a Kubernetes node in MetalLB's layer-2 mode: the node has its
 * own addresses on eth0 (so it can reply), and the VIPs are local (on `lo`, as kube-proxy puts
 * them on a local interface) but the kernel must not answer ARP/NDP for them on eth0: only the
 * elected speaker (our responder) does. Everything is inside the lab's namespaces.
 *
 * Observed on this kernel (src/responder-ping.netns.test.ts checks each point):
 * - IPv4: Linux is a weak host: with the VIP on `lo` it answers ARP for it on eth0, unless
 *   `arp_ignore=1` (answer only for addresses on the receiving interface); `arp_announce=2`
 *   keeps the VIP out of the node's own ARP requests (the source is eth0's address). These
 *   sysctls are per namespace (`ip netns exec <ns> sysctl -w ...`), as kube-proxy's strictARP.
 * - IPv6: no sysctl needed. The kernel answers an NS only for addresses on the receiving
 *   interface (or proxied / anycast ones), so a VIP on `lo` gets no NA, while an address on
 *   eth0 does; the VIP is still accepted as a destination (weak host for delivery).
 * A dummy interface (what kube-proxy's ipvs mode uses) would do as well, but this machine's
 * kernel has no `dummy` driver; `lo` needs no module.
 */
import type { LanLab } from './lan-lab.js';

/** A node's own addresses (on eth0) and the VIPs made local on `lo`. */
export interface VipNodeConfig {
  /** The node's IPv4 address with prefix on eth0, e.g. `192.0.2.2/24`. */
  readonly nodeV4: string;
  /** The node's IPv6 address with prefix on eth0, e.g. `2001:db8::2/64`. */
  readonly nodeV6: string;
  /** VIPs (IPv4 and IPv6, no prefix) added to `lo` as /32 and /128. */
  readonly vips: readonly string[];
  /** Set arp_ignore=1 / arp_announce=2 (all and eth0): the kernel stays silent for the VIPs. */
  readonly strictArp: boolean;
}

/** Configures node `ns` of `lab` as described in the file header. */
export function makeVipNode(lab: LanLab, ns: string, config: VipNodeConfig): void {
  lab.exec(ns, ['ip', 'addr', 'add', config.nodeV4, 'dev', 'eth0']);
  lab.exec(ns, ['ip', 'addr', 'add', config.nodeV6, 'dev', 'eth0', 'nodad']);
  for (const vip of config.vips) {
    const prefix = vip.includes(':')
      ? ['-6', 'addr', 'add', `${vip}/128`]
      : ['addr', 'add', `${vip}/32`];
    lab.exec(ns, ['ip', ...prefix, 'dev', 'lo', ...(vip.includes(':') ? ['nodad'] : [])]);
  }
  if (config.strictArp) {
    lab.exec(ns, [
      'sysctl',
      '-qw',
      'net.ipv4.conf.all.arp_ignore=1',
      'net.ipv4.conf.eth0.arp_ignore=1',
      'net.ipv4.conf.all.arp_announce=2',
      'net.ipv4.conf.eth0.arp_announce=2',
    ]);
  }
}

/** Adds `address` (with prefix) on eth0 of `ns`: an address the kernel itself answers for. */
export function addOnEth0(lab: LanLab, ns: string, address: string): void {
  const flags = address.includes(':') ? ['nodad'] : [];
  lab.exec(ns, ['ip', 'addr', 'add', address, 'dev', 'eth0', ...flags]);
}
