/**
 * Test helper (not exported): our `BgpSpeaker` running in the test process with its sockets
 * in a lab host's namespace (speaker/testing/netns-sockets.ts), and a log of its typed events
 * to wait on and assert against.
 */

import type { LabHost } from '@baremetal-lb/lab';
import { BgpSpeaker } from '../speaker/speaker.js';
import type { BgpSpeakerEvents } from '../speaker/speaker-types.js';
import { NetnsSockets } from '../speaker/testing/netns-sockets.js';
import { BgpListener } from '../transport/listener.js';
import { waitUntil } from './env.js';

type EventName = keyof BgpSpeakerEvents;
type EventOf<K extends EventName> = BgpSpeakerEvents[K][0];

/** One recorded event: when, which, what. */
export interface Recorded<K extends EventName = EventName> {
  readonly atMs: number;
  readonly name: K;
  readonly event: EventOf<K>;
}

const NAMES: readonly EventName[] = [
  'state',
  'established',
  'down',
  'update',
  'notification',
  'routeRefresh',
  'peerError',
];

/** Every event a speaker emits, in order, with `Date.now()`. */
export class EventLog {
  readonly entries: Recorded[] = [];

  constructor(speaker: BgpSpeaker) {
    // One untyped listener per name: the entries are typed by `name` when read back.
    const on = speaker.on.bind(speaker) as unknown as (
      name: EventName,
      fn: (event: never) => void,
    ) => void;
    for (const name of NAMES) {
      on(name, (event) => {
        this.entries.push({ atMs: Date.now(), name, event });
      });
    }
  }

  /** A position in the log: pass it to `next` to look only at later events. */
  mark(): number {
    return this.entries.length;
  }

  /** The events of one kind from `since` on (optionally for one peer). */
  all<K extends EventName>(name: K, since = 0, peer?: string): Recorded<K>[] {
    return this.entries
      .slice(since)
      .filter(
        (e): e is Recorded<K> =>
          e.name === name && (peer === undefined || (e.event as { peer?: string }).peer === peer),
      );
  }

  /** The first event of `name` after `since` that matches, waiting up to `timeoutMs`. */
  next<K extends EventName>(
    name: K,
    options: { since: number; peer?: string; timeoutMs: number },
    predicate: (event: EventOf<K>) => boolean = () => true,
  ): Promise<Recorded<K>> {
    return waitUntil(
      `speaker event ${name}${options.peer ? ` from ${options.peer}` : ''}`,
      () => this.all(name, options.since, options.peer).find((e) => predicate(e.event)),
      options.timeoutMs,
      50,
    );
  }
}

/** A speaker in `host`'s namespace and its event log; closed before the namespace goes. */
export interface InProcessSpeaker {
  readonly speaker: BgpSpeaker;
  readonly events: EventLog;
}

/**
 * Starts a speaker whose connections are made in `host`'s namespace (active peers only, unless
 * `listenPort` is given: then a listener bound there too, on `listenHost`).
 */
export async function speakerOn(
  host: LabHost,
  options: { localAs: number; listenPort?: number; listenHost?: string },
): Promise<InProcessSpeaker> {
  const sockets = await NetnsSockets.start(host.netns);
  const listener =
    options.listenPort === undefined
      ? undefined
      : BgpListener.fromServer(await sockets.listen(options.listenPort, options.listenHost));
  const speaker = new BgpSpeaker({
    localAs: options.localAs,
    routerId: host.ipv4,
    connect: sockets.connect,
    listen: listener ?? false,
  });
  const events = new EventLog(speaker);
  host.netns.track({
    close: async () => {
      await speaker.close();
      await listener?.close();
      await sockets.close();
    },
  });
  return { speaker, events };
}
