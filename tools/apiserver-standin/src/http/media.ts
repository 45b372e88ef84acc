/**
 * Content negotiation: which body formats a request may carry (Content-Type) and which one the
 * answer takes (Accept), including the `as=Table` conversion kubectl asks for. The stand-in
 * speaks JSON and YAML; protobuf (which typed kubectl commands send) is refused with the real
 * server's 415/406 wording so the failure is obvious instead of a garbled decode.
 */

import { ApiError } from '../errors.js';

/** One media range of a header: `application/json;as=Table;v=v1;g=meta.k8s.io`. */
export interface MediaRange {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Parses one media type (`type/subtype; k=v; ...`); type and parameter names lower-cased. */
export function parseMediaType(text: string): MediaRange {
  const [head = '', ...rest] = text.split(';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const key = p.slice(0, eq).trim().toLowerCase();
    let value = p.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1);
    }
    if (key !== '') params[key] = value;
  }
  return { type: head.trim().toLowerCase(), params };
}

/** Splits an Accept header into ranges, highest `q` first (stable for equal q). */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (header === undefined || header.trim() === '') return [];
  const ranges = header
    .split(',')
    .map((part) => parseMediaType(part))
    .filter((r) => r.type !== '');
  const q = (r: MediaRange) => {
    const n = Number(r.params.q ?? '1');
    return Number.isFinite(n) ? n : 0;
  };
  return ranges
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => q(r) > 0)
    .sort((a, b) => q(b.r) - q(a.r) || a.i - b.i)
    .map(({ r }) => r);
}

export type BodyFormat = 'json' | 'yaml';

/** What an answer looks like: its serialisation and an optional Table conversion. */
export interface OutputMedia {
  readonly format: BodyFormat;
  /** `as=Table;g=meta.k8s.io;v=v1|v1beta1` was asked for (and allowed here). */
  readonly table: 'v1' | 'v1beta1' | undefined;
}

const JSON_MEDIA: OutputMedia = { format: 'json', table: undefined };

const SERIALIZERS: Record<string, BodyFormat> = {
  'application/json': 'json',
  'application/yaml': 'yaml',
  'application/*': 'json',
  '*/*': 'json',
};

/** Used in 406 bodies, in the real server's words. */
export const ACCEPTED_OUTPUT_TYPES = 'application/json, application/yaml';

/**
 * Picks the answer's media. A range with an `as=` conversion the request cannot take (a Table
 * for a write, PartialObjectMetadata anywhere) is skipped, as the apiserver skips it, so
 * kubectl's `as=Table;...,application/json` falls back to plain JSON.
 */
export function negotiateOutput(
  accept: string | undefined,
  opts: { allowTable: boolean },
): OutputMedia {
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return JSON_MEDIA;
  for (const r of ranges) {
    const format = SERIALIZERS[r.type];
    if (format === undefined) continue;
    const as = r.params.as;
    if (as === undefined) return { format, table: undefined };
    if (as === 'Table' && opts.allowTable && r.params.g === 'meta.k8s.io') {
      const v = r.params.v;
      if (v === 'v1' || v === 'v1beta1') return { format, table: v };
    }
  }
  throw new ApiError(
    406,
    'NotAcceptable',
    `only the following media types are accepted: ${ACCEPTED_OUTPUT_TYPES}`,
  );
}

/** The Content-Type of an answer in `format`. */
export function contentTypeOf(format: BodyFormat): string {
  return format === 'yaml' ? 'application/yaml' : 'application/json';
}

function unsupportedMediaType(accepted: string): ApiError {
  return new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted}`,
  );
}

/**
 * The format of a POST/PUT body. No Content-Type means JSON (the first supported type, as the
 * apiserver defaults it); protobuf and anything else get 415.
 */
export function bodyFormatOf(contentType: string | undefined): BodyFormat {
  if (contentType === undefined || contentType.trim() === '') return 'json';
  const { type } = parseMediaType(contentType);
  if (type === 'application/json') return 'json';
  if (type === 'application/yaml') return 'yaml';
  throw unsupportedMediaType('application/json, application/yaml');
}

/** The 415 for a PATCH whose Content-Type is not a patch type this resource takes. */
export function unsupportedPatchType(strategicAllowed: boolean): ApiError {
  return unsupportedMediaType(
    strategicAllowed
      ? 'application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml'
      : 'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
  );
}
