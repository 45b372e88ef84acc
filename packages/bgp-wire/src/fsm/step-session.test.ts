/**
 * The session's life over a ManualClock: reaching Established actively and passively, the
 * hold and keepalive timers, connect retry. No sleeps: time moves only by `advance`.
 */
import { describe, expect, it } from 'vitest';
import { buildLocalOpen } from './open.js';
import { initialFsmState } from './state.js';
import { step } from './step.js';
import {
  effects,
  FsmHarness,
  LOCAL_ID,
  notificationsSent,
  PEER_AS,
  peerOpen,
} from './testing/harness.js';

// With random() = 0.5 the jitter factor is 0.875.
const CONNECT_RETRY_MS = 120_000 * 0.875;
const KEEPALIVE_MS = 30_000 * 0.875;

describe('step: reaching Established', () => {
  it('goes Idle -> Connect -> OpenSent -> OpenConfirm -> Established over our connection', () => {
    const h = new FsmHarness();
    const start = h.feed({ type: 'ManualStart' });
    expect(h.name).toBe('connect');
    expect(effects(start)).toEqual([
      { type: 'startTimer', timer: 'connectRetry', ms: CONNECT_RETRY_MS },
      { type: 'listen' },
      { type: 'connect' },
    ]);
    expect(h.state.reason).toEqual({ type: 'manual-start' });

    const connected = h.feed({ type: 'Tcp_CR_Acked' });
    expect(h.name).toBe('opensent');
    expect(effects(connected)).toEqual([
      { type: 'stopTimer', timer: 'connectRetry' },
      { type: 'send', message: buildLocalOpen(h.ctx) },
      // RFC 4271 §8.2.2: "A HoldTimer value of 4 minutes is suggested."
      { type: 'startTimer', timer: 'hold', ms: 240_000 },
    ]);

    const opened = h.feed({ type: 'BGPOpen', open: peerOpen() });
    expect(h.name).toBe('openconfirm');
    expect(effects(opened)).toEqual([
      { type: 'send', message: { type: 'keepalive' } },
      { type: 'startTimer', timer: 'keepalive', ms: KEEPALIVE_MS },
      { type: 'startTimer', timer: 'hold', ms: 90_000 },
    ]);

    const up = h.feed({ type: 'KeepAliveMsg' });
    expect(h.name).toBe('established');
    expect(h.state.reason).toEqual({ type: 'keepalive-received' });
    const events = up.flatMap((a) => (a.type === 'emit' ? [a.event.type] : []));
    expect(events).toEqual(['stateChange', 'established']);
    expect(h.runningTimers()).toEqual(['hold', 'keepalive']);
  });

  it('reports every state change with its reason, in order', () => {
    const h = new FsmHarness();
    h.establish();
    const changes = h.emitted().flatMap((e) => (e.type === 'stateChange' ? [e] : []));
    expect(changes.map((c) => `${c.from}>${c.to}:${c.reason.type}`)).toEqual([
      'idle>connect:manual-start',
      'connect>opensent:tcp-connected',
      'opensent>openconfirm:open-received',
      'openconfirm>established:keepalive-received',
    ]);
  });

  it('goes Idle -> Active -> OpenSent on a passive start, never connecting out', () => {
    const h = new FsmHarness();
    h.feed({ type: 'ManualStart_with_PassiveTcpEstablishment' });
    expect(h.name).toBe('active');
    expect(h.state.isPassive).toBe(true);
    h.feed({ type: 'TcpConnectionConfirmed' });
    expect(h.name).toBe('opensent');
    h.feed({ type: 'BGPOpen', open: peerOpen() });
    h.feed({ type: 'KeepAliveMsg' });
    expect(h.name).toBe('established');
    expect(h.actions.some((a) => a.type === 'connect')).toBe(false);
  });

  it('hands up the peer OPEN and the negotiated session when Established', () => {
    const h = new FsmHarness({ holdTimeSec: 90 });
    const open = peerOpen({ holdTimeSec: 30 });
    h.establish(open);
    const established = h.emitted().find((e) => e.type === 'established');
    expect(established).toMatchObject({
      peerOpen: open,
      negotiated: { holdTimeSec: 30, keepaliveTimeSec: 10, peerAs: PEER_AS, ibgp: false },
    });
    expect(h.state.name === 'established' && h.state.establishedAtMs).toBe(0);
  });

  it('runs no keepalive or hold timer when the negotiated hold time is 0', () => {
    const h = new FsmHarness();
    h.toOpenConfirm(peerOpen({ holdTimeSec: 0 }));
    expect(h.runningTimers()).toEqual([]);
    h.feed({ type: 'KeepAliveMsg' });
    expect(h.name).toBe('established');
    h.advance(24 * 3600_000);
    expect(h.name).toBe('established');
    expect(h.sent().filter((m) => m.type === 'keepalive')).toHaveLength(1);
  });

  it('is pure: the same state, event and context give the same result', () => {
    const h = new FsmHarness();
    const a = step(initialFsmState(), { type: 'ManualStart' }, h.ctx);
    const b = step(initialFsmState(), { type: 'ManualStart' }, h.ctx);
    expect(a).toEqual(b);
  });
});

describe('step: hold timer', () => {
  it('expires in OpenSent after 4 minutes: NOTIFICATION Hold Timer Expired, Idle', () => {
    const h = new FsmHarness();
    h.toOpenSent();
    h.advance(239_999);
    expect(h.name).toBe('opensent');
    h.advance(1);
    expect(h.name).toBe('idle');
    expect(h.state.reason.type).toBe('hold-timer-expired');
    expect(notificationsSent(h.actions)).toEqual([
      { type: 'notification', errorCode: 4, errorSubcode: 0, data: new Uint8Array(0) },
    ]);
    expect(h.state.connectRetryCounter).toBe(1);
    expect(h.runningTimers()).toEqual([]);
  });

  it('expires in OpenConfirm while our KEEPALIVEs keep going out', () => {
    const h = new FsmHarness();
    h.toOpenConfirm();
    h.advance(90_000);
    expect(h.name).toBe('idle');
    expect(h.state.reason.type).toBe('hold-timer-expired');
    // One KEEPALIVE on entering OpenConfirm, then at 26.25, 52.5 and 78.75 s.
    expect(h.sent().filter((m) => m.type === 'keepalive')).toHaveLength(4);
    expect(notificationsSent(h.actions).map((n) => n.errorCode)).toEqual([4]);
  });

  it('expires in Established unless a KEEPALIVE or UPDATE restarts it', () => {
    const h = new FsmHarness();
    h.establish();
    h.advance(80_000);
    h.feed({ type: 'KeepAliveMsg' });
    h.advance(80_000);
    h.feed({
      type: 'UpdateMsg',
      update: { type: 'update', withdrawn: [], attributes: [], nlri: [] },
    });
    h.advance(89_999);
    expect(h.name).toBe('established');
    h.advance(1);
    expect(h.name).toBe('idle');
    expect(h.state.reason).toMatchObject({
      type: 'hold-timer-expired',
      notificationSent: { errorCode: 4, errorSubcode: 0 },
    });
    expect(effects(h.actions.slice(-6)).map((a) => a.type)).toEqual([
      'send',
      'stopTimer',
      'releaseResources',
      'close',
    ]);
  });

  it('sends the NOTIFICATION before dropping the connection', () => {
    const h = new FsmHarness();
    h.establish();
    h.advance(90_000);
    const types = effects(h.actions.slice(-8)).map((a) => a.type);
    expect(types.indexOf('send')).toBeLessThan(types.indexOf('close'));
  });
});

describe('step: keepalive timer', () => {
  it('sends a KEEPALIVE and re-arms, with jitter, each time it fires', () => {
    const h = new FsmHarness();
    h.establish();
    const before = h.sent().length;
    h.advance(KEEPALIVE_MS);
    expect(h.sent().slice(before)).toEqual([{ type: 'keepalive' }]);
    expect(h.actions.at(-1)).toEqual({ type: 'startTimer', timer: 'keepalive', ms: KEEPALIVE_MS });
    h.advance(KEEPALIVE_MS);
    expect(h.sent().slice(before)).toEqual([{ type: 'keepalive' }, { type: 'keepalive' }]);
    expect(h.clock.pendingTimers()).toHaveLength(2);
  });

  it('draws a fresh jitter factor every time it re-arms', () => {
    const draws = [0, 0.999];
    let i = 0;
    const h = new FsmHarness({ random: () => draws[i++ % draws.length] as number });
    h.establish();
    h.advance(60_000);
    const keepalives = h.actions.flatMap((a) =>
      a.type === 'startTimer' && a.timer === 'keepalive' ? [a.ms] : [],
    );
    expect(new Set(keepalives).size).toBeGreaterThan(1);
    for (const ms of keepalives) {
      expect(ms).toBeGreaterThanOrEqual(22_500);
      expect(ms).toBeLessThanOrEqual(30_000);
    }
  });
});

describe('step: connect retry', () => {
  it('drops and retries the connection in Connect when the ConnectRetryTimer fires', () => {
    const h = new FsmHarness();
    h.feed({ type: 'ManualStart' });
    const before = h.actions.length;
    h.advance(CONNECT_RETRY_MS);
    expect(h.name).toBe('connect');
    expect(effects(h.actions.slice(before))).toEqual([
      { type: 'close' },
      { type: 'startTimer', timer: 'connectRetry', ms: CONNECT_RETRY_MS },
      { type: 'connect' },
    ]);
  });

  it('waits in Active after a failed connect, then tries again from Connect', () => {
    const h = new FsmHarness();
    h.feed({ type: 'ManualStart' });
    h.feed({ type: 'TcpConnectionFails' });
    expect(h.name).toBe('active');
    expect(h.state.reason.type).toBe('tcp-failed');
    expect(h.runningTimers()).toEqual(['connectRetry']);
    h.advance(CONNECT_RETRY_MS);
    expect(h.name).toBe('connect');
    expect(h.state.reason.type).toBe('connect-retry-expired');
    expect(h.actions.filter((a) => a.type === 'connect')).toHaveLength(2);
  });

  it('never connects out from a passive Active state, only re-arms the timer', () => {
    const h = new FsmHarness();
    h.feed({ type: 'AutomaticStart_with_PassiveTcpEstablishment' });
    h.advance(3 * CONNECT_RETRY_MS);
    expect(h.name).toBe('active');
    expect(h.actions.some((a) => a.type === 'connect')).toBe(false);
    expect(h.runningTimers()).toEqual(['connectRetry']);
  });

  it('returns to Active with the ConnectRetryTimer when TCP fails in OpenSent', () => {
    const h = new FsmHarness();
    h.toOpenSent();
    h.feed({ type: 'TcpConnectionFails' });
    expect(h.name).toBe('active');
    expect(h.runningTimers()).toEqual(['connectRetry']);
  });

  it('ignores a timer expiry the FSM has already stopped', () => {
    const h = new FsmHarness();
    h.feed({ type: 'ManualStart' });
    const actions = h.feed({ type: 'HoldTimer_Expires' });
    expect(h.name).toBe('connect');
    expect(actions).toEqual([
      {
        type: 'emit',
        event: { type: 'ignored', event: 'HoldTimer_Expires', reason: 'stale-timer' },
      },
    ]);
  });

  it('identifies itself with the configured BGP Identifier', () => {
    const h = new FsmHarness();
    h.toOpenSent();
    expect(h.sent()[0]).toMatchObject({ type: 'open', bgpIdentifier: LOCAL_ID, holdTimeSec: 90 });
  });
});
