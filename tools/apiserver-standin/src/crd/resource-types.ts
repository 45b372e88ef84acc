/**
 * The resource types a CustomResourceDefinition makes the server serve: one per served
 * version, all sharing one storage (`<group>/<plural>`), so an object written through one
 * version reads back through another with only `apiVersion` rewritten. That is conversion
 * strategy None; a Webhook strategy is treated the same (the stand-in calls no conversion
 * webhook), which is what MetalLB's BGPPeer v1beta1/v1beta2 need from a test server.
 */

import type { KubeObject, PrinterColumn, ResourceType } from '../types.js';
import { crdSpecOf, printerColumnsOf } from './crd-spec.js';

/** The verbs discovery lists for every custom resource. */
export const CUSTOM_RESOURCE_VERBS: readonly string[] = Object.freeze([
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'create',
  'update',
  'watch',
]);

const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** The column a CRD version without `additionalPrinterColumns` gets (apiextensions' default). */
export const DEFAULT_CUSTOM_COLUMNS: readonly PrinterColumn[] = Object.freeze([
  {
    name: 'Age',
    type: 'date',
    jsonPath: '.metadata.creationTimestamp',
    description: CREATION_TIMESTAMP_DESCRIPTION,
  },
]);

/**
 * One ResourceType per served version of the CRD, in `spec.versions` order.
 *
 * When to use: whenever a CRD is created or changes and is (or stays) established; register
 * the result (for example `ResourceRegistry.setCustomTypes`).
 *
 * Gotchas: does not validate; call `validateCrd` first. `printerColumns` is never empty: a
 * version without columns gets the default Age column, as the real server does.
 *
 * @example
 * ```ts
 * const [v1beta1] = resourceTypesOfCrd(ipAddressPoolsCrd);
 * v1beta1.storage; // 'metallb.io/ipaddresspools'
 * ```
 */
export function resourceTypesOfCrd(crd: KubeObject): ResourceType[] {
  const spec = crdSpecOf(crd);
  const storage = `${spec.group}/${spec.names.plural}`;
  return spec.versions
    .filter((v) => v.served)
    .map((v) => {
      const columns = printerColumnsOf(v);
      return {
        group: spec.group,
        version: v.name,
        kind: spec.names.kind,
        listKind: spec.names.listKind,
        plural: spec.names.plural,
        singular: spec.names.singular,
        shortNames: [...spec.names.shortNames],
        categories: [...spec.names.categories],
        namespaced: spec.scope === 'Namespaced',
        hasStatus: v.subresources?.status !== undefined && v.subresources.status !== null,
        verbs: CUSTOM_RESOURCE_VERBS,
        storage,
        builtin: false,
        tracksGeneration: true,
        ...(v.schema && { schema: v.schema }),
        printerColumns: columns && columns.length > 0 ? columns : DEFAULT_CUSTOM_COLUMNS,
      };
    });
}
