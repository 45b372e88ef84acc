import { describe, expect, it } from 'vitest';
import { BgpError } from '../codec/errors.js';
import { createFsmContext, DEFAULT_DAMP_CONFIG, type FsmContextOptions } from './context.js';
import { ceaseNotification, fsmErrorNotification } from './notifications.js';

const required: FsmContextOptions = {
  localAs: 64512,
  bgpIdentifier: '192.0.2.1',
  peerAs: 64513,
  random: () => 0.5,
  now: () => 0,
};

describe('createFsmContext', () => {
  it('fills RFC 4271 §10 defaults, DelayOpen and damping off', () => {
    expect(createFsmContext(required)).toMatchObject({
      holdTimeSec: 90,
      connectRetryTimeSec: 120,
      delayOpenTimeSec: 0,
      capabilities: [],
      sendNotificationWithoutOpen: false,
      dampPeerOscillations: undefined,
    });
  });

  it('resolves damping from true or from partial numbers', () => {
    expect(
      createFsmContext({ ...required, dampPeerOscillations: true }).dampPeerOscillations,
    ).toEqual(DEFAULT_DAMP_CONFIG);
    expect(
      createFsmContext({ ...required, dampPeerOscillations: { stableTimeSec: 60 } })
        .dampPeerOscillations,
    ).toEqual({ idleHoldTimeSec: 5, maxIdleHoldTimeSec: 120, stableTimeSec: 60 });
  });

  it.each<[string, Partial<FsmContextOptions>]>([
    ['hold time 1 (RFC 4271 §4.2)', { holdTimeSec: 1 }],
    ['hold time 2', { holdTimeSec: 2 }],
    ['hold time over 65535', { holdTimeSec: 70_000 }],
    ['local AS 0 (RFC 7607)', { localAs: 0 }],
    ['a fractional peer AS', { peerAs: 1.5 }],
    ['identifier 0.0.0.0', { bgpIdentifier: '0.0.0.0' }],
    ['a non-IPv4 identifier', { bgpIdentifier: 'router-1' }],
    ['connect retry 0', { connectRetryTimeSec: 0 }],
    [
      'a damping cap below its base',
      { dampPeerOscillations: { idleHoldTimeSec: 10, maxIdleHoldTimeSec: 5 } },
    ],
  ])('rejects %s', (_, bad) => {
    expect(() => createFsmContext({ ...required, ...bad })).toThrow(BgpError);
    try {
      createFsmContext({ ...required, ...bad });
    } catch (e) {
      expect((e as BgpError).code).toBe('BGP_ERR_INVALID_ARGUMENT');
    }
  });
});

describe('NOTIFICATION builders', () => {
  it('cuts a long Shutdown Communication at 255 bytes on a character boundary (RFC 9003 §2)', () => {
    const n = ceaseNotification({ shutdownCommunication: 'é'.repeat(200) }, 2);
    expect(n.data[0]).toBe(254);
    expect(n.data.length).toBe(255);
    expect(n.shutdownCommunication).toBe('é'.repeat(127));
  });

  it('attaches a Shutdown Communication only to subcodes 2 and 4', () => {
    expect(ceaseNotification({ subcode: 4, shutdownCommunication: 'x' }, 2).data).toEqual(
      Uint8Array.of(1, 0x78),
    );
    expect(ceaseNotification({ subcode: 3, shutdownCommunication: 'x' }, 2).data).toEqual(
      new Uint8Array(0),
    );
  });

  it('uses FSM Error subcode 0 without data for non-message events', () => {
    expect(fsmErrorNotification('opensent', { type: 'DelayOpenTimer_Expires' })).toEqual({
      type: 'notification',
      errorCode: 5,
      errorSubcode: 0,
      data: new Uint8Array(0),
    });
  });
});
