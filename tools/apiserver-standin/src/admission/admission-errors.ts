/**
 * The errors validating admission ends a write with, worded as k8s.io/apiserver 1.32 words
 * them:
 * - a denial (`webhookerrors.ToStatusErr`): the webhook's own Status, with its message
 *   prefixed `admission webhook "<name>" denied the request: `, code at least 400 (400 when
 *   the webhook gave none), and the webhook's reason, which may be empty;
 * - a webhook that could not be called, failurePolicy Fail: 500 InternalError
 *   `Internal error occurred: failed calling webhook "<name>": <why>`;
 * - a dry run a webhook with side effects cannot take: 400
 *   `admission webhook "<name>" does not support dry run`.
 */

import { ApiError, badRequest, type StatusDetails, type StatusReason } from '../errors.js';

/** A webhook's denial: the webhook's Status passed through, reason included even if empty. */
export class WebhookDeniedError extends ApiError {
  readonly #status: Record<string, unknown>;

  constructor(status: Record<string, unknown>) {
    const code = typeof status.code === 'number' ? status.code : 0;
    const reason = typeof status.reason === 'string' ? status.reason : '';
    const details = status.details as StatusDetails | undefined;
    super(code, reason as StatusReason, String(status.message), details);
    this.#status = status;
  }

  override toStatus(): Record<string, unknown> {
    const s = this.#status;
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: typeof s.metadata === 'object' && s.metadata !== null ? s.metadata : {},
      status: s.status,
      message: this.message,
      ...(this.reason && { reason: this.reason }),
      ...(this.details && { details: this.details }),
      code: this.code,
    };
  }
}

/** `ToStatusErr(webhookName, result)`. */
export function webhookDenied(
  webhookName: string,
  result: Record<string, unknown> | undefined,
): ApiError {
  const status: Record<string, unknown> = { ...(result ?? { status: 'Failure' }) };
  const deniedBy = `admission webhook "${webhookName}" denied the request`;
  // Never a rejection with a success code or status.
  if (typeof status.code !== 'number' || status.code < 400) status.code = 400;
  if (!status.status || status.status === 'Success') status.status = 'Failure';
  const message = typeof status.message === 'string' ? status.message : '';
  const reason = typeof status.reason === 'string' ? status.reason : '';
  if (message !== '') status.message = `${deniedBy}: ${message}`;
  else if (reason !== '') status.message = `${deniedBy}: ${reason}`;
  else status.message = `${deniedBy} without explanation`;
  return new WebhookDeniedError(status);
}

/** `ErrCallingWebhook` turned into the 500 the apiserver answers with (failurePolicy Fail). */
export function webhookCallFailed(webhookName: string, why: string): ApiError {
  const err = `failed calling webhook "${webhookName}": ${why}`;
  return new ApiError(500, 'InternalError', `Internal error occurred: ${err}`, {
    causes: [{ message: err }],
  });
}

/** `NewDryRunUnsupportedErr`. */
export function dryRunUnsupported(webhookName: string): ApiError {
  return badRequest(`admission webhook "${webhookName}" does not support dry run`);
}

/** `apierrors.NewInternalError(err)` for a selector that cannot be parsed. */
export function internalError(why: string): ApiError {
  return new ApiError(500, 'InternalError', `Internal error occurred: ${why}`, {
    causes: [{ message: why }],
  });
}
