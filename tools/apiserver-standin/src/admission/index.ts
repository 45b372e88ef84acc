/**
 * Validating admission webhooks: ValidatingWebhookConfigurations are acted on as a real
 * apiserver acts on them. validating-admission.ts decides which webhooks a write goes to and
 * what their answers mean; webhook-config.ts reads configurations and matches rules;
 * label-selector.ts matches namespace and object selectors; admission-review.ts builds the
 * request and checks the reply; webhook-client.ts makes the HTTPS call;
 * admission-errors.ts words the refusals.
 */

export { WebhookDeniedError } from './admission-errors.js';
export { ADMIN_USER_INFO } from './admission-review.js';
export { matchesLabelSelector } from './label-selector.js';
export { ValidatingAdmission, type ValidatingAdmissionOptions } from './validating-admission.js';
export type { ServiceReference } from './webhook-config.js';
