import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { type CollisionInput, resolveCollision } from './collision.js';

const base: CollisionInput = {
  localId: '10.0.0.1',
  remoteId: '10.0.0.2',
  existingConnection: 'outgoing',
  existingState: 'openconfirm',
};

describe('resolveCollision', () => {
  it('keeps the peer-initiated connection when our identifier is lower (RFC 4271 §6.8)', () => {
    expect(resolveCollision(base)).toEqual({
      isCollision: true,
      keep: 'incoming',
      close: 'outgoing',
      closeExisting: true,
      reason: 'higher-identifier',
      events: { existing: [{ type: 'OpenCollisionDump' }], new: [] },
    });
  });

  it('keeps our connection when our identifier is higher, dumping the new one', () => {
    const d = resolveCollision({ ...base, localId: '10.0.0.9' });
    expect(d).toMatchObject({ keep: 'outgoing', close: 'incoming', closeExisting: false });
    expect(d.isCollision && d.events).toEqual({
      existing: [],
      new: [{ type: 'OpenCollisionDump' }],
    });
  });

  it('compares identifiers as unsigned 32-bit numbers, not strings', () => {
    const d = resolveCollision({ ...base, localId: '9.0.0.0', remoteId: '10.0.0.0' });
    expect(d).toMatchObject({ keep: 'incoming' });
    const e = resolveCollision({ ...base, localId: '200.0.0.0', remoteId: '10.0.0.0' });
    expect(e).toMatchObject({ keep: 'outgoing' });
  });

  it('decides the same way whichever connection already existed', () => {
    const d = resolveCollision({ ...base, existingConnection: 'incoming' });
    expect(d).toMatchObject({ keep: 'incoming', close: 'outgoing', closeExisting: false });
  });

  it('treats OpenSent as colliding too (the peer is known by configuration)', () => {
    expect(resolveCollision({ ...base, existingState: 'opensent' }).isCollision).toBe(true);
  });

  it('sees no collision before an OPEN exchange, or with another speaker', () => {
    for (const existingState of ['idle', 'connect', 'active'] as const) {
      expect(resolveCollision({ ...base, existingState })).toEqual({
        isCollision: false,
        reason: 'no-open-exchange',
      });
    }
    expect(resolveCollision({ ...base, existingRemoteId: '10.0.0.3' })).toEqual({
      isCollision: false,
      reason: 'different-peer',
    });
  });

  it('keeps an Established connection unless CollisionDetectEstablishedState is set', () => {
    const established = { ...base, existingState: 'established' as const };
    expect(resolveCollision(established)).toMatchObject({
      keep: 'outgoing',
      closeExisting: false,
      reason: 'established-wins',
    });
    expect(
      resolveCollision({ ...established, collisionDetectEstablishedState: true }),
    ).toMatchObject({ keep: 'incoming', closeExisting: true, reason: 'higher-identifier' });
  });

  it('breaks equal identifiers by AS number (RFC 6286 §2.3)', () => {
    const same = { ...base, remoteId: base.localId };
    expect(resolveCollision({ ...same, localAs: 65001, remoteAs: 65002 })).toMatchObject({
      keep: 'incoming',
      reason: 'equal-identifier-larger-as',
    });
    expect(resolveCollision({ ...same, localAs: 65003, remoteAs: 65002 })).toMatchObject({
      keep: 'outgoing',
    });
    expect(resolveCollision(same)).toMatchObject({
      keep: 'outgoing',
      reason: 'equal-identifier-keep-existing',
    });
  });

  it.prop([fc.ipV4(), fc.ipV4(), fc.constantFrom('outgoing', 'incoming' as const)])(
    'always closes exactly one connection, and both ends agree on which',
    (a, b, existing) => {
      fc.pre(a !== b);
      const ours = resolveCollision({
        ...base,
        localId: a,
        remoteId: b,
        existingConnection: existing,
      });
      // The peer runs the same procedure with the roles swapped: its outgoing is our incoming.
      const flip = existing === 'outgoing' ? 'incoming' : 'outgoing';
      const theirs = resolveCollision({
        ...base,
        localId: b,
        remoteId: a,
        existingConnection: flip,
      });
      if (!ours.isCollision || !theirs.isCollision) throw new Error('expected a collision');
      expect(ours.keep).not.toBe(ours.close);
      expect(theirs.keep).toBe(ours.keep === 'outgoing' ? 'incoming' : 'outgoing');
    },
  );
});
