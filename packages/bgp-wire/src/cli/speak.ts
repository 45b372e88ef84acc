/**
 * `bgp-wire speak --config FILE`: a BGP speaker announcing routes from a YAML file
 * (DESIGN.md "Contracts"). One JSON line per session event on stdout; SIGHUP re-reads the
 * config and prefixesFile and sends only the differences; SIGTERM drains (GRACEFUL_SHUTDOWN
 * re-advertised, RFC 8326), then Cease / Administrative Shutdown, exit 0.
 */
import { parseArgs } from 'node:util';
import { describeNotification } from '../codec/notification.js';
import { BgpSpeaker } from '../speaker/speaker.js';
import { loadSpeakConfig, type SpeakConfig, SpeakConfigError } from './speak-config.js';
import { diffPlans, planFrom, type SpeakPlan } from './speak-plan.js';

export interface SpeakIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Where SIGHUP / SIGTERM / SIGINT come from (the process, or a test's emitter). */
  signals: NodeJS.EventEmitter;
}

type Emit = (event: string, fields?: Record<string, unknown>) => void;

/** The signals `speak` acts on: SIGHUP reloads, SIGTERM and SIGINT drain and stop. */
const SIGNALS = ['SIGHUP', 'SIGTERM', 'SIGINT'] as const;
type Signal = (typeof SIGNALS)[number];

function listenFor(config: SpeakConfig): { port: number } | false {
  if (config.listenPort !== undefined) return { port: config.listenPort };
  // A passive peer must be able to reach us: listen on the BGP port.
  return config.peers.some((p) => p.passive) ? { port: 179 } : false;
}

function wireEvents(speaker: BgpSpeaker, emit: Emit): void {
  speaker.on('established', (e) =>
    emit('established', { peer: e.peer, peerAS: e.peerAs, localAddress: e.localAddress }),
  );
  speaker.on('down', (e) =>
    emit('down', {
      peer: e.peer,
      reason: e.reason,
      ...(e.notification && { notification: describeNotification(e.notification) }),
      ...(e.error && { error: e.error.message }),
    }),
  );
  speaker.on('state', (e) =>
    emit('state', { peer: e.peer, state: e.state, prevState: e.prevState, reason: e.reason }),
  );
  speaker.on('notification', (e) =>
    emit(`notification-${e.direction}`, {
      peer: e.peer,
      errorCode: e.notification.errorCode,
      errorSubcode: e.notification.errorSubcode,
      description: e.description,
      ...(e.notification.shutdownCommunication !== undefined && {
        shutdownCommunication: e.notification.shutdownCommunication,
      }),
    }),
  );
  speaker.on('routeRefresh', (e) =>
    emit('route-refresh', { peer: e.peer, afi: e.afi, safi: e.safi, subtype: e.subtype }),
  );
  speaker.on('peerError', (e) => emit('peer-error', { peer: e.peer, error: e.error.message }));
}

/** Applies a plan change to a running speaker: peers first, then routes. */
async function applyPlan(
  speaker: BgpSpeaker,
  from: SpeakPlan,
  to: SpeakPlan,
  emit: Emit,
): Promise<void> {
  const diff = diffPlans(from, to);
  for (const address of diff.removePeers) await speaker.removePeer(address);
  for (const peer of diff.changePeers) await speaker.updatePeer(peer);
  for (const peer of diff.addPeers) {
    try {
      await speaker.addPeer(peer);
    } catch (err) {
      emit('peer-error', { peer: peer.address, error: (err as Error).message });
    }
  }
  // An emptied table (the usual way to withdraw everything) skips the per-prefix lookups.
  if (diff.withdraw.length > 0 && to.routes.size === 0) speaker.withdrawAll();
  else if (diff.withdraw.length > 0) speaker.withdraw(diff.withdraw);
  if (diff.announce.length > 0) speaker.announce(diff.announce);
  emit('config', {
    peers: to.peers.size,
    routes: to.routes.size,
    announced: diff.announce.length,
    withdrawn: diff.withdraw.length,
    peersAdded: diff.addPeers.length,
    peersRemoved: diff.removePeers.length,
    peersChanged: diff.changePeers.length,
  });
}

export async function runSpeak(args: string[], io: SpeakIo): Promise<number> {
  let file: string;
  try {
    const { values } = parseArgs({ args, options: { config: { type: 'string' } }, strict: true });
    if (values.config === undefined) throw new Error('--config FILE is required');
    file = values.config;
  } catch (err) {
    io.stderr.write(`bgp-wire speak: ${(err as Error).message}\n`);
    return 2;
  }
  const emit: Emit = (event, fields = {}) =>
    io.stdout.write(`${JSON.stringify({ event, ...fields, time: new Date().toISOString() })}\n`);
  // Listen for signals from now until the end: a signal without a listener takes Node's
  // default action and kills the process on the spot (no drain, no Cease, no exit 0), be it a
  // SIGTERM while a large prefixesFile loads, a second SIGTERM or a SIGHUP while draining.
  // Until the speaker runs, signals are only remembered.
  const early: Signal[] = [];
  let onSignal = (signal: Signal): void => {
    early.push(signal);
  };
  const listeners = SIGNALS.map((signal) => [signal, () => onSignal(signal)] as const);
  for (const [signal, listener] of listeners) io.signals.on(signal, listener);
  const unlisten = () => {
    for (const [signal, listener] of listeners) io.signals.off(signal, listener);
  };
  let loaded: Awaited<ReturnType<typeof loadSpeakConfig>>;
  try {
    loaded = await loadSpeakConfig(file);
  } catch (err) {
    unlisten();
    if (!(err instanceof SpeakConfigError)) throw err;
    for (const problem of err.problems) io.stderr.write(`bgp-wire speak: ${file}: ${problem}\n`);
    return 2;
  }
  const { config } = loaded;
  const speaker = new BgpSpeaker({
    localAs: config.localAS,
    routerId: config.routerId,
    listen: listenFor(config),
  });
  wireEvents(speaker, emit);
  await speaker.start();
  if (speaker.listenPort !== undefined) emit('listening', { port: speaker.listenPort });
  let plan: SpeakPlan = { peers: new Map(), routes: new Map() };
  const next = planFrom(config, loaded.prefixes);
  await applyPlan(speaker, plan, next, emit);
  plan = next;

  // Signals are handled one at a time, in order: a SIGHUP during a reload waits for it.
  let queue = Promise.resolve();
  const reload = async () => {
    try {
      const fresh = await loadSpeakConfig(file);
      if (fresh.config.localAS !== config.localAS || fresh.config.routerId !== config.routerId) {
        emit('config-error', {
          problems: ['localAS and routerId changes need a restart; kept the running config'],
        });
        return;
      }
      const target = planFrom(fresh.config, fresh.prefixes);
      await applyPlan(speaker, plan, target, emit);
      plan = target;
      config.drainTime = fresh.config.drainTime;
    } catch (err) {
      const problems = err instanceof SpeakConfigError ? err.problems : [(err as Error).message];
      emit('config-error', { problems, kept: 'the running config' });
    }
  };
  return new Promise<number>((resolveExit) => {
    let isStopping = false;
    onSignal = (signal) => {
      // Once stopping, a SIGHUP or another SIGTERM / SIGINT changes nothing.
      if (isStopping) return;
      if (signal === 'SIGHUP') {
        queue = queue.then(reload);
        return;
      }
      isStopping = true;
      queue = queue.then(async () => {
        emit('draining', { signal, waitSec: config.drainTime });
        await speaker.drain({ waitMs: config.drainTime * 1000 });
        await speaker.close();
        emit('stopped');
        unlisten();
        resolveExit(0);
      });
    };
    for (const signal of early.splice(0)) onSignal(signal);
  });
}
