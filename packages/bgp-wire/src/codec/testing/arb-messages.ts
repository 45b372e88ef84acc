/**
 * fast-check arbitraries for capabilities and the non-UPDATE messages, for the property tests
 * (STYLE.md §8). Every value generated is in the form the decoders return (a bgp-role `name`
 * exactly when the role has one, `parameterGroups` and `extendedParameters` always set), so
 * `decode(encode(x))` must equal `x`. Test-only: not exported from the package.
 */
import fc from 'fast-check';
import { capabilityCodecFor, encodedCapabilityLength } from '../capabilities/table.js';
import { CeaseSubcode, ErrorCode, HEADER_LENGTH, MessageType } from '../constants.js';
import type {
  AddPathDirection,
  BgpRoleName,
  Capability,
  KeepaliveMessage,
  NotificationMessage,
  OpenMessage,
  RouteRefreshMessage,
} from '../types.js';

type Arb<T> = fc.Arbitrary<T>;

const uint8 = fc.integer({ min: 0, max: 0xff });
const uint16 = fc.integer({ min: 0, max: 0xffff });
const uint32 = fc.integer({ min: 0, max: 0xffffffff });
/** AFIs and SAFIs: mostly the common ones, sometimes anything. */
export const arbAfi: Arb<number> = fc.oneof(fc.constantFrom(1, 2, 25), uint16);
export const arbSafi: Arb<number> = fc.oneof(fc.constantFrom(1, 2, 4, 70, 128), uint8);

/** Text up to `maxBytes` of UTF-8, with multi-byte characters. */
export function arbUtf8Text(maxBytes: number): Arb<string> {
  return fc
    .string({
      unit: fc.oneof(
        fc.constantFrom('a', '-', '.', '\u00e9', '\u4e2d', '\u{1f600}', '\ufeff'),
        fc.string({ unit: 'grapheme', maxLength: 1 }),
      ),
      maxLength: maxBytes,
    })
    .filter((text) => Buffer.byteLength(text, 'utf8') <= maxBytes);
}

export const arbMultiprotocol: Arb<Capability> = fc.record({
  type: fc.constant('multiprotocol' as const),
  afi: arbAfi,
  safi: arbSafi,
});
export const arbRouteRefreshCapability: Arb<Capability> = fc.constant({
  type: 'route-refresh' as const,
});
export const arbEnhancedRouteRefresh: Arb<Capability> = fc.constant({
  type: 'enhanced-route-refresh' as const,
});
export const arbExtendedMessage: Arb<Capability> = fc.constant({
  type: 'extended-message' as const,
});
export const arbFourOctetAs: Arb<Capability> = fc.record({
  type: fc.constant('four-octet-as' as const),
  asn: uint32,
});
export const arbGracefulRestart: Arb<Capability> = fc.record({
  type: fc.constant('graceful-restart' as const),
  restarting: fc.boolean(),
  notification: fc.boolean(),
  restartTimeSec: fc.integer({ min: 0, max: 4095 }),
  families: fc.array(fc.record({ afi: arbAfi, safi: arbSafi, forwardingPreserved: fc.boolean() }), {
    maxLength: 20,
  }),
});
export const arbAddPath: Arb<Capability> = fc.record({
  type: fc.constant('add-path' as const),
  families: fc.array(
    fc.record({
      afi: arbAfi,
      safi: arbSafi,
      direction: fc.constantFrom<AddPathDirection>('receive', 'send', 'both'),
    }),
    { maxLength: 20 },
  ),
});
export const arbExtendedNextHop: Arb<Capability> = fc.record({
  type: fc.constant('extended-next-hop' as const),
  entries: fc.array(fc.record({ afi: arbAfi, safi: uint16, nextHopAfi: arbAfi }), {
    maxLength: 20,
  }),
});
const ROLE_NAMES: readonly BgpRoleName[] = ['provider', 'rs', 'rs-client', 'customer', 'peer'];
export const arbBgpRole: Arb<Capability> = fc
  .oneof(fc.integer({ min: 0, max: 4 }), uint8)
  .map((role) => {
    const name = ROLE_NAMES[role];
    return name === undefined
      ? { type: 'bgp-role' as const, role }
      : { type: 'bgp-role' as const, role, name };
  });
export const arbFqdn: Arb<Capability> = fc.record({
  type: fc.constant('fqdn' as const),
  hostname: arbUtf8Text(60),
  domainName: arbUtf8Text(60),
});
/** Codes the table does not know, with any value. */
export const arbUnknownCapability: Arb<Capability> = fc.record({
  type: fc.constant('unknown' as const),
  code: uint8.filter((code) => capabilityCodecFor(code) === undefined),
  value: fc.uint8Array({ maxLength: 40 }),
});

export const arbCapability: Arb<Capability> = fc.oneof(
  arbMultiprotocol,
  arbRouteRefreshCapability,
  arbEnhancedRouteRefresh,
  arbExtendedMessage,
  arbFourOctetAs,
  arbGracefulRestart,
  arbAddPath,
  arbExtendedNextHop,
  arbBgpRole,
  arbFqdn,
  arbUnknownCapability,
);

/** Capability counts per optional parameter summing to `count`: BIRD-, GoBGP-style or mixed. */
function arbParameterGroups(count: number): Arb<number[]> {
  const onePerCapability = fc.constant(new Array<number>(count).fill(1));
  const cuts = fc.array(fc.integer({ min: 0, max: count }), { maxLength: 4 }).map((points) => {
    const sorted = [0, ...points.sort((a, b) => a - b), count];
    return sorted.slice(1).map((point, i) => point - sorted[i]);
  });
  return count === 0 ? fc.constantFrom([], [0]) : fc.oneof(onePerCapability, cuts);
}

/** Whether the RFC 4271 1-octet lengths cannot hold these parameters (RFC 9072 form needed). */
function needsExtendedParameters(capabilities: Capability[], groups: number[]): boolean {
  let at = 0;
  let total = 0;
  for (const count of groups) {
    let value = 0;
    for (const cap of capabilities.slice(at, at + count)) value += encodedCapabilityLength(cap);
    if (value > 0xff) return true;
    total += 2 + value;
    at += count;
  }
  return total > 0xff;
}

export const arbOpenMessage: Arb<OpenMessage> = fc
  .record({
    myAs: uint16,
    holdTimeSec: fc.oneof(
      fc.constantFrom(0, 3, 90, 180, 65535),
      fc.integer({ min: 3, max: 0xffff }),
    ),
    bgpIdentifier: fc.ipV4().filter((ip) => ip !== '0.0.0.0'),
    capabilities: fc.array(arbCapability, { maxLength: 30 }),
    extendedParameters: fc.boolean(),
  })
  .chain((open) =>
    arbParameterGroups(open.capabilities.length).map(
      (parameterGroups): OpenMessage => ({
        type: 'open',
        version: 4,
        myAs: open.myAs,
        holdTimeSec: open.holdTimeSec,
        bgpIdentifier: open.bgpIdentifier,
        capabilities: open.capabilities,
        parameterGroups,
        extendedParameters:
          open.extendedParameters || needsExtendedParameters(open.capabilities, parameterGroups),
      }),
    ),
  );

const isShutdownSubcode = (code: number, subcode: number): boolean =>
  code === ErrorCode.CEASE &&
  (subcode === CeaseSubcode.ADMINISTRATIVE_SHUTDOWN ||
    subcode === CeaseSubcode.ADMINISTRATIVE_RESET);

/** Cease 2/4 with a Shutdown Communication, built by hand as RFC 9003 §2 lays it out. */
const arbShutdownNotification: Arb<NotificationMessage> = fc
  .record({
    errorSubcode: fc.constantFrom(
      CeaseSubcode.ADMINISTRATIVE_SHUTDOWN,
      CeaseSubcode.ADMINISTRATIVE_RESET,
    ),
    text: arbUtf8Text(255),
  })
  .map(({ errorSubcode, text }) => {
    const bytes = Buffer.from(text, 'utf8');
    const data = new Uint8Array(1 + bytes.length);
    data[0] = bytes.length;
    data.set(bytes, 1);
    return {
      type: 'notification',
      errorCode: ErrorCode.CEASE,
      errorSubcode,
      data,
      shutdownCommunication: text,
    };
  });

/** Any code, subcode and data; Cease 2/4 only with data that is no Shutdown Communication. */
const arbPlainNotification: Arb<NotificationMessage> = fc
  .record({
    errorCode: fc.oneof(fc.integer({ min: 1, max: 7 }), uint8),
    errorSubcode: fc.oneof(fc.integer({ min: 0, max: 11 }), uint8),
    data: fc.uint8Array({ maxLength: 100 }),
  })
  .filter(
    ({ errorCode, errorSubcode, data }) =>
      !isShutdownSubcode(errorCode, errorSubcode) ||
      data.length === 0 ||
      data.length !== 1 + data[0],
  )
  .map((fields) => ({ type: 'notification' as const, ...fields }));

export const arbNotificationMessage: Arb<NotificationMessage> = fc.oneof(
  arbPlainNotification,
  arbShutdownNotification,
);

export const arbKeepaliveMessage: Arb<KeepaliveMessage> = fc.constant({
  type: 'keepalive' as const,
});

export const arbRouteRefreshMessage: Arb<RouteRefreshMessage> = fc.record({
  type: fc.constant('route-refresh' as const),
  afi: arbAfi,
  safi: arbSafi,
  subtype: fc.oneof(fc.constantFrom(0, 1, 2), uint8),
});

/** Every message type but UPDATE (update.ts has its own arbitraries). */
export const arbNonUpdateMessage = fc.oneof(
  arbOpenMessage,
  arbNotificationMessage,
  arbKeepaliveMessage,
  arbRouteRefreshMessage,
);

/**
 * A valid marker and a length that matches, around any type octet (mostly known types) and
 * random body bytes: gets random input past the header check into the body decoders.
 */
export const arbFramedGarbage: Arb<Uint8Array> = fc
  .record({
    type: fc.oneof(fc.constantFrom<number>(...Object.values(MessageType)), uint8),
    body: fc.uint8Array({ maxLength: 300 }),
  })
  .map(({ type, body }) => {
    const out = new Uint8Array(HEADER_LENGTH + body.length);
    out.fill(0xff, 0, 16);
    out[16] = out.length >>> 8;
    out[17] = out.length & 0xff;
    out[18] = type;
    out.set(body, HEADER_LENGTH);
    return out;
  });

/** `bytes` with up to 4 bytes overwritten and possibly truncated: near-valid input. */
export function arbMutationOf(bytes: Uint8Array): Arb<Uint8Array> {
  return fc
    .record({
      edits: fc.array(fc.record({ at: fc.nat(), value: uint8 }), { minLength: 1, maxLength: 4 }),
      keep: fc.option(fc.nat(), { nil: undefined }),
    })
    .map(({ edits, keep }) => {
      const out = bytes.slice();
      for (const { at, value } of edits) if (out.length > 0) out[at % out.length] = value;
      return keep === undefined ? out : out.subarray(0, keep % (out.length + 1));
    });
}
