/**
 * The lab LAN of LAB.md §2: a `router` namespace holding bridge br0 (192.0.2.1/24,
 * 2001:db8:1::1/64) and one namespace per host whose eth0 is a veth to a port on br0. The
 * bridge lives inside `router`, so the host's own network is never touched. `Lab.pair()` is
 * the smaller variant: two namespaces joined by one veth, no router.
 */

import { LabError } from './errors.js';
import { Netns, randomLabId } from './netns.js';
import { runCommand } from './process.js';
import { pollUntil } from './wait.js';

/** One machine of the lab: a namespace with one addressed interface. */
export interface LabHost {
  /** Host name as given to `Lab.create` ("router" for the router). */
  readonly name: string;
  readonly netns: Netns;
  /** The addressed interface inside `netns` (`eth0`, or `br0` on the router). */
  readonly interfaceName: string;
  readonly ipv4: string;
  /** Global IPv6 address, or `undefined` when the lab was created with `ipv6: false`. */
  readonly ipv6: string | undefined;
  /** The interface's fe80:: address, as the kernel chose it (read with `ip -j addr`). */
  readonly linkLocal: string;
  /** The interface's MAC address, lowercase `aa:bb:cc:dd:ee:ff`. */
  readonly mac: string;
}

/** Options for {@link Lab.create}. */
export interface LabOptions {
  /** Host names, each `[a-z][a-z0-9-]{0,12}` ("node-a"); host i gets 192.0.2.(11+i). */
  hosts: readonly string[];
  /** Add the 2001:db8:1::/64 addresses (nodad). Default true. */
  ipv6?: boolean;
}

/** Options for {@link Lab.pair}. */
export interface PairOptions {
  /** The two host names. Default `['a', 'b']`. */
  hosts?: readonly [string, string];
  /** Add the 2001:db8:1::/64 addresses (nodad). Default true. */
  ipv6?: boolean;
}

const HOST_RE = /^[a-z][a-z0-9-]{0,12}$/;
const RESERVED = new Set(['router']);

/**
 * A lab LAN. Everything it creates is deleted by `close()`: daemons started on its hosts first
 * (by PID), then the namespaces.
 *
 * When to use: integration tests against real BGP daemons.
 * Gotchas: needs root. Host i (0-based) is 192.0.2.(11+i) and 2001:db8:1::(11+i), written
 * with the same digits as LAB.md does (2001:db8:1::11 for 192.0.2.11).
 *
 * @example
 * ```ts
 * await using lab = await Lab.create({ hosts: ['node-a'] });
 * await lab.host('node-a').netns.exec(['ping', '-c1', '-W2', lab.router!.ipv4]);
 * ```
 */
export class Lab {
  readonly id: string;
  /** The router (bridge owner); `undefined` for `Lab.pair()`. */
  readonly router: LabHost | undefined;
  /** The other hosts, in the order given. */
  readonly hosts: readonly LabHost[];
  #closing: Promise<void> | undefined;

  private constructor(id: string, router: LabHost | undefined, hosts: LabHost[]) {
    this.id = id;
    this.router = router;
    this.hosts = hosts;
  }

  /** Builds the LAN of LAB.md §2 with a fresh lab id. Cleans up after itself if a step fails. */
  static async create(options: LabOptions): Promise<Lab> {
    const names = checkHostNames(options.hosts);
    const ipv6 = options.ipv6 ?? true;
    const id = randomLabId();
    const created: Netns[] = [];
    try {
      const routerNs = await Netns.create({ labId: id, role: 'router' });
      created.push(routerNs);
      const hostNs = await Promise.all(
        names.map((name) => Netns.create({ labId: id, role: name })),
      );
      created.push(...hostNs);
      const r = routerNs.name;
      await ip(['-n', r, 'link', 'add', 'br0', 'type', 'bridge']);
      await noDad(routerNs, 'br0');
      await ip(['-n', r, 'link', 'set', 'br0', 'up']);
      await ip(['-n', r, 'addr', 'add', '192.0.2.1/24', 'dev', 'br0']);
      if (ipv6) await ip(['-n', r, 'addr', 'add', '2001:db8:1::1/64', 'dev', 'br0', 'nodad']);
      await Promise.all(
        hostNs.map(async (ns, i) => {
          const port = `p-${names[i]}`;
          await ip([
            'link',
            'add',
            'eth0',
            'netns',
            ns.name,
            'type',
            'veth',
            'peer',
            'name',
            port,
            'netns',
            r,
          ]);
          await ip(['-n', r, 'link', 'set', port, 'master', 'br0', 'up']);
          await addressHost(ns, i, ipv6);
        }),
      );
      const router = await readHost(
        'router',
        routerNs,
        'br0',
        '192.0.2.1',
        ipv6 ? '2001:db8:1::1' : undefined,
      );
      const hosts = await Promise.all(
        hostNs.map((ns, i) => readHost(names[i]!, ns, 'eth0', ...hostAddresses(i, ipv6))),
      );
      return new Lab(id, router, hosts);
    } catch (err) {
      await Promise.allSettled(created.map((ns) => ns.close()));
      throw err;
    }
  }

  /** Two namespaces joined by one veth (both ends `eth0`), addressed as hosts 0 and 1. */
  static async pair(options: PairOptions = {}): Promise<Lab> {
    const names = checkHostNames(options.hosts ?? ['a', 'b']);
    if (names.length !== 2) throw new LabError('LAB_ERR_INVALID_ARGUMENT', 'a pair has two hosts');
    const ipv6 = options.ipv6 ?? true;
    const id = randomLabId();
    const created: Netns[] = [];
    try {
      const [a, b] = await Promise.all(
        names.map((name) => Netns.create({ labId: id, role: name })),
      );
      created.push(a!, b!);
      await ip([
        'link',
        'add',
        'eth0',
        'netns',
        a!.name,
        'type',
        'veth',
        'peer',
        'name',
        'eth0',
        'netns',
        b!.name,
      ]);
      await Promise.all([addressHost(a!, 0, ipv6), addressHost(b!, 1, ipv6)]);
      const hosts = await Promise.all(
        [a!, b!].map((ns, i) => readHost(names[i]!, ns, 'eth0', ...hostAddresses(i, ipv6))),
      );
      return new Lab(id, undefined, hosts);
    } catch (err) {
      await Promise.allSettled(created.map((ns) => ns.close()));
      throw err;
    }
  }

  /** The host called `name` ("router" included). Throws when there is none. */
  host(name: string): LabHost {
    const found = name === 'router' ? this.router : this.hosts.find((h) => h.name === name);
    if (!found) throw new LabError('LAB_ERR_INVALID_ARGUMENT', `no host ${name} in lab ${this.id}`);
    return found;
  }

  /** Every namespace name of this lab (router first). */
  get namespaceNames(): string[] {
    return [...(this.router ? [this.router] : []), ...this.hosts].map((h) => h.netns.name);
  }

  /**
   * Stops every daemon started on the lab's hosts (by PID) and deletes the namespaces, hosts
   * before the router. Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #close(): Promise<void> {
    const results = await Promise.allSettled(this.hosts.map((h) => h.netns.close()));
    if (this.router) results.push(...(await Promise.allSettled([this.router.netns.close()])));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length > 0) {
      throw new LabError('LAB_ERR_COMMAND', `closing lab ${this.id} failed`, {
        cause:
          failed.length === 1 ? failed[0]!.reason : new AggregateError(failed.map((f) => f.reason)),
      });
    }
  }
}

function checkHostNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const name of names) {
    // `p-<name>` must fit the 15 characters of an interface name.
    if (!HOST_RE.test(name) || RESERVED.has(name) || seen.has(name)) {
      throw new LabError(
        'LAB_ERR_INVALID_ARGUMENT',
        `bad or duplicate host name ${JSON.stringify(name)}`,
      );
    }
    seen.add(name);
  }
  if (names.length > 200) throw new LabError('LAB_ERR_INVALID_ARGUMENT', 'at most 200 hosts');
  return [...names];
}

function hostAddresses(index: number, ipv6: boolean): [string, string | undefined] {
  const n = 11 + index;
  return [`192.0.2.${n}`, ipv6 ? `2001:db8:1::${n}` : undefined];
}

async function addressHost(ns: Netns, index: number, ipv6: boolean): Promise<void> {
  const [v4, v6] = hostAddresses(index, ipv6);
  await noDad(ns, 'eth0');
  await ip(['-n', ns.name, 'link', 'set', 'eth0', 'up']);
  await ip(['-n', ns.name, 'addr', 'add', `${v4}/24`, 'dev', 'eth0']);
  if (v6) await ip(['-n', ns.name, 'addr', 'add', `${v6}/64`, 'dev', 'eth0', 'nodad']);
}

/**
 * Turns off duplicate address detection on `dev` before it comes up, so its fe80:: address
 * is usable at once instead of `tentative` for a second or two. Namespace-local sysctl.
 */
async function noDad(ns: Netns, dev: string): Promise<void> {
  await ns.exec(['sysctl', '-q', '-w', `net.ipv6.conf.${dev}.accept_dad=0`]);
}

function ip(args: string[]): Promise<unknown> {
  return runCommand(['ip', ...args]);
}

interface IpAddrJson {
  address?: string;
  addr_info?: { family: string; local: string; scope: string; tentative?: boolean }[];
}

/** Reads MAC and link-local address back from the kernel (the link-local appears at link up). */
async function readHost(
  name: string,
  netns: Netns,
  interfaceName: string,
  ipv4: string,
  ipv6: string | undefined,
): Promise<LabHost> {
  const { mac, linkLocal } = await pollUntil(
    async () => {
      const out = await runCommand([
        'ip',
        '-j',
        '-n',
        netns.name,
        'addr',
        'show',
        'dev',
        interfaceName,
      ]);
      const [link] = JSON.parse(out.stdout) as IpAddrJson[];
      const ll = link?.addr_info?.find(
        (a) => a.family === 'inet6' && a.scope === 'link' && !a.tentative,
      );
      return link?.address && ll ? { mac: link.address, linkLocal: ll.local } : undefined;
    },
    {
      timeoutMs: 10_000,
      intervalMs: 100,
      what: `a link-local address on ${netns.name} ${interfaceName}`,
    },
  );
  return { name, netns, interfaceName, ipv4, ipv6, linkLocal, mac };
}
