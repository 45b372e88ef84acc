/**
 * The URL paths MetalLB's webhook server serves (`config/webhook/manifests.yaml`,
 * `internal/k8s/webhook.go`) and the kind each validating path admits. deploy/controller/
 * webhook.yaml points the ValidatingWebhookConfiguration at exactly these.
 */
import type { WebhookKind } from './admission-subsets.js';

/** Validating webhook path -> the kind it admits. */
export const VALIDATING_PATHS: Readonly<Record<string, WebhookKind>> = {
  '/validate-metallb-io-v1beta1-ipaddresspool': 'IPAddressPool',
  '/validate-metallb-io-v1beta1-l2advertisement': 'L2Advertisement',
  '/validate-metallb-io-v1beta1-bgpadvertisement': 'BGPAdvertisement',
  '/validate-metallb-io-v1beta1-community': 'Community',
  '/validate-metallb-io-v1beta1-bfdprofile': 'BFDProfile',
  '/validate-metallb-io-v1beta2-bgppeer': 'BGPPeer',
};

/** The CRD conversion webhook's path (BGPPeer v1beta1 <-> v1beta2). */
export const CONVERT_PATH = '/convert';
