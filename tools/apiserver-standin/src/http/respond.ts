/**
 * Writing answers: objects as JSON or YAML, failures as `Status` bodies. Every error that
 * reaches the top of a request goes through `sendError`: an ApiError becomes its own Status and
 * code; anything else is a bug, answered as the apiserver answers a panic (500 InternalError)
 * and logged, never allowed to take the process down.
 */

import type { ServerResponse } from 'node:http';
import { stringify as toYaml } from 'yaml';
import { ApiError } from '../errors.js';
import { type BodyFormat, contentTypeOf } from './media.js';

/** Where the server reports its own faults (stderr in the bin). */
export type ErrorLog = (message: string) => void;

/** Serialises a body in `format`, as the answer's bytes. */
export function encodeBody(body: unknown, format: BodyFormat): string {
  return format === 'yaml' ? toYaml(body) : JSON.stringify(body);
}

/** Sends `body` with `code`; a no-op when the client is already gone. */
export function sendObject(
  res: ServerResponse,
  code: number,
  body: unknown,
  format: BodyFormat = 'json',
  contentType: string = contentTypeOf(format),
): void {
  if (res.headersSent || res.destroyed) return;
  const text = encodeBody(body, format);
  res.writeHead(code, {
    'Content-Type': contentType,
    'Cache-Control': 'no-cache, private',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Sends plain text (`ok` from the health endpoints). */
export function sendText(res: ServerResponse, code: number, text: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(code, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-cache, private',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** The ApiError a thrown value stands for: itself, or a 500 for anything unexpected. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, {
    causes: [{ message }],
  });
}

/**
 * Answers with the Status for `err`. A non-ApiError is logged with its stack. If the answer
 * has already begun (a watch), the connection is cut instead: there is no way to report a
 * failure in the middle of a chunked body.
 */
export function sendError(
  res: ServerResponse,
  err: unknown,
  log: ErrorLog,
  format: BodyFormat = 'json',
): void {
  const apiError = toApiError(err);
  if (!(err instanceof ApiError)) {
    log(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // A 413 may leave the rest of the upload unread: do not reuse the connection.
  if (apiError.code === 413) res.setHeader('Connection', 'close');
  sendObject(res, apiError.code, apiError.toStatus(), format);
}
