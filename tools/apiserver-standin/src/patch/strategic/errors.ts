/**
 * Strategic merge patch errors, worded as k8s.io/apimachinery/pkg/util/mergepatch and
 * strategicpatch word them, coded as the apiserver's `interpretStrategicMergePatchError`
 * codes them: the malformed-directive sentinels are 400, lists of lists 422 (with the generic
 * sentence). The remaining errors are plain Go errors the real server lets through as HTTP 500
 * with an empty reason; a malformed patch is the client's fault, so the stand-in answers those
 * 400 BadRequest with the same words.
 */

import type { ApiError } from '../../errors.js';
import { patchBadRequest, patchUnprocessable } from '../patch-errors.js';
import { goTypeName, goValue } from '../util/go-format.js';

/** `mergepatch.ErrBadPatchFormatForPrimitiveList`. */
export function badPrimitiveListFormat(): ApiError {
  return patchBadRequest('invalid patch format of primitive list');
}

/** `mergepatch.ErrBadPatchFormatForRetainKeys`. */
export function badRetainKeysFormat(): ApiError {
  return patchBadRequest('invalid patch format of retainKeys');
}

/** `mergepatch.ErrBadPatchFormatForSetElementOrderList`. */
export function badSetElementOrderFormat(): ApiError {
  return patchBadRequest('invalid patch format of setElementOrder list');
}

/** `mergepatch.ErrNoListOfLists`: 422 with the generic sentence, as the server sends it. */
export function noListOfLists(): ApiError {
  return patchUnprocessable();
}

/** `mergepatch.ErrNoMergeKey`: `map: map[...] does not contain declared merge key: port`. */
export function noMergeKey(item: unknown, mergeKey: string): ApiError {
  return patchBadRequest(`map: ${goValue(item)} does not contain declared merge key: ${mergeKey}`);
}

/** `mergepatch.ErrBadArgType` for an expected map or list. */
export function badArgType(expected: 'map' | 'list', actual: unknown): ApiError {
  const want = expected === 'map' ? 'map[string]interface {}' : '[]interface {}';
  return patchBadRequest(`expected a ${want}, but received a ${goTypeName(actual)}`);
}

/** `mergepatch.ErrBadPatchType`: an unknown `$patch` value. */
export function badPatchType(directive: unknown, where: unknown): ApiError {
  return patchBadRequest(`unknown patch type: ${goPercentS(directive)} in map: ${goValue(where)}`);
}

/** Any other strategicpatch error, with its words. */
export function patchFailed(message: string): ApiError {
  return patchBadRequest(message);
}

/** Go `%s` of a decoded JSON value. */
function goPercentS(value: unknown): string {
  if (typeof value === 'string') return value;
  return `%!s(${goTypeName(value)}=${goValue(value)})`;
}
