/**
 * Which Service holds each cluster IP and node port, kept up to date from the store's change
 * stream, so that allocating for one Service costs a few map lookups instead of a scan of
 * every stored Service (the apiserver keeps allocation bitmaps for the same reason). Free
 * values are handed out from a cursor that wraps around: sequential addresses from .10 / ::a
 * keep tests readable, and a value given to a create that has not been stored yet is not
 * given again to a concurrent one.
 */

import type { KubeObject, StoreEvent } from '../types.js';

export type Family = 'IPv4' | 'IPv6';

type Json = Record<string, unknown>;

export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
/** Cluster IPs handed out per family: 10.96.0.10 .. 10.111.255.255, fd00:10:96::a .. */
const IP_FIRST = 10;
const IP_LAST = 0xfffff;

export const SERVICES_STORAGE = 'core/services';

function holderOf(svc: KubeObject): string {
  return `${svc.metadata.namespace ?? ''}/${svc.metadata.name ?? ''}`;
}

function ipText(family: Family, n: number): string {
  return family === 'IPv4'
    ? `10.${96 + (n >> 16)}.${(n >> 8) & 0xff}.${n & 0xff}`
    : `fd00:10:96::${n.toString(16)}`;
}

/** The cluster IPs and node ports one stored Service holds. */
function heldBy(svc: KubeObject): { ips: string[]; ports: number[] } {
  const spec = (svc.spec as Json | undefined) ?? {};
  const ips = ((spec.clusterIPs as string[] | undefined) ?? []).filter((ip) => ip !== 'None');
  const ports: number[] = [];
  for (const p of (spec.ports as Json[] | undefined) ?? []) {
    if (typeof p.nodePort === 'number') ports.push(p.nodePort);
  }
  if (typeof spec.healthCheckNodePort === 'number') ports.push(spec.healthCheckNodePort);
  return { ips, ports };
}

/** The allocation index of one server. */
export class ServiceAllocations {
  readonly #ips = new Map<string, string>();
  readonly #ports = new Map<number, string>();
  readonly #nextIp: Record<Family, number> = { IPv4: IP_FIRST, IPv6: IP_FIRST };
  #nextPort = NODE_PORT_MIN;

  /** Seeds the index from the Services already stored (after a restart with --data-dir). */
  load(services: Iterable<KubeObject>): void {
    for (const svc of services) this.#hold(svc);
  }

  /** Follows the store: call for every StoreEvent. */
  observe(event: StoreEvent): void {
    if (event.storage !== SERVICES_STORAGE) return;
    if (event.previous) this.#release(event.previous);
    if (event.type !== 'DELETED') this.#hold(event.object);
  }

  /** True when `ip` is held by a Service other than `svc`. */
  ipTaken(ip: string, svc: KubeObject): boolean {
    const holder = this.#ips.get(ip);
    return holder !== undefined && holder !== holderOf(svc);
  }

  /** True when `port` is held by a Service other than `svc`. */
  portTaken(port: number, svc: KubeObject): boolean {
    const holder = this.#ports.get(port);
    return holder !== undefined && holder !== holderOf(svc);
  }

  /** A free cluster IP of `family`, not in `exclude` (what this write already picked). */
  freeIp(family: Family, svc: KubeObject, exclude: ReadonlySet<string>): string {
    const span = IP_LAST - IP_FIRST + 1;
    for (let tried = 0; tried < span; tried++) {
      const n = this.#nextIp[family];
      this.#nextIp[family] = n === IP_LAST ? IP_FIRST : n + 1;
      const ip = ipText(family, n);
      if (!this.ipTaken(ip, svc) && !exclude.has(ip)) return ip;
    }
    throw new Error(`no free ${family} cluster IP left`);
  }

  /** A free node port, not in `exclude`. */
  freePort(svc: KubeObject, exclude: ReadonlySet<number>): number {
    const span = NODE_PORT_MAX - NODE_PORT_MIN + 1;
    for (let tried = 0; tried < span; tried++) {
      const port = this.#nextPort;
      this.#nextPort = port === NODE_PORT_MAX ? NODE_PORT_MIN : port + 1;
      if (!this.portTaken(port, svc) && !exclude.has(port)) return port;
    }
    throw new Error('no free node port left');
  }

  #hold(svc: KubeObject): void {
    const holder = holderOf(svc);
    const { ips, ports } = heldBy(svc);
    for (const ip of ips) this.#ips.set(ip, holder);
    for (const port of ports) this.#ports.set(port, holder);
  }

  #release(svc: KubeObject): void {
    const holder = holderOf(svc);
    const { ips, ports } = heldBy(svc);
    for (const ip of ips) if (this.#ips.get(ip) === holder) this.#ips.delete(ip);
    for (const port of ports) if (this.#ports.get(port) === holder) this.#ports.delete(port);
  }
}
