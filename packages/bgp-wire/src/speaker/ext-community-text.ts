/**
 * Extended communities (RFC 4360) from text, in the forms operators and daemons print:
 * `rt:<global>:<local>` (Route Target), `soo:<global>:<local>` or `ro:...` (Route Origin /
 * Site of Origin), and `raw:` + 16 hex digits for anything else. The global part picks the
 * type as BIRD, FRR and GoBGP do: a dotted quad is the IPv4 form (type 0x01), an ASN up to
 * 65535 the 2-octet AS form (0x00), a larger one the 4-octet AS form (0x02, RFC 5668).
 */

import { isIPv4 } from 'node:net';
import { BgpError } from '../codec/errors.js';
import type { ExtendedCommunity } from '../codec/types.js';

const TEXT = /^(rt|soo|ro):([0-9.]+):(\d+)$/;
const RAW = /^raw:([0-9a-fA-F]{16})$/;

function invalid(text: string, why: string): BgpError {
  return new BgpError('BGP_ERR_INVALID_ARGUMENT', `extended community "${text}": ${why}`);
}

/**
 * Parses one extended community.
 *
 * @example
 * ```ts
 * parseExtendedCommunity('rt:65000:100');
 * // { type: 'route-target', form: 'as2', global: 65000, local: 100, transitive: true }
 * ```
 * @throws BgpError BGP_ERR_INVALID_ARGUMENT for anything else, or a local part too large for
 * the form.
 */
export function parseExtendedCommunity(text: string): ExtendedCommunity {
  const raw = RAW.exec(text);
  if (raw) return { type: 'unknown', value: Uint8Array.from(Buffer.from(raw[1]!, 'hex')) };
  const m = TEXT.exec(text);
  if (!m) throw invalid(text, 'expected rt:, soo:, ro: or raw:');
  const type = m[1] === 'rt' ? 'route-target' : 'route-origin';
  const local = Number(m[3]);
  const globalText = m[2]!;
  if (globalText.includes('.')) {
    if (!isIPv4(globalText)) throw invalid(text, 'global part is not an IPv4 address');
    if (local > 0xffff) throw invalid(text, 'local part over 65535 in the IPv4 form');
    return { type, form: 'ipv4', global: globalText, local, transitive: true };
  }
  const global = Number(globalText);
  if (!Number.isInteger(global) || global > 0xffffffff) throw invalid(text, 'ASN out of range');
  if (global <= 0xffff) {
    if (local > 0xffffffff) throw invalid(text, 'local part over 2^32-1');
    return { type, form: 'as2', global, local, transitive: true };
  }
  if (local > 0xffff) throw invalid(text, 'local part over 65535 in the 4-octet AS form');
  return { type, form: 'as4', global, local, transitive: true };
}
