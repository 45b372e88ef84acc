/**
 * Request bodies: read with a size cap (the apiserver's 3 MiB `MaxRequestBodyBytes`), then
 * decode JSON or YAML into an object. Decode failures are 400s worded like the Go decoder's, so
 * a client sees `json parse error: invalid character ...` rather than a 500.
 */

import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest } from '../errors.js';
import type { BodyFormat } from './media.js';

/** The real server's default `--max-request-body-bytes`-like cap on a request body. */
export const DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024;

function tooLarge(limit: number): ApiError {
  return new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);
}

/**
 * Reads the whole body. Rejects with 413 as soon as it passes `limitBytes` (or at once when
 * Content-Length says so); the rest of the upload is then discarded, not buffered.
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume();
    return Promise.reject(tooLarge(limitBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const onData = (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limitBytes) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, size));
    });
    req.once('error', (err) => {
      if (failed) return;
      failed = true;
      reject(err);
    });
  });
}

/** Go's name for the JSON type of `value`, as `json: cannot unmarshal <type> ...` says it. */
function goJsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}

/** Turns V8's JSON.parse message into the shape of Go's encoding/json one. */
export function goJsonSyntaxMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/Unexpected end of JSON input/.test(message)) return 'unexpected end of JSON input';
  const token = /Unexpected token '?(.)'?/.exec(message)?.[1];
  if (token !== undefined) return `invalid character '${token}' looking for beginning of value`;
  const position = /at position (\d+)/.exec(message)?.[1];
  return position === undefined
    ? message.charAt(0).toLowerCase() + message.slice(1)
    : `invalid character at offset ${Number(position) + 1}: ${message}`;
}

/** Parses JSON text; a syntax error is `prefix` + Go-style message as a 400. */
export function parseJsonText(text: string, prefix: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(`${prefix}${goJsonSyntaxMessage(err)}`);
  }
}

/**
 * Parses YAML as Kubernetes does (sigs.k8s.io/yaml: YAML 1.1 scalars, so `yes` is a boolean);
 * JSON is valid YAML, which is why apply bodies may be either.
 */
export function parseYamlText(text: string, prefix: string): unknown {
  try {
    // logLevel error: a client's odd tag is its problem, not a line on the server's stderr.
    return parseYaml(text, { version: '1.1', logLevel: 'error' });
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw badRequest(`${prefix}yaml: ${message}`);
  }
}

const VERSION_KIND_STRUCT =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/**
 * Decodes an object body (POST, PUT, DELETE options). Anything but a JSON object is a 400 in
 * the real server's words (`couldn't get version/kind; json parse error: ...`).
 */
export function decodeObjectBody(body: Buffer, format: BodyFormat): Record<string, unknown> {
  const text = body.toString('utf8');
  const prefix = "couldn't get version/kind; json parse error: ";
  if (text.trim() === '') throw badRequest("Object 'Kind' is missing in ''");
  const value =
    format === 'yaml'
      ? parseYamlText(text, 'error converting YAML to JSON: ')
      : parseJsonText(text, prefix);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(
      `${prefix}json: cannot unmarshal ${goJsonType(value)} into Go value of type ${VERSION_KIND_STRUCT}`,
    );
  }
  return value as Record<string, unknown>;
}

/** Decodes a patch document: JSON for json/merge/strategic patches, YAML (or JSON) for apply. */
export function decodePatchBody(body: Buffer, yaml: boolean): unknown {
  const text = body.toString('utf8');
  if (yaml) return parseYamlText(text, 'error decoding YAML: ');
  if (text.trim() === '') throw badRequest('error decoding patch: unexpected end of JSON input');
  return parseJsonText(text, 'error decoding patch: ');
}
