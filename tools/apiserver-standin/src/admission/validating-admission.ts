/**
 * Validating admission webhooks, as the apiserver's ValidatingAdmissionWebhook plugin runs
 * them: for a write, pick every webhook of every ValidatingWebhookConfiguration whose
 * namespaceSelector, objectSelector and rules match, call them all in parallel with an
 * AdmissionReview over HTTPS, and refuse the write if any denies it, or if any cannot be
 * called and its failurePolicy is Fail.
 *
 * Deviations: matchPolicy is treated as Exact (no calls for equivalent versions of a
 * resource), matchConditions (CEL) are not evaluated, and when several webhooks refuse, the
 * first in configuration order wins (the real server takes whichever finished first).
 */

import { ApiError, notFound } from '../errors.js';
import type { AdmissionAttributes, KubeObject } from '../types.js';
import {
  dryRunUnsupported,
  internalError,
  webhookCallFailed,
  webhookDenied,
} from './admission-errors.js';
import { buildAdmissionReview, verifyAdmissionResponse } from './admission-review.js';
import { isEmptySelector, matchesLabelSelector } from './label-selector.js';
import { postReview, type WebhookTarget, webhookTarget } from './webhook-client.js';
import {
  admissionNamespace,
  isExemptFromAdmission,
  isNamespaceResource,
  ruleMatches,
  type ServiceReference,
  type ValidatingWebhook,
  webhooksOf,
} from './webhook-config.js';

export interface ValidatingAdmissionOptions {
  /**
   * Where a `clientConfig.service` webhook listens, as a base URL (`https://127.0.0.1:9443`);
   * undefined when the service cannot be reached, which fails the call as "service not
   * found". Without this option every service reference fails that way: the stand-in runs no
   * Services.
   */
  readonly resolveService?: (ref: ServiceReference) => string | undefined;
}

type NamespaceLabels = (namespace: string) => Record<string, string> | undefined;

/** A reason the webhook could not be asked (ErrCallingWebhook): failurePolicy decides. */
class CallFailure extends Error {}

function labelsOf(object: KubeObject | undefined): Record<string, string> | undefined {
  return object?.metadata?.labels;
}

/**
 * Validating admission webhooks for the stand-in.
 *
 * When to use: one per server, its `admit` installed as the store's admission hook.
 *
 * @example
 * ```ts
 * const admission = new ValidatingAdmission(() => store.list(vwcType, {}).items, (ns) => labelsOf(ns));
 * await admission.admit({ operation: 'CREATE', rt, namespace: 'x', name: 'y', object, oldObject: undefined, subresource: undefined, dryRun: false });
 * ```
 */
export class ValidatingAdmission {
  readonly #listConfigurations: () => KubeObject[];
  readonly #namespaceLabels: NamespaceLabels | undefined;
  readonly #options: ValidatingAdmissionOptions;

  /**
   * @param listConfigurations the ValidatingWebhookConfigurations in force right now.
   * @param namespaceLabels a namespace's labels (undefined if it does not exist), for
   *   `namespaceSelector`s; without it, namespaces count as unlabelled.
   */
  constructor(
    listConfigurations: () => KubeObject[],
    namespaceLabels?: NamespaceLabels,
    options: ValidatingAdmissionOptions = {},
  ) {
    this.#listConfigurations = listConfigurations;
    this.#namespaceLabels = namespaceLabels;
    this.#options = options;
  }

  /**
   * Runs the matching webhooks for one write.
   *
   * @throws ApiError when a webhook denies the write (its Status, message prefixed
   *   `admission webhook "<name>" denied the request: `), when one with failurePolicy Fail
   *   cannot be called (500), or for a dry run a webhook with side effects cannot take (400).
   */
  async admit(attrs: AdmissionAttributes): Promise<void> {
    if (isExemptFromAdmission(attrs)) return;
    const hooks = webhooksOf(this.#listConfigurations()).filter((h) => this.#shouldCall(h, attrs));
    if (hooks.length === 0) return;
    const outcomes = await Promise.all(
      hooks.map((h) => this.#call(h, attrs).catch((e: unknown) => e)),
    );
    const refusal = outcomes.find((o) => o !== undefined);
    if (refusal !== undefined) throw refusal;
  }

  /** `ShouldCallHook`: selectors, then rules; selector errors only for matching webhooks. */
  #shouldCall(hook: ValidatingWebhook, attrs: AdmissionAttributes): boolean {
    let selectorError: ApiError | undefined;
    try {
      if (!this.#namespaceSelected(hook, attrs)) return false;
    } catch (err) {
      selectorError = err instanceof ApiError ? err : internalError((err as Error).message);
    }
    try {
      if (!this.#objectSelected(hook, attrs)) return false;
    } catch (err) {
      selectorError ??= internalError((err as Error).message);
    }
    if (!hook.rules.some((r) => ruleMatches(r, attrs))) return false;
    if (selectorError) throw selectorError;
    return true;
  }

  #namespaceSelected(hook: ValidatingWebhook, attrs: AdmissionAttributes): boolean {
    const namespace = admissionNamespace(attrs);
    // Cluster-scoped resources other than namespaces are never exempted by a namespaceSelector.
    if (namespace === '' && !isNamespaceResource(attrs)) return true;
    if (isEmptySelector(hook.namespaceSelector)) return true;
    const ownLabels =
      isNamespaceResource(attrs) && !attrs.subresource && attrs.operation !== 'DELETE';
    const labels = ownLabels ? (labelsOf(attrs.object) ?? {}) : this.#labelsOfNamespace(namespace);
    return matchesLabelSelector(hook.namespaceSelector, labels);
  }

  #labelsOfNamespace(namespace: string): Record<string, string> {
    if (!this.#namespaceLabels) return {};
    const labels = this.#namespaceLabels(namespace);
    if (labels === undefined) throw notFound('', 'namespaces', namespace);
    return labels;
  }

  #objectSelected(hook: ValidatingWebhook, attrs: AdmissionAttributes): boolean {
    if (isEmptySelector(hook.objectSelector)) return true;
    const matches = (o: KubeObject | undefined): boolean =>
      o !== undefined && matchesLabelSelector(hook.objectSelector, labelsOf(o) ?? {});
    const object = attrs.operation === 'DELETE' ? undefined : attrs.object;
    return matches(object) || matches(attrs.oldObject);
  }

  /** Calls one webhook; resolves when it allows, rejects with the ApiError that refuses. */
  async #call(hook: ValidatingWebhook, attrs: AdmissionAttributes): Promise<void> {
    try {
      await this.#ask(hook, attrs);
    } catch (err) {
      if (!(err instanceof CallFailure)) throw err;
      if (hook.failurePolicy === 'Ignore') return;
      throw webhookCallFailed(hook.name, err.message);
    }
  }

  async #ask(hook: ValidatingWebhook, attrs: AdmissionAttributes): Promise<void> {
    if (attrs.dryRun) {
      if (hook.sideEffects === undefined) throw new CallFailure('Webhook SideEffects is nil');
      if (hook.sideEffects !== 'None' && hook.sideEffects !== 'NoneOnDryRun') {
        throw dryRunUnsupported(hook.name);
      }
    }
    const version = hook.admissionReviewVersions.find((v) => v === 'v1' || v === 'v1beta1');
    if (!version) {
      throw new CallFailure(
        'could not create admission objects: webhook does not accept known AdmissionReview versions (v1, v1beta1)',
      );
    }
    const review = buildAdmissionReview(attrs, version);
    let reply: unknown;
    try {
      reply = await postReview(this.#target(hook), review.body);
    } catch (err) {
      throw new CallFailure(`failed to call webhook: ${(err as Error).message}`);
    }
    let verdict: ReturnType<typeof verifyAdmissionResponse>;
    try {
      verdict = verifyAdmissionResponse(review.uid, version, reply);
    } catch (err) {
      throw new CallFailure(`received invalid webhook response: ${(err as Error).message}`);
    }
    if (!verdict.allowed) throw webhookDenied(hook.name, verdict.status);
  }

  /** The URL, expected certificate name and CA of a webhook. */
  #target(hook: ValidatingWebhook): WebhookTarget {
    return webhookTarget(
      {
        url: hook.url,
        service: hook.service,
        caBundle: hook.caBundle,
        timeoutSeconds: hook.timeoutSeconds,
      },
      this.#options.resolveService,
    );
  }
}
