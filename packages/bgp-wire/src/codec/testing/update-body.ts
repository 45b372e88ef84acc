/**
 * Byte builders and fault assertions for UPDATE tests (pg-protocol keeps its byte builders in a
 * testing/ folder the same way).
 */
import { expect } from 'vitest';
import { ErrorCode } from '../constants.js';
import type { CodecContext } from '../context.js';
import { BgpMessageError, type ErrorAction } from '../errors.js';
import { decodeUpdateBody } from '../update.js';

export const hexBytes = (hex: string) =>
  Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
export const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');
const u16 = (n: number) => n.toString(16).padStart(4, '0');

/** An UPDATE body from hex parts, with both length fields computed. */
export function body({ withdrawn = '', attrs = '', nlri = '' }): Uint8Array {
  const w = hexBytes(withdrawn);
  const a = hexBytes(attrs);
  return hexBytes(
    `${u16(w.length)}${hexOf(w)}${u16(a.length)}${hexOf(a)}${nlri.replace(/\s+/g, '')}`,
  );
}

export const ORIGIN = '40 01 01 00';
export const AS_PATH = '40 02 06 02 01 0000fde8';
export const NEXT_HOP = '40 03 04 c0000201';
export const MANDATORY = `${ORIGIN} ${AS_PATH} ${NEXT_HOP}`;
export const NLRI = '18 c63364';
export const MP_REACH_V6 = '80 0e 1a 0002 01 10 20010db8000000000000000000000001 00 20 20010db8';

/** The thrown error, or the `error` of the decoded message. */
export function faultOf(input: Uint8Array, ctx: CodecContext): BgpMessageError | undefined {
  try {
    return decodeUpdateBody(input, ctx).error;
  } catch (err) {
    if (err instanceof BgpMessageError) return err;
    throw err;
  }
}

export interface Expected {
  action: ErrorAction;
  subcode: number;
  attributeType?: number;
  /** NOTIFICATION data as hex; for attribute faults the whole attribute. */
  data?: string;
}

export function expectFault(input: Uint8Array, ctx: CodecContext, expected: Expected): void {
  const error = faultOf(input, ctx);
  expect(error).toBeInstanceOf(BgpMessageError);
  expect(error).toMatchObject({
    code: 'BGP_ERR_BAD_UPDATE',
    errorCode: ErrorCode.UPDATE_MESSAGE_ERROR,
    errorSubcode: expected.subcode,
    action: expected.action,
  });
  if (expected.attributeType !== undefined)
    expect(error?.attributeType).toBe(expected.attributeType);
  if (expected.data !== undefined)
    expect(hexOf(error?.data ?? new Uint8Array())).toBe(expected.data.replace(/\s+/g, ''));
}

/** Attribute types left after decoding (codes of unknown ones, names of known ones). */
export function typesOf(input: Uint8Array, ctx: CodecContext): string[] {
  return decodeUpdateBody(input, ctx).attributes.map((a) =>
    a.type === 'unknown' ? String(a.code) : a.type,
  );
}
