/**
 * `arp-ndp respond`: runs a Responder until the abort signal (SIGTERM/SIGINT in cli.ts) and
 * prints one JSON line per event. `answered` is not printed (one line per ARP request would
 * flood a busy LAN); it shows in the counters printed with `stopped`. Dependencies are passed
 * in, so the exit codes are unit-tested with a fake link.
 */
import type { Clock } from '../responder/clock.js';
import type { ResponderEvent } from '../responder/events.js';
import type { LinkLayer } from '../responder/link.js';
import { Responder } from '../responder/responder.js';
import type { RespondOptions } from './args.js';

/** What `runRespond` needs from the outside world. */
export interface RespondDeps {
  /** One line of output (stdout). */
  print(line: string): void;
  /** Aborted to stop (SIGTERM). */
  signal: AbortSignal;
  link?: LinkLayer;
  clock?: Clock;
}

const PRINTED: ReadonlySet<ResponderEvent['event']> = new Set([
  'started',
  'refused',
  'announced',
  'error',
]);

/** Runs until `deps.signal` aborts; resolves the exit code (0 stopped, 1 could not start). */
export async function runRespond(options: RespondOptions, deps: RespondDeps): Promise<number> {
  const print = (value: object): void => deps.print(JSON.stringify(value));
  const responder = new Responder({
    interfaces: options.interfaces,
    onEvent: (e) => {
      if (PRINTED.has(e.event)) print(e);
    },
    ...(deps.link === undefined ? {} : { link: deps.link }),
    ...(deps.clock === undefined ? {} : { clock: deps.clock }),
  });
  for (const ip of options.addresses) responder.own(ip);
  try {
    responder.start();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    print({
      event: 'error',
      code: typeof code === 'string' ? code : 'ERROR',
      message: err instanceof Error ? err.message : String(err),
    });
    return 1;
  }
  if (!deps.signal.aborted) {
    await new Promise<void>((resolve) =>
      deps.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
  }
  responder.stop();
  print({ event: 'stopped', counters: responder.counters() });
  return 0;
}
