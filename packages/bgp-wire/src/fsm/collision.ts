/**
 * Connection collision resolution (RFC 4271 §6.8, RFC 6286 §2.3) as a pure decision. The
 * driver owns the two connections and their two FSMs; this says which one survives and which
 * FSM is fed OpenCollisionDump (event 23), whose handling sends Cease / Connection Collision
 * Resolution (RFC 4486) and goes to Idle.
 */

import type { FsmEvent } from './events.js';
import { parseBgpIdentifier } from './identifier.js';
import type { FsmStateName } from './state.js';

/** Who opened a TCP connection: we did (`outgoing`) or the peer did (`incoming`). */
export type ConnectionDirection = 'outgoing' | 'incoming';

/** What {@link resolveCollision} compares. */
export interface CollisionInput {
  /** Our BGP Identifier. */
  readonly localId: string;
  /** The identifier in the OPEN just received on the new connection. */
  readonly remoteId: string;
  /** Direction of the connection that already existed; the new one is the other direction. */
  readonly existingConnection: ConnectionDirection;
  /** The existing connection's FSM state. */
  readonly existingState: FsmStateName;
  /** The identifier the existing connection's peer announced, once its OPEN arrived. */
  readonly existingRemoteId?: string;
  /**
   * RFC 4271 §8.1.1 CollisionDetectEstablishedState: also resolve collisions with an
   * Established connection by identifier. Off (default): Established always wins (§6.8).
   */
  readonly collisionDetectEstablishedState?: boolean;
  /** RFC 6286 §2.3 tie-break when the identifiers are equal (allowed on eBGP). */
  readonly localAs?: number;
  readonly remoteAs?: number;
}

/** Why a collision was decided the way it was. */
export type CollisionReason =
  /** §6.8 step 2/3: the connection initiated by the higher BGP Identifier survives. */
  | 'higher-identifier'
  /** RFC 6286 §2.3: equal identifiers, the connection initiated by the larger AS survives. */
  | 'equal-identifier-larger-as'
  /** §6.8: a collision with an Established connection closes the new one. */
  | 'established-wins'
  /** Equal identifiers and no AS numbers to tell them apart: keep what exists. */
  | 'equal-identifier-keep-existing';

/** No collision, or which connection survives and which FSM gets OpenCollisionDump. */
export type CollisionDecision =
  | {
      readonly isCollision: false;
      /**
       * `no-open-exchange`: the existing connection is Idle/Connect/Active, so no OPEN race;
       * `different-peer`: the existing connection's peer announced another identifier.
       */
      readonly reason: 'no-open-exchange' | 'different-peer';
    }
  | {
      readonly isCollision: true;
      readonly keep: ConnectionDirection;
      readonly close: ConnectionDirection;
      /** True when the existing connection is the one closed. */
      readonly closeExisting: boolean;
      readonly reason: CollisionReason;
      /**
       * Events to feed each connection's FSM: OpenCollisionDump to the loser, nothing to the
       * winner (the new connection then gets its BGPOpen as usual, if it won).
       */
      readonly events: { readonly existing: FsmEvent[]; readonly new: FsmEvent[] };
    };

const other = (d: ConnectionDirection): ConnectionDirection =>
  d === 'outgoing' ? 'incoming' : 'outgoing';

function decided(
  input: CollisionInput,
  keep: ConnectionDirection,
  reason: CollisionReason,
): CollisionDecision {
  const closeExisting = keep !== input.existingConnection;
  const dump: FsmEvent[] = [{ type: 'OpenCollisionDump' }];
  return {
    isCollision: true,
    keep,
    close: other(keep),
    closeExisting,
    reason,
    events: { existing: closeExisting ? dump : [], new: closeExisting ? [] : dump },
  };
}

/** Identifiers as numbers; an unparsable one counts as 0 (it would fail validatePeerOpen anyway). */
const idValue = (id: string): number => parseBgpIdentifier(id) ?? 0;

/**
 * Decides a connection collision when an OPEN arrives on a new connection while another
 * connection to the same peer exists.
 *
 * **When to use:** in the session driver, on every OPEN received while a second connection
 * to the same configured peer exists, before feeding BGPOpen to the new connection's FSM.
 *
 * **Gotchas:** §6.8 requires examining connections in OpenConfirm and allows OpenSent when
 * the peer's identity is known otherwise; a configured peer address is such knowledge, so
 * both count here. Equal identifiers happen legitimately on eBGP (RFC 6286); without AS
 * numbers to break the tie the existing connection is kept.
 *
 * @example
 * ```ts
 * const d = resolveCollision({
 *   localId: '10.0.0.1', remoteId: '10.0.0.2',
 *   existingConnection: 'outgoing', existingState: 'openconfirm',
 * });
 * // local < remote: the peer-initiated (incoming, new) connection wins
 * // d = { isCollision: true, keep: 'incoming', close: 'outgoing', closeExisting: true, ... }
 * ```
 */
export function resolveCollision(input: CollisionInput): CollisionDecision {
  const { existingState } = input;
  if (existingState === 'idle' || existingState === 'connect' || existingState === 'active') {
    return { isCollision: false, reason: 'no-open-exchange' };
  }
  if (input.existingRemoteId !== undefined && input.existingRemoteId !== input.remoteId) {
    return { isCollision: false, reason: 'different-peer' };
  }
  // §6.8: "a connection collision with an existing BGP connection that is in the Established
  // state causes closing of the newly created connection", unless configured otherwise.
  if (existingState === 'established' && !input.collisionDetectEstablishedState) {
    return decided(input, input.existingConnection, 'established-wins');
  }
  const local = idValue(input.localId);
  const remote = idValue(input.remoteId);
  if (local !== remote) {
    // §6.8 step 2: local < remote -> the remote-initiated connection survives; else ours.
    return decided(input, local < remote ? 'incoming' : 'outgoing', 'higher-identifier');
  }
  const { localAs, remoteAs } = input;
  if (localAs !== undefined && remoteAs !== undefined && localAs !== remoteAs) {
    // RFC 6286 §2.3: the connection initiated by the speaker with the larger AS is preserved.
    return decided(
      input,
      localAs < remoteAs ? 'incoming' : 'outgoing',
      'equal-identifier-larger-as',
    );
  }
  return decided(input, input.existingConnection, 'equal-identifier-keep-existing');
}
