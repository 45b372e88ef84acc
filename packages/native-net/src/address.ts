import { isIP } from 'node:net';
import { invalidArg } from './errors.js';

/**
 * The IP version of an address literal, allowing an IPv6 zone (`fe80::1%eth0`), or a
 * NativeNetError. Host names are refused on purpose: a BGP peer is an address, and a DNS
 * lookup would both block on a resolver and make the key's address ambiguous.
 */
export function ipVersionOf(address: string, what: string): 4 | 6 {
  if (typeof address !== 'string') throw invalidArg(`${what} must be an IP address string`);
  const percent = address.indexOf('%');
  const version = isIP(percent >= 0 ? address.slice(0, percent) : address);
  if (version === 4 && percent < 0) return 4;
  if (version === 6) return 6;
  throw invalidArg(`${what} must be an IP address literal, got ${JSON.stringify(address)}`);
}

/** Checks an integer in [min, max] and returns it. */
export function checkInt(value: unknown, min: number, max: number, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidArg(`${what} must be an integer ${min}..${max}, got ${String(value)}`);
  }
  return value;
}
