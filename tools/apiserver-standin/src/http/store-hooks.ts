/**
 * The store's RestHooks as this server fills them: per-kind work the real apiserver does in
 * its registry strategies and admission chain, run by the store after it sets its own fields
 * and before it stores anything.
 * - CustomResourceDefinitions are validated (422 with the field causes) by crd/.
 * - Custom resources are defaulted, pruned and checked against their version's schema by crd/.
 * - Services get their defaults and allocations (service-defaults.ts); the store itself does
 *   the Namespace ones.
 * - Every write is then offered to the validating admission webhooks.
 * - Custom resources whose CRD has conversion strategy Webhook convert through it.
 */

import type { WebhookConverter } from '../conversion/index.js';
import { checkCustomObject, defaultCrd, validateCrd } from '../crd/index.js';
import { invalid } from '../errors.js';
import type { RestHooks } from '../rest/index.js';
import type { AdmissionAttributes, KubeObject } from '../types.js';
import { CRD_STORAGE } from './crd-sync.js';
import type { ServiceAllocations } from './service-allocations.js';
import { defaultService } from './service-defaults.js';

export interface StoreHookDeps {
  /** Validating admission (webhooks); undefined admits everything. */
  readonly admission?: { admit(attrs: AdmissionAttributes): Promise<void> };
  /** Who holds which cluster IP and node port (to allocate free ones). */
  readonly services: ServiceAllocations;
  /** CRD conversion webhooks; undefined relabels every version (strategy None). */
  readonly converter?: WebhookConverter;
}

/** Builds the hooks the ResourceStore calls on every write. */
export function createStoreHooks(deps: StoreHookDeps): RestHooks {
  return {
    validate(rt, object, old, opts): KubeObject {
      // Stored CRDs carry their defaults (listKind, singular, conversion), as kube stores them.
      if (rt.storage === CRD_STORAGE) return checkCrd(defaultCrd(object), old);
      if (!rt.builtin) {
        return checkCustomObject(rt, object, { fieldValidation: opts.fieldValidation });
      }
      if (rt.group === '' && rt.plural === 'services') {
        return defaultService(object, old, deps.services);
      }
      return object;
    },
    async admit(attrs): Promise<void> {
      await deps.admission?.admit(attrs);
    },
    ...(deps.converter && {
      convert: (rt, objects, desired, inGvk, inList) =>
        deps.converter!.convert(rt.conversion!, objects, desired, inGvk, inList),
    }),
  };
}

function checkCrd(crd: KubeObject, old: KubeObject | undefined): KubeObject {
  const causes = validateCrd(crd, old);
  if (causes.length > 0) {
    throw invalid(
      'CustomResourceDefinition',
      'apiextensions.k8s.io',
      crd.metadata.name ?? '',
      causes,
    );
  }
  return crd;
}
