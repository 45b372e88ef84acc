/**
 * The errors the patch code raises, worded and coded as the apiserver's patch handler
 * (`staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go`) reports them.
 */

import { ApiError, badRequest } from '../errors.js';

/**
 * 422 from a patch that does not apply (a failed JSON-patch `test`, a missing path). The real
 * server builds it with `NewGenericServerResponse(422, ...)`, which drops the library's own
 * message and says only this.
 */
export function patchUnprocessable(): ApiError {
  return new ApiError(
    422,
    'Invalid',
    'the server rejected our request due to an error in our request',
    {},
  );
}

/** 400 with the decoder's or the patch library's message. */
export function patchBadRequest(message: string): ApiError {
  return badRequest(message);
}

/**
 * 422 Invalid with kube's "empty kind" wording: `NewInvalid(schema.GroupKind{}, "", ...)` on
 * a patched document that does not decode into an object.
 */
export function patchedObjectInvalid(patched: string, why: string): ApiError {
  const field = 'patch';
  const message = `Invalid value: ${JSON.stringify(patched)}: ${why}`;
  return new ApiError(422, 'Invalid', ` "" is invalid: ${field}: ${message}`, {
    causes: [{ reason: 'FieldValueInvalid', message, field }],
  });
}

/**
 * 500 for the errors the real server does not map to an API status (it answers
 * `code: 500` with an empty reason; `InternalError` is the closest reason we carry).
 */
export function patchInternal(message: string): ApiError {
  return new ApiError(500, 'InternalError', message);
}
