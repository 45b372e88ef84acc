/**
 * BGP community values as MetalLB writes them: standard `A:B` (16 bits each, RFC 1997) and
 * large `large:A:B:C` (32 bits each, RFC 8092). Anything without a `:` is an alias name,
 * resolved against Community objects (or the legacy `bgp-communities` map).
 */

/** A parsed community value. */
export type CommunityValue =
  | { readonly type: 'standard'; readonly value: string }
  | { readonly type: 'large'; readonly value: string };

/** True when `text` names an alias rather than a literal (MetalLB: no `:` at all). */
export function isCommunityAlias(text: string): boolean {
  return !text.includes(':');
}

function parseUint(text: string, bits: 16 | 32): number | undefined {
  if (!/^[0-9]+$/.test(text)) return undefined;
  const n = Number(text);
  return n < 2 ** bits ? n : undefined;
}

/**
 * Parses a literal community.
 * @returns the value, or a string saying what is wrong.
 */
export function parseCommunity(text: string): CommunityValue | string {
  const parts = text.split(':');
  if (parts[0] === 'large') {
    if (parts.length !== 4) return `invalid large community format "${text}"`;
    const nums = parts.slice(1).map((p) => parseUint(p, 32));
    if (nums.some((n) => n === undefined)) {
      return `invalid large community value "${text}", each part must be a 32-bit unsigned number`;
    }
    return { type: 'large', value: `${nums[0]}:${nums[1]}:${nums[2]}` };
  }
  if (parts.length !== 2) return `invalid community format "${text}"`;
  const a = parseUint(parts[0]!, 16);
  const b = parseUint(parts[1]!, 16);
  if (a === undefined) return `invalid first section of community "${parts[0]}"`;
  if (b === undefined) return `invalid second section of community "${parts[1]}"`;
  return { type: 'standard', value: `${a}:${b}` };
}
