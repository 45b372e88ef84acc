/**
 * The capabilities that are only a code with an empty value: Route Refresh (2, RFC 2918 §2),
 * Enhanced Route Refresh (70, RFC 7313 §3.1) and Extended Message (6, RFC 8654 §3).
 */
import { CapabilityCode } from '../constants.js';
import { type CapabilityCodec, type CapabilityOf, malformedCapability } from './codec.js';

type EmptyType = 'route-refresh' | 'enhanced-route-refresh' | 'extended-message';

function emptyCodec<T extends EmptyType>(type: T, code: number, name: string): CapabilityCodec<T> {
  const value = { type } as CapabilityOf<T>;
  return {
    type,
    code,
    name,
    decode(buf, offset, length) {
      // Each of these RFCs defines the capability length as 0.
      if (length !== 0) {
        throw malformedCapability(name, buf, offset, length, `length ${length}, expected 0`);
      }
      return { ...value };
    },
    encodedLength() {
      return 0;
    },
    encode() {
      return 0;
    },
  };
}

export const routeRefreshCodec = emptyCodec(
  'route-refresh',
  CapabilityCode.ROUTE_REFRESH,
  'Route Refresh',
);
export const enhancedRouteRefreshCodec = emptyCodec(
  'enhanced-route-refresh',
  CapabilityCode.ENHANCED_ROUTE_REFRESH,
  'Enhanced Route Refresh',
);
export const extendedMessageCodec = emptyCodec(
  'extended-message',
  CapabilityCode.EXTENDED_MESSAGE,
  'Extended Message',
);
