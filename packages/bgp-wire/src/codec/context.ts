/**
 * What a decoder must know about the session to read a message: negotiated capabilities
 * (RFC 6793 4-octet AS, RFC 7911 ADD-PATH, RFC 8654 extended messages) and whether the peer
 * is internal (RFC 7606 treats some attributes differently on iBGP).
 */
export interface CodecContext {
  /** RFC 6793: both sides sent the 4-octet AS capability, so AS_PATH/AGGREGATOR carry 4-octet ASNs. */
  readonly fourOctetAs: boolean;
  /** RFC 7911: NLRI in these families carry a 4-octet path identifier. */
  readonly addPath: { readonly ipv4: boolean; readonly ipv6: boolean };
  /** RFC 8654: messages up to 65535 bytes. */
  readonly extendedMessages: boolean;
  /** The peer is internal (same AS): iBGP rules of RFC 4271 and RFC 7606 apply. */
  readonly ibgp: boolean;
}

/** What modern peers negotiate on an eBGP session: 4-octet AS, no ADD-PATH, 4096-byte limit. */
export const DEFAULT_CONTEXT: CodecContext = Object.freeze({
  fourOctetAs: true,
  addPath: Object.freeze({ ipv4: false, ipv6: false }),
  extendedMessages: false,
  ibgp: false,
});

/** A context from partial settings, the rest defaulted. */
export function makeContext(partial: Partial<CodecContext> = {}): CodecContext {
  return { ...DEFAULT_CONTEXT, ...partial };
}

export function maxMessageLength(ctx: CodecContext): number {
  return ctx.extendedMessages ? 65535 : 4096;
}
