/**
 * The optional session attributes of RFC 4271 §8.1.1: DelayOpen, SendNOTIFICATIONwithoutOPEN
 * and DampPeerOscillations (IdleHoldTimer with exponential backoff).
 */
import { describe, expect, it } from 'vitest';
import { buildLocalOpen } from './open.js';
import {
  effects,
  FsmHarness,
  messageError,
  notification,
  notificationsSent,
  peerOpen,
} from './testing/harness.js';

describe('step: DelayOpen', () => {
  const options = { delayOpenTimeSec: 5 };

  it('holds our OPEN back after connecting, then sends it when the DelayOpenTimer fires', () => {
    const h = new FsmHarness(options);
    h.feed({ type: 'ManualStart' });
    const connected = h.feed({ type: 'Tcp_CR_Acked' });
    expect(h.name).toBe('connect');
    expect(effects(connected)).toEqual([
      { type: 'stopTimer', timer: 'connectRetry' },
      { type: 'startTimer', timer: 'delayOpen', ms: 5_000 },
    ]);
    expect(h.sent()).toEqual([]);
    h.advance(5_000);
    expect(h.name).toBe('opensent');
    expect(h.state.reason.type).toBe('delay-open-expired');
    expect(h.sent()).toEqual([buildLocalOpen(h.ctx)]);
    expect(h.runningTimers()).toEqual(['hold']);
  });

  it('answers a peer OPEN during the delay with OPEN then KEEPALIVE, to OpenConfirm', () => {
    const h = new FsmHarness(options);
    h.feed({ type: 'ManualStart_with_PassiveTcpEstablishment' });
    h.feed({ type: 'TcpConnectionConfirmed' });
    expect(h.name).toBe('active');
    h.advance(2_000);
    h.feed({ type: 'BGPOpen', open: peerOpen() });
    expect(h.name).toBe('openconfirm');
    expect(h.sent().map((m) => m.type)).toEqual(['open', 'keepalive']);
    expect(h.runningTimers()).toEqual(['hold', 'keepalive']);
    h.feed({ type: 'KeepAliveMsg' });
    expect(h.name).toBe('established');
  });

  it('rejects a bad OPEN during the delay without a NOTIFICATION by default', () => {
    const h = new FsmHarness(options);
    h.feed({ type: 'ManualStart' });
    h.feed({ type: 'Tcp_CR_Acked' });
    const actions = h.feed({ type: 'BGPOpen', open: peerOpen({ holdTimeSec: 2 }) });
    expect(h.name).toBe('idle');
    expect(h.state.reason.type).toBe('open-error');
    expect(notificationsSent(actions)).toEqual([]);
  });

  it('sends the NOTIFICATION before our OPEN with SendNOTIFICATIONwithoutOPEN', () => {
    const h = new FsmHarness({ ...options, sendNotificationWithoutOpen: true });
    h.feed({ type: 'ManualStart' });
    h.feed({ type: 'Tcp_CR_Acked' });
    const actions = h.feed({ type: 'BGPHeaderErr', error: messageError(1, 1) });
    expect(h.name).toBe('idle');
    expect(notificationsSent(actions)).toMatchObject([{ errorCode: 1, errorSubcode: 1 }]);
  });

  it('goes Idle without counting on a version-error NOTIFICATION during the delay', () => {
    const h = new FsmHarness(options);
    h.feed({ type: 'ManualStart' });
    h.feed({ type: 'Tcp_CR_Acked' });
    h.feed({ type: 'NotifMsgVerErr', notification: notification(2, 1) });
    expect(h.name).toBe('idle');
    expect(h.state.connectRetryCounter).toBe(0);
  });

  it('falls back to Active with the ConnectRetryTimer when TCP fails during the delay', () => {
    const h = new FsmHarness(options);
    h.feed({ type: 'ManualStart' });
    h.feed({ type: 'Tcp_CR_Acked' });
    h.feed({ type: 'TcpConnectionFails' });
    expect(h.name).toBe('active');
    expect(h.runningTimers()).toEqual(['connectRetry']);
  });
});

/** One failed session: start (damped), connect, OPEN out, the peer's NOTIFICATION. */
function failOnce(h: FsmHarness): void {
  h.feed({ type: 'AutomaticStart_with_DampPeerOscillations' });
  if (h.name === 'idle') h.clock.runNext(); // the deferred start runs when IdleHold expires
  h.feed({ type: 'Tcp_CR_Acked' });
  h.feed({ type: 'NotifMsg', notification: notification(6, 4) });
}

function idleHoldStarts(h: FsmHarness): number[] {
  return h.actions.flatMap((a) =>
    a.type === 'startTimer' && a.timer === 'idleHold' ? [a.ms] : [],
  );
}

describe('step: DampPeerOscillations', () => {
  it('keeps Idle for the IdleHoldTimer after a failure, deferring an automatic start', () => {
    const h = new FsmHarness({ dampPeerOscillations: true });
    failOnce(h);
    expect(h.name).toBe('idle');
    expect(h.runningTimers()).toEqual(['idleHold']);
    const actions = h.feed({ type: 'AutomaticStart_with_DampPeerOscillations' });
    expect(h.name).toBe('idle');
    expect(actions).toEqual([{ type: 'emit', event: { type: 'startDeferred', mode: 'active' } }]);
    h.advance(4_999);
    expect(h.name).toBe('idle');
    h.advance(1);
    expect(h.name).toBe('connect');
    expect(h.state.reason.type).toBe('idle-hold-expired');
  });

  it('doubles the backoff per consecutive failure from 5 s up to the 120 s cap', () => {
    const h = new FsmHarness({ dampPeerOscillations: true });
    for (let i = 0; i < 8; i++) failOnce(h);
    expect(idleHoldStarts(h)).toEqual([5, 10, 20, 40, 80, 120, 120, 120].map((s) => s * 1000));
    expect(h.state.dampFailures).toBe(8);
  });

  it('honours configured numbers', () => {
    const h = new FsmHarness({
      dampPeerOscillations: { idleHoldTimeSec: 1, maxIdleHoldTimeSec: 3 },
    });
    for (let i = 0; i < 4; i++) failOnce(h);
    expect(idleHoldStarts(h)).toEqual([1_000, 2_000, 3_000, 3_000]);
  });

  it('forgets earlier failures after a stable Established period (300 s)', () => {
    const h = new FsmHarness({ dampPeerOscillations: true });
    for (let i = 0; i < 3; i++) failOnce(h);
    h.clock.runNext();
    h.feed({ type: 'AutomaticStart_with_DampPeerOscillations' });
    h.feed({ type: 'Tcp_CR_Acked' });
    h.feed({ type: 'BGPOpen', open: peerOpen({ holdTimeSec: 0 }) });
    h.feed({ type: 'KeepAliveMsg' });
    h.advance(300_000);
    h.feed({ type: 'NotifMsg', notification: notification(6, 4) });
    expect(idleHoldStarts(h).at(-1)).toBe(5_000);
    expect(h.state.dampFailures).toBe(1);
  });

  it('keeps counting after a short Established period', () => {
    const h = new FsmHarness({ dampPeerOscillations: true });
    for (let i = 0; i < 3; i++) failOnce(h);
    h.clock.runNext();
    h.feed({ type: 'AutomaticStart_with_DampPeerOscillations' });
    h.feed({ type: 'Tcp_CR_Acked' });
    h.feed({ type: 'BGPOpen', open: peerOpen({ holdTimeSec: 0 }) });
    h.feed({ type: 'KeepAliveMsg' });
    h.advance(299_999);
    h.feed({ type: 'NotifMsg', notification: notification(6, 4) });
    expect(idleHoldStarts(h).at(-1)).toBe(40_000);
  });

  it('lets ManualStart override the hold, and ManualStop cancel a deferred start', () => {
    const h = new FsmHarness({ dampPeerOscillations: true });
    failOnce(h);
    h.feed({ type: 'AutomaticStart_with_DampPeerOscillations' });
    h.feed({ type: 'ManualStop' });
    expect(h.runningTimers()).toEqual([]);
    expect(h.state).toMatchObject({ name: 'idle', dampFailures: 0 });
    expect(h.state.name === 'idle' && h.state.pendingStart).toBeUndefined();
    h.advance(600_000);
    expect(h.name).toBe('idle');
    failOnce(h);
    h.feed({ type: 'ManualStart' });
    expect(h.name).toBe('connect');
    expect(h.runningTimers()).toEqual(['connectRetry']);
  });

  it('does nothing when damping is off: no IdleHoldTimer, automatic starts run at once', () => {
    const h = new FsmHarness();
    failOnce(h);
    expect(h.runningTimers()).toEqual([]);
    h.feed({ type: 'AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment' });
    expect(h.name).toBe('active');
    expect(h.state.dampFailures).toBe(0);
  });

  it('does not damp an operator stop', () => {
    const h = new FsmHarness({ dampPeerOscillations: true });
    h.establish();
    h.feed({ type: 'ManualStop' });
    expect(h.runningTimers()).toEqual([]);
    expect(h.state.dampFailures).toBe(0);
  });
});
