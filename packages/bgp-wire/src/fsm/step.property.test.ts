/**
 * Properties over the whole table: every state answers every event without throwing, and
 * random event sequences (with time passing, so timers fire) always leave a valid state whose
 * timers match what the driver has running and what the state allows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UpdateMessage } from '../codec/types.js';
import type { FsmAction } from './actions.js';
import { FSM_EVENT_TYPES, type FsmEvent, type FsmEventType } from './events.js';
import { FSM_STATE_NAMES, type FsmState, type FsmStateName, runningTimers } from './state.js';
import { step } from './step.js';
import {
  FsmHarness,
  type HarnessOptions,
  LOCAL_ID,
  messageError,
  notification,
  peerOpen,
} from './testing/harness.js';

/** FSM_PROPERTY_RUNS=20000 for a longer hunt. */
const RUNS = Number(process.env.FSM_PROPERTY_RUNS ?? 400);

const UPDATE: UpdateMessage = { type: 'update', withdrawn: [], attributes: [], nlri: [] };

const OPENS = [
  peerOpen(),
  peerOpen({ holdTimeSec: 0 }),
  peerOpen({ holdTimeSec: 3 }),
  peerOpen({ holdTimeSec: 1 }),
  peerOpen({ myAs: 1 }, []),
  peerOpen({ bgpIdentifier: '0.0.0.0' }),
  peerOpen({ bgpIdentifier: LOCAL_ID }),
];

/** A sample event of each type; `variant` picks among payloads. */
function sampleEvent(type: FsmEventType, variant: number): FsmEvent {
  switch (type) {
    case 'ManualStop':
    case 'AutomaticStop':
      return variant % 2 ? { type, cease: { subcode: 2, shutdownCommunication: 'bye' } } : { type };
    case 'BGPOpen':
    case 'BGPOpen_with_DelayOpenTimer_running':
      return { type, open: OPENS[variant % OPENS.length] ?? peerOpen() };
    case 'BGPHeaderErr':
      return { type, error: messageError(1, 1 + (variant % 3)) };
    case 'BGPOpenMsgErr':
      return { type, error: messageError(2, 1 + (variant % 7)) };
    case 'UpdateMsgErr': {
      const actions = [
        'session-reset',
        'afi-safi-disable',
        'treat-as-withdraw',
        'attribute-discard',
      ] as const;
      return { type, error: messageError(3, 1, actions[variant % 4]) };
    }
    case 'NotifMsg':
    case 'NotifMsgVerErr':
      return { type, notification: variant % 2 ? notification(2, 1) : notification(6, 2) };
    case 'UpdateMsg':
      return variant % 2
        ? { type, update: UPDATE }
        : { type, update: { ...UPDATE, error: messageError(3, 6, 'treat-as-withdraw') } };
    case 'RouteRefreshMsg':
      return { type, message: { type: 'route-refresh', afi: 1, safi: 1, subtype: 0 } };
    default:
      return { type } as FsmEvent;
  }
}

const HAPPY: FsmEventType[] = [
  'ManualStart',
  'AutomaticStart_with_DampPeerOscillations',
  'ManualStart_with_PassiveTcpEstablishment',
  'Tcp_CR_Acked',
  'TcpConnectionConfirmed',
  'BGPOpen',
  'KeepAliveMsg',
  'UpdateMsg',
];

type Op =
  | { kind: 'event'; event: FsmEvent }
  | { kind: 'advance'; ms: number }
  | { kind: 'events'; events: FsmEvent[] };

/** The happy path from Idle, so random runs reach Established often enough to test it. */
const TO_ESTABLISHED: Op = {
  kind: 'events',
  events: [
    { type: 'ManualStart' },
    { type: 'Tcp_CR_Acked' },
    { type: 'BGPOpen', open: peerOpen() },
    { type: 'KeepAliveMsg' },
  ],
};

const arbEvent = (types: readonly FsmEventType[]) =>
  fc
    .tuple(fc.constantFrom(...types), fc.nat(20))
    .map(([type, variant]): Op => ({ kind: 'event', event: sampleEvent(type, variant) }));

const arbOp: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: arbEvent(HAPPY), weight: 4 },
  { arbitrary: arbEvent(FSM_EVENT_TYPES), weight: 3 },
  {
    arbitrary: fc.integer({ min: 0, max: 300_000 }).map((ms): Op => ({ kind: 'advance', ms })),
    weight: 2,
  },
  { arbitrary: fc.constant(TO_ESTABLISHED), weight: 1 },
);

const arbOptions: fc.Arbitrary<HarnessOptions> = fc.record({
  holdTimeSec: fc.constantFrom(0, 3, 90),
  delayOpenTimeSec: fc.constantFrom(0, 0, 4),
  sendNotificationWithoutOpen: fc.boolean(),
  dampPeerOscillations: fc.boolean(),
  random: fc
    .array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
      minLength: 1,
      maxLength: 8,
    })
    .map((values) => {
      let i = 0;
      return () => values[i++ % values.length] as number;
    }),
});

/** Timers each state may have running, given what it knows. */
function checkTimers(state: FsmState, isDamped: boolean): void {
  const running = runningTimers(state);
  switch (state.name) {
    case 'idle':
      expect(running).toEqual(isDamped && state.timers.idleHold ? ['idleHold'] : []);
      if (state.pendingStart) expect(running).toEqual(['idleHold']);
      break;
    case 'connect':
    case 'active':
      expect([['connectRetry'], ['delayOpen']]).toContainEqual(running);
      break;
    case 'opensent':
      expect(running).toEqual(['hold']);
      break;
    case 'openconfirm':
    case 'established':
      expect(running).toEqual(state.negotiated.holdTimeSec > 0 ? ['hold', 'keepalive'] : []);
      break;
  }
}

/** What must hold for any single step. */
function checkStep(before: FsmState, after: FsmState, actions: FsmAction[], isDamped: boolean) {
  expect(FSM_STATE_NAMES).toContain(after.name);
  expect(Number.isInteger(after.connectRetryCounter) && after.connectRetryCounter >= 0).toBe(true);
  if (!isDamped) expect(after.dampFailures).toBe(0);
  checkTimers(after, isDamped);
  for (const a of actions) {
    if (a.type === 'startTimer') expect(Number.isFinite(a.ms) && a.ms >= 0).toBe(true);
  }
  // A NOTIFICATION always ends the connection (RFC 4271 §4.5), sent before the close.
  const sentAt = actions.findIndex((a) => a.type === 'send' && a.message.type === 'notification');
  if (sentAt >= 0) {
    expect(after.name).toBe('idle');
    expect(actions.findIndex((a) => a.type === 'close')).toBeGreaterThan(sentAt);
  }
  const changes = actions.flatMap((a) =>
    a.type === 'emit' && a.event.type === 'stateChange' ? [a.event] : [],
  );
  if (before.name === after.name) expect(changes).toEqual([]);
  else
    expect(changes).toEqual([
      { type: 'stateChange', from: before.name, to: after.name, reason: after.reason },
    ]);
}

describe('step: properties', () => {
  it(
    'keeps any random event sequence in a valid state with consistent timers',
    () => {
      const visited = new Set<FsmStateName>();
      fc.assert(
        fc.property(arbOptions, fc.array(arbOp, { maxLength: 60 }), (options, ops) => {
          const h = new FsmHarness(options);
          const isDamped = options.dampPeerOscillations === true;
          h.onStep = (before, _event, after, actions) => {
            visited.add(after.name);
            checkStep(before, after, actions, isDamped);
            // The FSM's view of its timers is the driver's reality.
            expect(h.runningTimers()).toEqual(runningTimers(after));
          };
          for (const op of ops) {
            if (op.kind === 'event') h.feed(op.event);
            else if (op.kind === 'events') for (const e of op.events) h.feed(e);
            else h.advance(op.ms);
            expect(h.runningTimers()).toEqual(runningTimers(h.state));
          }
        }),
        { numRuns: RUNS },
      );
      expect([...visited].sort()).toEqual([...FSM_STATE_NAMES].sort());
    },
    30_000 + RUNS * 5,
  );

  /** Drives a harness into each state. */
  const reach: Record<FsmStateName, (h: FsmHarness) => void> = {
    idle: () => {},
    connect: (h) => h.feed({ type: 'ManualStart' }),
    active: (h) => h.feed({ type: 'ManualStart_with_PassiveTcpEstablishment' }),
    opensent: (h) => h.toOpenSent(),
    openconfirm: (h) => h.toOpenConfirm(),
    established: (h) => h.establish(),
  };

  const cases = FSM_STATE_NAMES.flatMap((s) =>
    FSM_EVENT_TYPES.flatMap((e) => [0, 1].map((variant) => [s, e, variant] as const)),
  );

  it.each(cases)('handles %s x %s (variant %i) without throwing', (name, type, variant) => {
    for (const options of [{}, { delayOpenTimeSec: 4, dampPeerOscillations: true }]) {
      const h = new FsmHarness(options);
      reach[name](h);
      expect(h.name).toBe(name);
      const before = h.state;
      const result = step(before, sampleEvent(type, variant), h.ctx);
      checkStep(before, result.state, result.actions, 'dampPeerOscillations' in options);
    }
  });
});
