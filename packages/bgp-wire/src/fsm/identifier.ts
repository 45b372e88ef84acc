/**
 * BGP Identifiers as numbers: RFC 4271 §4.2 defines the field as 4 octets, RFC 6286 §2.1 as a
 * 4-octet unsigned non-zero integer. Collision resolution (§6.8) compares them as such.
 */

const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The identifier as an unsigned 32-bit integer, or undefined when it is not a dotted quad. */
export function parseBgpIdentifier(text: string): number | undefined {
  const m = DOTTED_QUAD.exec(text);
  if (!m) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}
