/**
 * @baremetal-lb/bgp-wire: BGP-4 for Node.js.
 *
 * Layout, by concern (codec <- fsm <- transport/speaker; the codec imports nothing else):
 * - `codec/`: pure bytes <-> objects. `framer.ts` cuts a TCP byte stream into whole messages
 *   (zero-copy views); `message.ts` reads the header and dispatches to `open.ts`,
 *   `update.ts`, `notification.ts`, `keepalive.ts`, `route-refresh.ts`. UPDATE path
 *   attributes go through one descriptor table (`attributes/table.ts`), capabilities through
 *   another (`capabilities/table.ts`). `update-validate.ts` applies RFC 7606 and keeps the
 *   strongest fault. `packer.ts` fills UPDATEs up to the negotiated size.
 * - rx path: socket chunk -> MessageFramer.push -> decodeMessage(view, ctx) -> BgpMessage,
 *   or a BgpMessageError carrying the NOTIFICATION's code/subcode/data and the RFC 7606
 *   action. tx path: BgpMessage -> encodeMessageInto(caller's buffer) or packUpdates.
 *
 * - `transport/`: the only files that touch sockets (node:net; `@baremetal-lb/native-net`,
 *   loaded on demand, for TCP-MD5 / TTL / GTSM). `session/`: `BgpSession` drives the FSM for
 *   one peer, collisions, Adj-RIB-Out/In. `speaker/`: `BgpSpeaker`, many peers, eBGP/iBGP rules,
 *   drain, MetalLB's metric names. `cli/`: `bgp-wire decode` and `bgp-wire speak`.
 *
 * Only what is exported here is public API.
 */

export type { Clock, PendingTimer, Timer } from './clock.js';
// Clock (inject ManualClock in tests)
export { ManualClock, systemClock } from './clock.js';
export type { WellKnownCommunityName } from './codec/attributes/communities.js';
// Attribute helpers
export { communityName, WELL_KNOWN_COMMUNITIES } from './codec/attributes/communities.js';
export { forPropagation } from './codec/attributes/unknown.js';
// Protocol numbers
export {
  Afi,
  AS_TRANS,
  AttrFlag,
  AttrType,
  CapabilityCode,
  CeaseSubcode,
  ErrorCode,
  FsmErrorSubcode,
  HEADER_LENGTH,
  HeaderErrorSubcode,
  MAX_EXTENDED_MESSAGE_LENGTH,
  MAX_MESSAGE_LENGTH,
  MessageType,
  OpenErrorSubcode,
  RouteRefreshErrorSubcode,
  RouteRefreshSubtype,
  Safi,
  UpdateErrorSubcode,
} from './codec/constants.js';
export type { CodecContext } from './codec/context.js';
// Session context for the codec
export { DEFAULT_CONTEXT, makeContext, maxMessageLength } from './codec/context.js';
export type { BgpErrorCode, BgpMessageErrorOptions, ErrorAction } from './codec/errors.js';
// Errors
export {
  BgpEncodeError,
  BgpError,
  BgpMessageError,
  isStrongerAction,
  strongerError,
} from './codec/errors.js';
export type { MessageFramerOptions } from './codec/framer.js';
export { MessageFramer } from './codec/framer.js';
export type { MessageHeader } from './codec/header.js';
export { readHeader, writeHeader } from './codec/header.js';
export type { ParsedPrefix } from './codec/ip.js';
// Addresses
export { formatPrefix, parsePrefix } from './codec/ip.js';
export {
  decodeKeepaliveBody,
  encodedKeepaliveLength,
  encodeKeepalive,
  encodeKeepaliveInto,
} from './codec/keepalive.js';
// Whole messages and framing
export {
  decodeMessage,
  encodedMessageLength,
  encodeMessage,
  encodeMessageInto,
} from './codec/message.js';
export type { NlriFamily } from './codec/nlri.js';
export {
  decodeNlri,
  encodedNlriLength,
  encodedPrefixLength,
  encodeNlriInto,
  encodePrefixInto,
} from './codec/nlri.js';
export type { BuildNotificationOptions } from './codec/notification.js';
export {
  buildNotification,
  decodeNotificationBody,
  describeNotification,
  encodedNotificationLength,
  encodeNotification,
  encodeNotificationInto,
} from './codec/notification.js';
export type { BuildOpenOptions } from './codec/open.js';
// Per message type
export {
  buildOpen,
  decodeOpenBody,
  encodedOpenLength,
  encodeOpen,
  encodeOpenInto,
  fourOctetAsOf,
} from './codec/open.js';
export type { PackInput, PackPrefix } from './codec/packer.js';
export { packUpdates } from './codec/packer.js';
export {
  decodeRouteRefreshBody,
  encodedRouteRefreshLength,
  encodeRouteRefresh,
  encodeRouteRefreshInto,
} from './codec/route-refresh.js';
// Object model
export type {
  AddPathDirection,
  AsPathSegment,
  AsPathSegmentType,
  BgpMessage,
  BgpRoleName,
  Capability,
  ExtendedCommunity,
  KeepaliveMessage,
  Nlri,
  NotificationMessage,
  OpenMessage,
  PathAttribute,
  PathAttributeType,
  RouteRefreshMessage,
  UpdateMessage,
} from './codec/types.js';
export {
  decodeUpdateBody,
  encodedUpdateLength,
  encodeUpdate,
  encodeUpdateInto,
  endOfRib,
  isEndOfRib,
} from './codec/update.js';
export type {
  FsmAction,
  FsmActionType,
  FsmOutboundMessage,
  IgnoreReason,
  SessionEvent,
  SessionEventType,
} from './fsm/actions.js';
export type {
  CollisionDecision,
  CollisionInput,
  CollisionReason,
  ConnectionDirection,
} from './fsm/collision.js';
export { resolveCollision } from './fsm/collision.js';
export type { DampConfig, FsmContext, FsmContextOptions } from './fsm/context.js';
export {
  createFsmContext,
  DEFAULT_CONNECT_RETRY_TIME_SEC,
  DEFAULT_DAMP_CONFIG,
  DEFAULT_HOLD_TIME_SEC,
} from './fsm/context.js';
export type { CeaseOptions, FsmEvent, FsmEventType } from './fsm/events.js';
export { errorToEvent, FSM_EVENT_TYPES, isVersionError, messageToEvent } from './fsm/events.js';
export type {
  AddPathFamily,
  AfiSafi,
  NegotiatedSession,
  PeerGracefulRestart,
} from './fsm/negotiate.js';
export { negotiate } from './fsm/negotiate.js';
export { announcedAs, BGP_VERSION, buildLocalOpen, validatePeerOpen } from './fsm/open.js';
export type {
  ActiveState,
  ConnectState,
  EstablishedState,
  FsmReason,
  FsmReasonType,
  FsmState,
  FsmStateCommon,
  FsmStateName,
  IdleState,
  OpenConfirmState,
  OpenSentState,
  StartMode,
  TimerFlags,
  TimerName,
} from './fsm/state.js';
export {
  FSM_STATE_NAMES,
  initialFsmState,
  NO_TIMERS,
  runningTimers,
  TIMER_NAMES,
} from './fsm/state.js';
// RFC 4271 §8 finite state machine: pure step(state, event, ctx) -> { state, actions }
export { step } from './fsm/step.js';
export {
  idleHoldTimeMs,
  jitter,
  keepaliveTimeSec,
  LARGE_HOLD_TIME_SEC,
  negotiateHoldTime,
  TIMER_EXPIRY_EVENT,
} from './fsm/timers.js';
export type { FsmStepResult } from './fsm/transition.js';

// Transport, sessions and the multi-peer speaker (codec <- fsm <- transport/session <- speaker)
export type { AdjRibInDelta, ReceivedRoute } from './session/adj-rib-in.js';
export { AdjRibIn } from './session/adj-rib-in.js';
export type {
  AdjRibOutOptions,
  AttributeRefs,
  RibChanges,
  RibGroup,
} from './session/adj-rib-out.js';
export { AdjRibOut } from './session/adj-rib-out.js';
export type {
  CapabilityOptions,
  FamilyName,
  GracefulRestartOptions,
} from './session/capabilities.js';
export { buildCapabilities } from './session/capabilities.js';
export type { Logger, LogMethod } from './session/logger.js';
export { PrefixIndex } from './session/prefix-index.js';
export { BgpSession } from './session/session.js';
export type {
  BgpSessionConfig,
  BgpSessionDeps,
  BgpSessionEvents,
  SessionDown,
  SessionEstablished,
  SessionInfo,
  SessionNotification,
  SessionStateChange,
} from './session/session-types.js';
export type { ResolvedAttributes } from './session/update-sender.js';
export { parseExtendedCommunity } from './speaker/ext-community-text.js';
export type {
  CounterLike,
  GaugeLike,
  MessageTypeName,
  PromClientLike,
  SpeakerMetrics,
} from './speaker/metrics.js';
export { createPrometheusMetrics, SPEAKER_METRICS } from './speaker/metrics.js';
export type { PeerOptions } from './speaker/peer-options.js';
export { canonicalPrefix } from './speaker/prefix.js';
export type { Route } from './speaker/route.js';
export { BgpSpeaker } from './speaker/speaker.js';
export type {
  BgpSpeakerEvents,
  BgpSpeakerOptions,
  DrainOptions,
  PeerStatus,
  RouteScope,
  SpeakerDownEvent,
  SpeakerEstablishedEvent,
  SpeakerNotificationEvent,
  SpeakerPeerErrorEvent,
  SpeakerRouteRefreshEvent,
  SpeakerStateEvent,
  SpeakerUpdateEvent,
} from './speaker/speaker-types.js';
export type {
  Connection,
  ConnectionEndpoints,
  ConnectionHandlers,
} from './transport/connection.js';
export { normalizeAddress, StreamConnection } from './transport/connection.js';
export type {
  BgpTransportErrorOptions,
  NativeCapability,
  TransportFailure,
} from './transport/errors.js';
export { BgpTransportError } from './transport/errors.js';
export type {
  BgpListenerHooks,
  BgpListenerOptions,
  IncomingHandler,
  ListenerPeerOptions,
} from './transport/listener.js';
export { BgpListener } from './transport/listener.js';
export type { MemoryEndpoint, MemoryPairOptions } from './transport/memory.js';
export { createMemoryConnectionPair } from './transport/memory.js';
export type { NativeNet, NativeNetLoader } from './transport/native-net.js';
export { loadNativeNet } from './transport/native-net.js';
export type { ConnectFunction, TcpConnectDeps, TcpConnectOptions } from './transport/tcp.js';
export { openTcpConnection } from './transport/tcp.js';
