/**
 * Which interfaces the responder refuses, by MetalLB's rules (speaker/layer2_controller.go,
 * METALLB.md §5.2): down, NOARP, or enslaved to a bond or bridge (answering on a port would
 * bypass its master, whose MAC the LAN knows). Plus what our frames need: Ethernet hardware.
 */
import type { InterfaceInfo } from '@baremetal-lb/native-net';

/** Why an interface was refused; a bounded set, fit to be a label. */
export type RefusalReason = 'missing' | 'not-ethernet' | 'down' | 'noarp' | 'enslaved';

/** ARPHRD_ETHER (linux/if_arp.h). */
const ARPHRD_ETHER = 1;

/** The first rule `info` breaks, with a message naming the interface, or undefined. */
export function refusalOf(
  info: InterfaceInfo,
): { reason: RefusalReason; message: string } | undefined {
  const name = info.name;
  if (info.hardwareType !== ARPHRD_ETHER) {
    return {
      reason: 'not-ethernet',
      message: `${name} is not Ethernet (hardware type ${info.hardwareType})`,
    };
  }
  if (!info.flags.up) return { reason: 'down', message: `${name} is down` };
  if (info.flags.noarp) return { reason: 'noarp', message: `${name} has the NOARP flag` };
  if (info.master !== undefined) {
    return { reason: 'enslaved', message: `${name} is enslaved to ${info.master}` };
  }
  return undefined;
}
