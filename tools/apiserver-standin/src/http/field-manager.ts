/**
 * Who a write is recorded under in `managedFields`. kubectl names itself in the query
 * (`fieldManager=kubectl-client-side-apply`); other clients get the apiserver's default, the
 * User-Agent's program name (`prefixFromUserAgent`: everything before the first "/", at most
 * 128 bytes), so client-node's writes show up as `node-fetch`.
 */

/** The apiserver's cap on a field manager's length, in bytes. */
export const FIELD_MANAGER_MAX_BYTES = 128;

/** The manager for a non-apply write: the query's, else the User-Agent's program name. */
export function fieldManagerFor(
  explicit: string | undefined,
  userAgent: string | undefined,
): string {
  if (explicit !== undefined && explicit !== '') return explicit;
  const program = (userAgent ?? '').split('/')[0] ?? '';
  return truncateUtf8(program, FIELD_MANAGER_MAX_BYTES);
}

/** Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  return out;
}
