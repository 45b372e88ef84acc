/**
 * Routes as library users write them, checked and reduced to an attribute template: the
 * session-independent part of the path attributes (communities sorted and deduplicated,
 * extended communities parsed). Templates are interned (attribute-table.ts); the per-session
 * part (AS_PATH prepend, LOCAL_PREF, next hop self) is added in resolve-attributes.ts.
 */

import { parseColonNumbers } from '../codec/attributes/communities.js';
import { encodeExtendedCommunity } from '../codec/attributes/extended-communities.js';
import { BgpError } from '../codec/errors.js';
import type { ExtendedCommunity } from '../codec/types.js';
import { parseExtendedCommunity } from './ext-community-text.js';
import { canonicalAddress, familyOfText } from './prefix.js';

/**
 * A route to announce.
 * - `communities`: RFC 1997, "65000:100".
 * - `largeCommunities`: RFC 8092, "65000:1:2".
 * - `extendedCommunities`: RFC 4360, the codec's `ExtendedCommunity` objects or text:
 *   `rt:<global>:<local>` (route target), `soo:<global>:<local>` (route origin; `ro:` too),
 *   global an ASN or a dotted quad (IPv4 form if dotted, 2-octet AS form if <= 65535, else
 *   the 4-octet AS form of RFC 5668), or `raw:` + 16 hex digits.
 * - `localPref`: sent to iBGP peers only (RFC 4271 §5.1.5); default 100 there.
 * - `asPath`: ASNs after ours (eBGP prepends our AS; iBGP sends it as is).
 * - `nextHop`: default: this session's local address ("next hop self").
 */
export interface Route {
  readonly prefix: string;
  readonly nextHop?: string;
  readonly communities?: readonly string[];
  readonly largeCommunities?: readonly string[];
  readonly extendedCommunities?: readonly (ExtendedCommunity | string)[];
  readonly localPref?: number;
  readonly med?: number;
  readonly origin?: 'igp' | 'egp' | 'incomplete';
  readonly asPath?: readonly number[];
}

/** The session-independent attributes of a route (an interned template). */
export interface RouteAttributes {
  readonly nextHop: string | undefined;
  readonly communities: readonly string[];
  readonly largeCommunities: readonly string[];
  readonly extendedCommunities: readonly ExtendedCommunity[];
  readonly localPref: number | undefined;
  readonly med: number | undefined;
  readonly origin: 'igp' | 'egp' | 'incomplete';
  readonly asPath: readonly number[];
}

/** The template of a route with nothing but a prefix. */
export const DEFAULT_ATTRIBUTES: RouteAttributes = Object.freeze({
  nextHop: undefined,
  communities: [],
  largeCommunities: [],
  extendedCommunities: [],
  localPref: undefined,
  med: undefined,
  origin: 'igp',
  asPath: [],
});

/** The interning key of {@link DEFAULT_ATTRIBUTES}. */
export const DEFAULT_KEY = '';

function invalid(prefix: string, what: string): BgpError {
  return new BgpError('BGP_ERR_INVALID_ARGUMENT', `route ${prefix}: ${what}`);
}

/**
 * A cheap key of the attributes exactly as written (no parsing, no sorting): equal for two
 * routes written alike, so a table of routes written alike is checked once. Empty when the
 * route has no attributes.
 */
export function rawAttributeKey(r: Route): string {
  if (!hasAttributes(r)) return '';
  const ext = r.extendedCommunities?.map((c) => (typeof c === 'string' ? c : extKey(c)));
  return [
    r.nextHop,
    r.communities?.join(','),
    r.largeCommunities?.join(','),
    ext?.join(','),
    r.localPref,
    r.med,
    r.origin,
    r.asPath?.join(' '),
  ].join('|');
}

function extKey(c: ExtendedCommunity): string {
  return JSON.stringify(c, (_k, v: unknown) =>
    v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v,
  );
}

function hasAttributes(r: Route): boolean {
  return (
    r.nextHop !== undefined ||
    r.communities !== undefined ||
    r.largeCommunities !== undefined ||
    r.extendedCommunities !== undefined ||
    r.localPref !== undefined ||
    r.med !== undefined ||
    r.origin !== undefined ||
    r.asPath !== undefined
  );
}

function checkUint32(prefix: string, name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= 0xffffffff)) {
    throw invalid(prefix, `${name} ${value} is not a 32-bit unsigned integer`);
  }
}

const SCRATCH = [0, 0, 0];

/** "a:b" or "a:b:c", checked and without leading zeros, sorted numerically, deduplicated. */
function canonicalCommunities(prefix: string, list: readonly string[], parts: 2 | 3): string[] {
  const max = parts === 2 ? 0xffff : 0xffffffff;
  const numbers: number[][] = [];
  for (const text of list) {
    try {
      parseColonNumbers(text, max, parts, SCRATCH);
    } catch {
      throw invalid(prefix, `bad ${parts === 2 ? 'community' : 'large community'} "${text}"`);
    }
    numbers.push(SCRATCH.slice(0, parts));
  }
  numbers.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || (a[2] ?? 0) - (b[2] ?? 0));
  return [...new Set(numbers.map((n) => n.join(':')))];
}

/** Extended communities parsed, sorted by their 8 octets, deduplicated; plus that key. */
function canonicalExtended(
  prefix: string,
  list: readonly (ExtendedCommunity | string)[],
): { communities: ExtendedCommunity[]; key: string } {
  const byHex = new Map<string, ExtendedCommunity>();
  const bytes = new Uint8Array(8);
  for (const item of list) {
    let ec: ExtendedCommunity;
    try {
      ec = typeof item === 'string' ? parseExtendedCommunity(item) : item;
      encodeExtendedCommunity(ec, bytes, 0);
    } catch (err) {
      throw invalid(prefix, `bad extended community ${JSON.stringify(item)}: ${String(err)}`);
    }
    byHex.set(Buffer.from(bytes).toString('hex'), ec);
  }
  const hex = [...byHex.keys()].sort();
  return { communities: hex.map((h) => byHex.get(h)!), key: hex.join(',') };
}

/**
 * Checks a route's attributes against its (canonical) prefix and returns its template and
 * interning key. Routes without attributes share {@link DEFAULT_ATTRIBUTES} (key '').
 *
 * @throws BgpError BGP_ERR_INVALID_ARGUMENT naming the route and the field.
 */
export function routeTemplate(
  route: Route,
  prefix: string,
): { key: string; attributes: RouteAttributes } {
  if (!hasAttributes(route)) return { key: DEFAULT_KEY, attributes: DEFAULT_ATTRIBUTES };
  let nextHop: string | undefined;
  if (route.nextHop !== undefined) {
    nextHop = canonicalAddress(route.nextHop, `route ${prefix}: next hop`);
    if (familyOfText(nextHop) !== familyOfText(prefix)) {
      throw invalid(prefix, `next hop ${nextHop} is not of the prefix's family`);
    }
  }
  checkUint32(prefix, 'localPref', route.localPref);
  checkUint32(prefix, 'med', route.med);
  const origin = route.origin ?? 'igp';
  if (origin !== 'igp' && origin !== 'egp' && origin !== 'incomplete') {
    throw invalid(prefix, `origin ${String(origin)} is not igp, egp or incomplete`);
  }
  const asPath = [...(route.asPath ?? [])];
  for (const asn of asPath) checkUint32(prefix, 'asPath ASN', asn);
  const communities = canonicalCommunities(prefix, route.communities ?? [], 2);
  const largeCommunities = canonicalCommunities(prefix, route.largeCommunities ?? [], 3);
  const extended = canonicalExtended(prefix, route.extendedCommunities ?? []);
  const attributes: RouteAttributes = {
    nextHop,
    communities,
    largeCommunities,
    extendedCommunities: extended.communities,
    localPref: route.localPref,
    med: route.med,
    origin,
    asPath,
  };
  const key = [
    nextHop ?? '',
    communities.join(','),
    largeCommunities.join(','),
    extended.key,
    route.localPref ?? '',
    route.med ?? '',
    origin,
    asPath.join(' '),
  ].join('|');
  return { key: key === DEFAULT_TEMPLATE_KEY ? DEFAULT_KEY : key, attributes };
}

/** What `routeTemplate` would build for DEFAULT_ATTRIBUTES, so both spellings intern alike. */
const DEFAULT_TEMPLATE_KEY = '||||||igp|';
