/**
 * Stops, OPEN rejections, message errors, unexpected messages, peer NOTIFICATIONs and
 * collisions: the NOTIFICATION sent (code/subcode/data), the reason, the counters.
 */
import { describe, expect, it } from 'vitest';
import { AS_TRANS, CeaseSubcode, ErrorCode } from '../codec/constants.js';
import type { UpdateMessage } from '../codec/types.js';
import type { FsmEvent } from './events.js';
import { errorToEvent, messageToEvent } from './events.js';
import {
  effects,
  FsmHarness,
  LOCAL_ID,
  messageError,
  notification,
  notificationsSent,
  PEER_AS,
  peerOpen,
} from './testing/harness.js';

const EMPTY_UPDATE: UpdateMessage = { type: 'update', withdrawn: [], attributes: [], nlri: [] };

describe('step: ManualStop and AutomaticStop', () => {
  it('sends Cease / Administrative Shutdown from Established, resets the counter, goes Idle', () => {
    const h = new FsmHarness();
    h.establish();
    const actions = h.feed({ type: 'ManualStop' });
    expect(h.name).toBe('idle');
    expect(h.state.reason.type).toBe('manual-stop');
    expect(h.state.connectRetryCounter).toBe(0);
    expect(effects(actions)).toEqual([
      {
        type: 'send',
        message: {
          type: 'notification',
          errorCode: ErrorCode.CEASE,
          errorSubcode: CeaseSubcode.ADMINISTRATIVE_SHUTDOWN,
          data: new Uint8Array(0),
        },
      },
      { type: 'stopTimer', timer: 'hold' },
      { type: 'stopTimer', timer: 'keepalive' },
      { type: 'releaseResources' },
      { type: 'close' },
    ]);
    expect(h.runningTimers()).toEqual([]);
  });

  it('carries an RFC 9003 Shutdown Communication', () => {
    const h = new FsmHarness();
    h.establish();
    const actions = h.feed({ type: 'ManualStop', cease: { shutdownCommunication: 'maint' } });
    const [n] = notificationsSent(actions);
    expect(n?.data).toEqual(Uint8Array.of(5, ...new TextEncoder().encode('maint')));
    expect(n?.shutdownCommunication).toBe('maint');
  });

  it('sends nothing from Connect, where no OPEN went out', () => {
    const h = new FsmHarness();
    h.feed({ type: 'ManualStart' });
    const actions = h.feed({ type: 'ManualStop' });
    expect(h.name).toBe('idle');
    expect(notificationsSent(actions)).toEqual([]);
    expect(effects(actions)).toEqual([
      { type: 'stopTimer', timer: 'connectRetry' },
      { type: 'releaseResources' },
      { type: 'close' },
    ]);
  });

  it('counts an AutomaticStop as a failure and sends the requested Cease subcode', () => {
    const h = new FsmHarness();
    h.establish();
    const actions = h.feed({
      type: 'AutomaticStop',
      cease: { subcode: CeaseSubcode.MAXIMUM_PREFIXES_REACHED },
    });
    expect(h.state.reason.type).toBe('automatic-stop');
    expect(h.state.connectRetryCounter).toBe(1);
    expect(notificationsSent(actions)).toMatchObject([{ errorCode: 6, errorSubcode: 1 }]);
  });
});

describe('step: the peer OPEN against our configuration', () => {
  function rejects(open: ReturnType<typeof peerOpen>, subcode: number, ctx = {}) {
    const h = new FsmHarness(ctx);
    h.toOpenSent();
    const actions = h.feed({ type: 'BGPOpen', open });
    expect(h.name).toBe('idle');
    expect(h.state.reason.type).toBe('open-error');
    expect(h.state.connectRetryCounter).toBe(1);
    expect(notificationsSent(actions)).toMatchObject([
      { errorCode: ErrorCode.OPEN_MESSAGE_ERROR, errorSubcode: subcode },
    ]);
  }

  it('answers a wrong peer AS with Bad Peer AS', () => {
    rejects(peerOpen({ myAs: 65000 }, [{ type: 'four-octet-as', asn: 65000 }]), 2);
  });

  it('uses the four-octet-as capability ASN over My Autonomous System (RFC 6793)', () => {
    const wide = 4_200_000_000;
    const h = new FsmHarness({ peerAs: wide });
    h.toOpenSent();
    h.feed({
      type: 'BGPOpen',
      open: peerOpen({ myAs: AS_TRANS }, [{ type: 'four-octet-as', asn: wide }]),
    });
    expect(h.name).toBe('openconfirm');
    rejects(peerOpen({ myAs: PEER_AS }, [{ type: 'four-octet-as', asn: wide }]), 2);
  });

  it('answers hold time 1 or 2 with Unacceptable Hold Time', () => {
    rejects(peerOpen({ holdTimeSec: 1 }), 6);
    rejects(peerOpen({ holdTimeSec: 2 }), 6);
  });

  it('answers identifier 0.0.0.0, or ours on iBGP, with Bad BGP Identifier', () => {
    rejects(peerOpen({ bgpIdentifier: '0.0.0.0' }), 3);
    rejects(
      peerOpen({ myAs: 64512, bgpIdentifier: LOCAL_ID }, [{ type: 'four-octet-as', asn: 64512 }]),
      3,
      { peerAs: 64512 },
    );
  });

  it('accepts our own identifier from an eBGP peer (RFC 6286 §2.2)', () => {
    const h = new FsmHarness();
    h.toOpenSent();
    h.feed({ type: 'BGPOpen', open: peerOpen({ bgpIdentifier: LOCAL_ID }) });
    expect(h.name).toBe('openconfirm');
  });
});

describe('step: message errors (RFC 4271 §6)', () => {
  it('answers a header error with its own NOTIFICATION code, subcode and data', () => {
    const h = new FsmHarness();
    h.toOpenSent();
    const error = messageError(1, 2, 'session-reset', Uint8Array.of(0x10, 0x01));
    const actions = h.feed({ type: 'BGPHeaderErr', error });
    expect(h.name).toBe('idle');
    expect(h.state.reason.type).toBe('header-error');
    expect(notificationsSent(actions)).toEqual([
      { type: 'notification', errorCode: 1, errorSubcode: 2, data: Uint8Array.of(0x10, 0x01) },
    ]);
  });

  it('resets the session on an UPDATE error whose action is session-reset', () => {
    const h = new FsmHarness();
    h.establish();
    const actions = h.feed({ type: 'UpdateMsgErr', error: messageError(3, 1) });
    expect(h.name).toBe('idle');
    expect(h.state.reason.type).toBe('update-error');
    expect(notificationsSent(actions)).toMatchObject([{ errorCode: 3, errorSubcode: 1 }]);
  });

  it('keeps the session and delivers a treat-as-withdraw UPDATE up (RFC 7606)', () => {
    const h = new FsmHarness();
    h.establish();
    const update = { ...EMPTY_UPDATE, error: messageError(3, 6, 'treat-as-withdraw') };
    const actions = h.feed({ type: 'UpdateMsg', update });
    expect(h.name).toBe('established');
    expect(notificationsSent(actions)).toEqual([]);
    expect(actions).toContainEqual({ type: 'emit', event: { type: 'update', update } });
    expect(actions).toContainEqual({ type: 'startTimer', timer: 'hold', ms: 90_000 });
  });

  it('keeps the session on an attribute-discard UPDATE', () => {
    const h = new FsmHarness();
    h.establish();
    const update = { ...EMPTY_UPDATE, error: messageError(3, 9, 'attribute-discard') };
    h.feed({ type: 'UpdateMsg', update });
    expect(h.name).toBe('established');
  });

  it('reports a non-reset UpdateMsgErr up and keeps the session', () => {
    const h = new FsmHarness();
    h.establish();
    const error = messageError(3, 9, 'afi-safi-disable');
    const actions = h.feed({ type: 'UpdateMsgErr', error });
    expect(h.name).toBe('established');
    expect(actions).toContainEqual({ type: 'emit', event: { type: 'updateError', error } });
  });
});

describe('step: unexpected messages (RFC 6608)', () => {
  it.each([
    ['opensent', { type: 'KeepAliveMsg' }, 1, 4],
    ['opensent', { type: 'UpdateMsg', update: EMPTY_UPDATE }, 1, 2],
    ['openconfirm', { type: 'UpdateMsg', update: EMPTY_UPDATE }, 2, 2],
    ['openconfirm', { type: 'BGPOpen', open: peerOpen() }, 2, 1],
    ['established', { type: 'BGPOpen', open: peerOpen() }, 3, 1],
  ] as const)(
    'in %s, %o -> FSM Error subcode %i, data = message type %i',
    (state, event, sub, type) => {
      const h = new FsmHarness();
      if (state === 'opensent') h.toOpenSent();
      else if (state === 'openconfirm') h.toOpenConfirm();
      else h.establish();
      const actions = h.feed(event as FsmEvent);
      expect(h.name).toBe('idle');
      expect(h.state.reason.type).toBe('fsm-error');
      expect(notificationsSent(actions)).toEqual([
        { type: 'notification', errorCode: 5, errorSubcode: sub, data: Uint8Array.of(type) },
      ]);
    },
  );

  it('drops the connection silently on a KEEPALIVE in Connect (no OPEN sent yet)', () => {
    const h = new FsmHarness();
    h.feed({ type: 'ManualStart' });
    const actions = h.feed({ type: 'KeepAliveMsg' });
    expect(h.name).toBe('idle');
    expect(h.state.reason.type).toBe('fsm-error');
    expect(notificationsSent(actions)).toEqual([]);
  });
});

describe('step: NOTIFICATION from the peer', () => {
  it('goes Idle without answering, counting the failure', () => {
    const h = new FsmHarness();
    h.establish();
    const n = notification(ErrorCode.CEASE, CeaseSubcode.ADMINISTRATIVE_RESET);
    const actions = h.feed({ type: 'NotifMsg', notification: n });
    expect(h.name).toBe('idle');
    expect(h.state.reason).toEqual({ type: 'notification-received', notificationReceived: n });
    expect(h.state.connectRetryCounter).toBe(1);
    expect(notificationsSent(actions)).toEqual([]);
    expect(actions).toContainEqual({
      type: 'emit',
      event: { type: 'notificationReceived', notification: n },
    });
  });

  it('does not count a version error in OpenSent (event 24), even when fed as NotifMsg', () => {
    const h = new FsmHarness();
    h.toOpenSent();
    h.feed({ type: 'NotifMsg', notification: notification(2, 1) });
    expect(h.name).toBe('idle');
    expect(h.state.connectRetryCounter).toBe(0);
  });

  it('goes Idle from OpenSent on a NOTIFICATION (event 25) without sending one', () => {
    const h = new FsmHarness();
    h.toOpenSent();
    const actions = h.feed({ type: 'NotifMsg', notification: notification(6, 2) });
    expect(h.name).toBe('idle');
    expect(notificationsSent(actions)).toEqual([]);
  });
});

describe('step: OpenCollisionDump', () => {
  it('sends Cease / Connection Collision Resolution from OpenConfirm', () => {
    const h = new FsmHarness();
    h.toOpenConfirm();
    const actions = h.feed({ type: 'OpenCollisionDump' });
    expect(h.name).toBe('idle');
    expect(h.state.reason.type).toBe('collision');
    expect(notificationsSent(actions)).toMatchObject([{ errorCode: 6, errorSubcode: 7 }]);
  });

  it.each(['opensent', 'established'] as const)('does the same from %s', (state) => {
    const h = new FsmHarness();
    if (state === 'opensent') h.toOpenSent();
    else h.establish();
    const actions = h.feed({ type: 'OpenCollisionDump' });
    expect(h.state.reason.type).toBe('collision');
    expect(notificationsSent(actions)).toMatchObject([{ errorCode: 6, errorSubcode: 7 }]);
  });

  it('only drops the connection from Connect, and is ignored in Idle', () => {
    const h = new FsmHarness();
    expect(h.feed({ type: 'OpenCollisionDump' })).toEqual([
      { type: 'emit', event: { type: 'ignored', event: 'OpenCollisionDump', reason: 'idle' } },
    ]);
    h.feed({ type: 'ManualStart' });
    const actions = h.feed({ type: 'OpenCollisionDump' });
    expect(h.name).toBe('idle');
    expect(notificationsSent(actions)).toEqual([]);
  });
});

describe('step: Idle', () => {
  it('refuses an incoming connection', () => {
    const h = new FsmHarness();
    const actions = h.feed({ type: 'TcpConnectionConfirmed' });
    expect(h.name).toBe('idle');
    expect(effects(actions)).toEqual([{ type: 'close' }]);
  });

  it('ignores start events once started', () => {
    const h = new FsmHarness();
    h.feed({ type: 'ManualStart' });
    const actions = h.feed({ type: 'AutomaticStart' });
    expect(actions).toEqual([
      {
        type: 'emit',
        event: { type: 'ignored', event: 'AutomaticStart', reason: 'already-started' },
      },
    ]);
  });
});

describe('messageToEvent / errorToEvent', () => {
  it('maps each message type to its event', () => {
    expect(messageToEvent(peerOpen()).type).toBe('BGPOpen');
    expect(messageToEvent(EMPTY_UPDATE).type).toBe('UpdateMsg');
    expect(messageToEvent({ type: 'keepalive' }).type).toBe('KeepAliveMsg');
    expect(messageToEvent(notification(6, 2)).type).toBe('NotifMsg');
    expect(messageToEvent(notification(2, 1)).type).toBe('NotifMsgVerErr');
    expect(messageToEvent({ type: 'route-refresh', afi: 1, safi: 1, subtype: 0 }).type).toBe(
      'RouteRefreshMsg',
    );
  });

  it('maps errors by RFC 4271 error code', () => {
    expect(errorToEvent(messageError(1, 2)).type).toBe('BGPHeaderErr');
    expect(errorToEvent(messageError(2, 2)).type).toBe('BGPOpenMsgErr');
    expect(errorToEvent(messageError(3, 1)).type).toBe('UpdateMsgErr');
    expect(errorToEvent(messageError(7, 1)).type).toBe('BGPHeaderErr');
  });
});
