/**
 * Query parameters -> typed options, validated as the apiserver validates them
 * (k8s.io/apimachinery `metainternalversion/validation`): a malformed number is a 400 carrying
 * Go's `strconv` message, a bad option value a 422 against the options kind
 * (`ListOptions.meta.k8s.io "" is invalid: ...`). Unknown parameters (`timeout=32s`, `pretty`)
 * are ignored, as the real server ignores them.
 */

import { type ApiError, badRequest, invalid, type StatusCause } from '../errors.js';

/** `metav1.ParseBool` semantics: Go's strconv.ParseBool. */
export function parseBoolParam(name: string, value: string | null): boolean | undefined {
  if (value === null) return undefined;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  // An empty value counts as false: `?watch=` is not a watch.
  if (['', '0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  throw badRequest(`strconv.ParseBool: parsing "${value}": invalid syntax (${name})`);
}

/** A decimal int64 parameter (`limit`, `timeoutSeconds`, `gracePeriodSeconds`). */
export function parseIntParam(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  if (!/^[+-]?\d+$/.test(value)) {
    throw badRequest(`strconv.ParseInt: parsing "${value}": invalid syntax`);
  }
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw badRequest(`strconv.ParseInt: parsing "${value}": value out of range`);
  }
  return n;
}

function optionsInvalid(kind: string, causes: StatusCause[]): ApiError {
  return invalid(kind, 'meta.k8s.io', '', causes);
}

/** A query that addresses a WATCH (`watch=true|1`); the `/watch/` prefix is the router's. */
export function isWatchRequest(params: URLSearchParams): boolean {
  return parseBoolParam('watch', params.get('watch')) === true;
}

/** What `ListOptions` carries for both list and watch. */
export interface ListParams {
  labelSelector: string | undefined;
  fieldSelector: string | undefined;
  resourceVersion: string | undefined;
  resourceVersionMatch: 'Exact' | 'NotOlderThan' | undefined;
  limit: number | undefined;
  continue: string | undefined;
  timeoutSeconds: number | undefined;
  allowWatchBookmarks: boolean;
  sendInitialEvents: boolean | undefined;
}

/** Parses and validates `ListOptions` (list and watch alike). */
export function parseListParams(params: URLSearchParams, isWatch: boolean): ListParams {
  const resourceVersion = params.get('resourceVersion') ?? undefined;
  const match = params.get('resourceVersionMatch') ?? '';
  const limit = parseIntParam(params.get('limit'));
  const timeoutSeconds = parseIntParam(params.get('timeoutSeconds'));
  const sendInitialEvents = parseBoolParam('sendInitialEvents', params.get('sendInitialEvents'));
  const allowWatchBookmarks =
    parseBoolParam('allowWatchBookmarks', params.get('allowWatchBookmarks')) ?? false;
  const causes = listOptionCauses({
    isWatch,
    resourceVersion,
    match,
    sendInitialEvents,
    allowWatchBookmarks,
  });
  if (causes.length > 0) throw optionsInvalid('ListOptions', causes);
  return {
    labelSelector: nonEmpty(params.get('labelSelector')),
    fieldSelector: nonEmpty(params.get('fieldSelector')),
    resourceVersion,
    resourceVersionMatch: match === '' ? undefined : (match as 'Exact' | 'NotOlderThan'),
    limit: limit !== undefined && limit > 0 ? limit : undefined,
    continue: nonEmpty(params.get('continue')),
    timeoutSeconds: timeoutSeconds !== undefined && timeoutSeconds > 0 ? timeoutSeconds : undefined,
    allowWatchBookmarks,
    sendInitialEvents,
  };
}

/** `ValidateListOptions`: which combinations of RV, RV match and initial events make sense. */
function listOptionCauses(o: {
  isWatch: boolean;
  resourceVersion: string | undefined;
  match: string;
  sendInitialEvents: boolean | undefined;
  allowWatchBookmarks: boolean;
}): StatusCause[] {
  const forbidden = (message: string): StatusCause => ({
    field: o.match === '' ? 'sendInitialEvents' : 'resourceVersionMatch',
    reason: 'FieldValueForbidden',
    message: `Forbidden: ${message}`,
  });
  if (o.match !== '' && o.match !== 'Exact' && o.match !== 'NotOlderThan') {
    return [
      {
        field: 'resourceVersionMatch',
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: "${o.match}": supported values: "Exact", "NotOlderThan", ""`,
      },
    ];
  }
  if (o.isWatch) {
    if (o.sendInitialEvents !== undefined) {
      if (o.match !== 'NotOlderThan') {
        return [
          forbidden('sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'),
        ];
      }
      if (!o.allowWatchBookmarks) {
        return [
          {
            field: 'allowWatchBookmarks',
            reason: 'FieldValueForbidden',
            message: 'Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true',
          },
        ];
      }
    } else if (o.match !== '') {
      return [
        forbidden(
          'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
        ),
      ];
    }
    return [];
  }
  if (o.sendInitialEvents !== undefined) {
    return [forbidden('sendInitialEvents is forbidden for list')];
  }
  if (o.match === '') return [];
  if (o.resourceVersion === undefined || o.resourceVersion === '') {
    return [forbidden('resourceVersionMatch is forbidden unless resourceVersion is provided')];
  }
  if (o.match === 'Exact' && o.resourceVersion === '0') {
    return [forbidden('resourceVersionMatch "exact" is forbidden for resourceVersion "0"')];
  }
  return [];
}

function nonEmpty(value: string | null): string | undefined {
  return value === null || value === '' ? undefined : value;
}

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** What `CreateOptions` / `UpdateOptions` / `PatchOptions` carry. */
export interface WriteParams {
  dryRun: boolean;
  /** As given; the default (from the User-Agent) is the caller's, see field-manager.ts. */
  fieldManager: string | undefined;
  fieldValidation: FieldValidation;
  /** PATCH only (apply). */
  force: boolean | undefined;
}

/** The options kind named in 422 messages for each write verb. */
export type WriteOptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

/**
 * Parses `dryRun`, `fieldManager`, `fieldValidation` (default `Warn`, as the real server's
 * default since 1.27) and `force`.
 */
export function parseWriteParams(params: URLSearchParams, kind: WriteOptionsKind): WriteParams {
  const causes: StatusCause[] = [];
  const dryRun = params.getAll('dryRun');
  const badDryRun = dryRun.filter((v) => v !== 'All');
  if (badDryRun.length > 0) {
    causes.push({
      field: 'dryRun',
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: []string{${dryRun.map((v) => JSON.stringify(v)).join(', ')}}: supported values: "All"`,
    });
  }
  const fieldValidation = params.get('fieldValidation') ?? '';
  if (!['', 'Strict', 'Warn', 'Ignore'].includes(fieldValidation)) {
    // The real server reports this one as a plain 400, not against the options kind.
    throw badRequest(
      `fieldValidation: Unsupported value: "${fieldValidation}": supported values: "Ignore", "Strict", "Warn"`,
    );
  }
  const fieldManager = nonEmpty(params.get('fieldManager'));
  if (fieldManager !== undefined && Buffer.byteLength(fieldManager) > 128) {
    causes.push({
      field: 'fieldManager',
      reason: 'FieldValueTooLong',
      message: 'Too long: may not be more than 128 bytes',
    });
  }
  const force = parseBoolParam('force', params.get('force'));
  if (causes.length > 0) throw optionsInvalid(kind, causes);
  return {
    dryRun: dryRun.length > 0,
    fieldManager,
    fieldValidation: fieldValidation === '' ? 'Warn' : (fieldValidation as FieldValidation),
    force,
  };
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** `TableOptions.includeObject` (default Metadata). */
export function parseIncludeObject(params: URLSearchParams): IncludeObject {
  const value = params.get('includeObject') ?? '';
  if (value === '') return 'Metadata';
  if (value === 'None' || value === 'Metadata' || value === 'Object') return value;
  throw badRequest(
    `Unable to convert to Table as requested: includeObject: Unsupported value: "${value}": supported values: "Metadata", "None", "Object"`,
  );
}
