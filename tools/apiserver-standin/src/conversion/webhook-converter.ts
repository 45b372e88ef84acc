/**
 * CRD conversion through the CRD's webhook (strategy Webhook), as apiextensions-apiserver's
 * webhookConverter does it: the objects not yet in the desired apiVersion go out in one
 * ConversionReview (a list is one call, however many items need it), the reply is checked
 * (conversion-review.ts) and the converted objects take their originals' places. Any failure
 * is a 500 worded as kube words it: `conversion webhook for metallb.io/v1beta2, Kind=BGPPeer
 * failed: Post "https://...": dial tcp ...: connect: connection refused`.
 *
 * The webhook is reached as admission webhooks are (admission/webhook-client.ts): a
 * service reference through the Service's endpoints, the caBundle as the only trusted CA, and
 * kube's 30 s default timeout.
 */

import { randomUUID } from 'node:crypto';
import { postReview, webhookTarget } from '../admission/webhook-client.js';
import { ApiError } from '../errors.js';
import type { KubeObject, WebhookConversion } from '../types.js';
import {
  checkedConversion,
  conversionReview,
  convertedObjectsOf,
  reviewVersionFor,
} from './conversion-review.js';

/** The timeout kube's conversion webhook client puts on every call. */
const CONVERSION_TIMEOUT_SECONDS = 30;

/** A base URL for a service reference (undefined: not reachable), as admission resolves it. */
export type ServiceResolver = (
  ref: NonNullable<WebhookConversion['service']>,
) => string | undefined;

function failure(message: string): ApiError {
  return new ApiError(500, 'InternalError', message);
}

/** Converts custom resources through their CRD's conversion webhook. */
export class WebhookConverter {
  readonly #resolveService: ServiceResolver | undefined;

  constructor(resolveService?: ServiceResolver) {
    this.#resolveService = resolveService;
  }

  /**
   * `objects` in `desiredAPIVersion`: those already in it are kept as they are, the others
   * converted in one call (none when nothing needs it). `inGvk` names the input in errors
   * (`metallb.io/v1beta2, Kind=BGPPeer`, or `..., Kind=BGPPeerList` for a list); `inList`
   * picks the Go converter's list wording.
   *
   * @throws ApiError 500 `conversion webhook for <inGvk> failed: ...` (or `returned ...`).
   */
  async convert(
    conversion: WebhookConversion,
    objects: readonly KubeObject[],
    desiredAPIVersion: string,
    inGvk: string,
    inList: boolean,
  ): Promise<KubeObject[]> {
    const pending = objects.filter((o) => o.apiVersion !== desiredAPIVersion);
    if (pending.length === 0) return [...objects];
    const version = reviewVersionFor(conversion.reviewVersions);
    if (version === undefined) throw failure('no supported conversion review versions');
    const uid = randomUUID();
    const prefix = `conversion webhook for ${inGvk}`;
    let converted: unknown[];
    try {
      const target = webhookTarget(
        {
          url: conversion.url,
          service: conversion.service,
          caBundle: conversion.caBundle,
          timeoutSeconds: CONVERSION_TIMEOUT_SECONDS,
        },
        this.#resolveService,
      );
      const reply = await postReview(
        target,
        conversionReview(version, uid, desiredAPIVersion, pending),
      );
      converted = convertedObjectsOf(version, uid, reply);
    } catch (err) {
      throw failure(`${prefix} failed: ${(err as Error).message}`);
    }
    if (!inList && converted.length !== 1) throw failure(`${prefix} failed, no objects returned`);
    if (converted.length !== pending.length) {
      throw failure(`${prefix} returned ${converted.length} objects, expected ${pending.length}`);
    }
    let index = 0;
    try {
      return objects.map((o) => {
        if (o.apiVersion === desiredAPIVersion) return o;
        const out = checkedConversion(o, converted[index], desiredAPIVersion, index, inList);
        index++;
        return out;
      });
    } catch (err) {
      throw failure(`${prefix} ${(err as Error).message}`);
    }
  }
}
