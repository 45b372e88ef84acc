/**
 * CRD conversion webhooks (strategy Webhook): conversion-review.ts builds and checks the
 * ConversionReview exchange, webhook-converter.ts calls the webhook. The store
 * (rest/resource-store.ts, through RestHooks.convert) decides what to convert when.
 */
export { type ServiceResolver, WebhookConverter } from './webhook-converter.js';
