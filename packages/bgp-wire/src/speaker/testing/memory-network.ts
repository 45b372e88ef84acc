/**
 * Test helper (not exported): speakers on an in-memory "network". Each speaker gets an
 * address; `connectFrom(address)` is its `connect` option, delivering the far end of an
 * in-memory pair to the speaker at the target address (or refusing, like a closed port).
 * Links can be cut to simulate a peer going away.
 */

import { setImmediate as tick } from 'node:timers/promises';
import { expect } from 'vitest';
import type { Connection } from '../../transport/connection.js';
import { BgpTransportError } from '../../transport/errors.js';
import { createMemoryConnectionPair } from '../../transport/memory.js';
import type { ConnectFunction } from '../../transport/tcp.js';

/** Something that takes incoming connections (a BgpSpeaker). */
export interface Acceptor {
  acceptConnection(connection: Connection): void;
}

export class MemoryNetwork {
  readonly #hosts = new Map<string, Acceptor>();
  readonly #open = new Set<Connection>();
  readonly #down = new Set<string>();
  #nextPort = 40000;
  /** Connection attempts, in order, as "from>to". */
  readonly attempts: string[] = [];

  attach(address: string, acceptor: Acceptor): void {
    this.#hosts.set(address, acceptor);
  }

  /** The `connect` option for the speaker at `localAddress`. */
  connectFrom(localAddress: string): ConnectFunction {
    return async (options) => {
      await tick();
      this.attempts.push(`${localAddress}>${options.host}`);
      const target = this.#hosts.get(options.host);
      if (!target || this.#down.has(options.host) || this.#down.has(localAddress)) {
        throw new BgpTransportError(`connection to ${options.host} refused`, {
          failure: 'connect-failed',
          syscallCode: 'ECONNREFUSED',
        });
      }
      const [mine, theirs] = createMemoryConnectionPair({
        a: { address: localAddress, port: this.#nextPort++ },
        b: { address: options.host, port: options.port },
      });
      this.#open.add(mine).add(theirs);
      void mine.whenClosed().then(() => this.#open.delete(mine));
      void theirs.whenClosed().then(() => this.#open.delete(theirs));
      setImmediate(() => target.acceptConnection(theirs));
      return mine;
    };
  }

  /** Takes `address` off the network: its connections drop, new ones are refused. */
  down(address: string): void {
    this.#down.add(address);
    for (const c of this.#open) {
      if (c.localAddress === address || c.remoteAddress === address) c.destroy();
    }
  }

  up(address: string): void {
    this.#down.delete(address);
  }

  get openConnections(): number {
    return this.#open.size;
  }
}

/** Yields to the event loop until `condition` holds (bounded), then asserts it. */
export async function until(condition: () => boolean, what = 'condition', rounds = 2000) {
  for (let i = 0; i < rounds && !condition(); i++) await tick();
  expect(condition(), what).toBe(true);
}

/** Yields to the event loop `rounds` times (lets in-memory traffic settle). */
export async function settle(rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i++) await tick();
}

// ----- two speakers on one in-memory network -----

import { ManualClock } from '../../clock.js';
import type { PeerOptions } from '../peer-options.js';
import { BgpSpeaker } from '../speaker.js';
import type { BgpSpeakerEvents } from '../speaker-types.js';

export const A_ADDRESS = '192.0.2.1';
export const B_ADDRESS = '192.0.2.2';

/** Every event a speaker emitted, by name, in order. */
export type Recorded = { [K in keyof BgpSpeakerEvents]: BgpSpeakerEvents[K][0][] };

export function record(speaker: BgpSpeaker): Recorded {
  const names: (keyof BgpSpeakerEvents)[] = [
    'state',
    'established',
    'down',
    'update',
    'notification',
    'routeRefresh',
    'peerError',
  ];
  const out = Object.fromEntries(names.map((n) => [n, []])) as unknown as Recorded;
  const on = speaker.on.bind(speaker) as (n: string, f: (e: unknown) => void) => void;
  for (const name of names) on(name, (e) => (out[name] as unknown[]).push(e));
  return out;
}

export interface PairOptions {
  aAs?: number;
  bAs?: number;
  aPeer?: Partial<PeerOptions>;
  bPeer?: Partial<PeerOptions>;
  aAddress?: string;
  bAddress?: string;
}

/**
 * Speaker A (active, AS 64512) and speaker B (passive, AS 64513, keeping its Adj-RIB-In), on
 * one network and one ManualClock. Close both with `close()`.
 */
export async function speakerPair(options: PairOptions = {}) {
  const clock = new ManualClock();
  const net = new MemoryNetwork();
  const aAddress = options.aAddress ?? A_ADDRESS;
  const bAddress = options.bAddress ?? B_ADDRESS;
  const aAs = options.aAs ?? 64512;
  const bAs = options.bAs ?? 64513;
  const make = (address: string, localAs: number, routerId: string) =>
    new BgpSpeaker({
      localAs,
      routerId,
      clock,
      connect: net.connectFrom(address),
      random: () => 0.5,
    });
  const a = make(aAddress, aAs, '192.0.2.1');
  const b = make(bAddress, bAs, '192.0.2.2');
  net.attach(aAddress, a);
  net.attach(bAddress, b);
  const events = { a: record(a), b: record(b) };
  await a.addPeer({ address: bAddress, peerAs: bAs, ...options.aPeer });
  await b.addPeer({
    address: aAddress,
    peerAs: aAs,
    passive: true,
    keepAdjRibIn: true,
    ...options.bPeer,
  });
  const isUp = () =>
    a.peerState(bAddress) === 'established' && b.peerState(aAddress) === 'established';
  return {
    a,
    b,
    net,
    clock,
    events,
    aAddress,
    bAddress,
    /** B's view of what A sent. */
    ribB: () => b.adjRibIn(aAddress)!,
    established: () => until(isUp, 'both established'),
    close: async () => {
      await Promise.all([a.close(), b.close()]);
      await until(() => net.openConnections === 0, 'connections closed');
    },
  };
}
