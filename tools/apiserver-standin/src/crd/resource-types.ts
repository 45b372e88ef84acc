/**
 * The resource types a CustomResourceDefinition makes the server serve: one per served
 * version, all sharing one storage (`<group>/<plural>`). With conversion strategy None an
 * object written through one version reads back through another with only `apiVersion`
 * rewritten; with strategy Webhook each type carries the webhook (`conversion`), and the
 * store converts through it (conversion/): objects are kept in the storage version.
 */

import type { KubeObject, PrinterColumn, ResourceType, WebhookConversion } from '../types.js';
import { type CrdSpec, crdSpecOf, printerColumnsOf, storageVersionOf } from './crd-spec.js';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The conversion webhook of a CRD whose strategy is Webhook (undefined otherwise). */
export function webhookConversionOf(name: string, spec: CrdSpec): WebhookConversion | undefined {
  const conversion = spec.conversion;
  if (conversion?.strategy !== 'Webhook') return undefined;
  const webhook = record(conversion.webhook);
  const client = record(webhook?.clientConfig);
  const service = record(client?.service);
  const reviewVersions = Array.isArray(webhook?.conversionReviewVersions)
    ? webhook.conversionReviewVersions.filter((v): v is string => typeof v === 'string')
    : [];
  const caBundle =
    typeof client?.caBundle === 'string' && client.caBundle !== ''
      ? Buffer.from(client.caBundle, 'base64').toString('utf8')
      : undefined;
  return {
    crd: name,
    storageVersion: storageVersionOf(spec) ?? spec.versions[0]?.name ?? '',
    ...(typeof client?.url === 'string' && { url: client.url }),
    ...(service && {
      service: {
        namespace: String(service.namespace ?? ''),
        name: String(service.name ?? ''),
        path: typeof service.path === 'string' ? service.path : undefined,
        port: typeof service.port === 'number' ? service.port : 443,
      },
    }),
    ...(caBundle !== undefined && { caBundle }),
    reviewVersions,
  };
}

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
  const conversion = webhookConversionOf(crd.metadata.name ?? '', spec);
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
        ...(conversion && { conversion }),
      };
    });
}
