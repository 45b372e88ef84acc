/**
 * The controller's webhooks: MetalLB's validating admission webhooks and the BGPPeer
 * conversion webhook, served over HTTPS with a certificate kept in a Secret.
 *
 * Flow: `ensureWebhookCertificate` (Secret + caBundle patches, `certificates.ts`) ->
 * `startWebhookServer` (`server.ts`) -> per request `reviewAdmission` (`admission.ts`, with
 * the per-kind object subsets in `admission-subsets.ts`) or `convertReview`
 * (`conversion-review.ts` over `bgppeer-conversion.ts`). The review functions are pure.
 */
export {
  DISABLE_MP_WARNING,
  denialMessage,
  type ReviewOptions,
  reviewAdmission,
} from './admission.js';
export { type AdmissionRequest, readAdmissionRequest } from './admission-request.js';
export { PARSER_INPUTS, WEBHOOK_KINDS, type WebhookKind } from './admission-subsets.js';
export {
  BgpPeerConversionError,
  bgpPeerToV1beta1,
  bgpPeerToV1beta2,
  convertBgpPeer,
} from './bgppeer-conversion.js';
export {
  type CertificateNames,
  certificateProblem,
  generateWebhookCertificate,
  serviceDnsNames,
  type WebhookCertificate,
} from './cert-generation.js';
export { type EnsureCertificateOptions, ensureWebhookCertificate } from './certificates.js';
export { convertReview, readConversionRequest } from './conversion-review.js';
export { CONVERT_PATH, VALIDATING_PATHS } from './paths.js';
export {
  MAX_BODY_BYTES,
  startWebhookServer,
  type WebhookLog,
  type WebhookServer,
  type WebhookServerOptions,
  type WebhookTls,
} from './server.js';
export type {
  AdmissionContext,
  AdmissionResponse,
  AdmissionReviewResponse,
  ConversionResponse,
  ConversionReviewResponse,
  ConversionReviewVersion,
  ReviewStatus,
} from './types.js';
