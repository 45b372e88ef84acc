/**
 * The shapes every part of the stand-in shares: stored objects, the description of a served
 * resource (built-in kinds and CRD-defined ones alike), and watch events. Objects are plain
 * JSON as the API carries them; nothing here knows HTTP.
 */

/** `metadata.managedFields[]` (server-side apply bookkeeping). */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: Record<string, unknown>[];
  managedFields?: ManagedFieldsEntry[];
  [key: string]: unknown;
}

/** Any API object, as JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** An `additionalPrinterColumns` entry (CRDs), also used for the built-in Table layouts. */
export interface PrinterColumn {
  name: string;
  type: 'integer' | 'number' | 'string' | 'boolean' | 'date';
  jsonPath: string;
  format?: string;
  description?: string;
  priority?: number;
}

/** A CRD's `openAPIV3Schema` (JSONSchemaProps), as JSON. */
export interface JsonSchemaProps {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, JsonSchemaProps>;
  additionalProperties?: JsonSchemaProps | boolean;
  items?: JsonSchemaProps;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  anyOf?: JsonSchemaProps[];
  oneOf?: JsonSchemaProps[];
  allOf?: JsonSchemaProps[];
  not?: JsonSchemaProps;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-validations'?: unknown[];
  [key: string]: unknown;
}

/**
 * One served resource at one version: `services` in core/v1, `ipaddresspools` in
 * metallb.io/v1beta1. Versions of one CRD share a `storage` key (one set of objects, served
 * under each version's apiVersion); core/v1 and events.k8s.io/v1 Events share one too.
 */
export interface ResourceType {
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly namespaced: boolean;
  /** Has a `/status` subresource (writes to the main resource keep the stored status). */
  readonly hasStatus: boolean;
  readonly verbs: readonly string[];
  /** Where its objects live: `<group>/<plural>` ('core/services' for the core group). */
  readonly storage: string;
  /** Built into the server: strategic merge patch applies (CRs get 415 for it). */
  readonly builtin: boolean;
  /** Spec changes bump metadata.generation (CRs, apps/v1, ...). */
  readonly tracksGeneration: boolean;
  /** CRDs: the version's schema, for validation, defaulting and pruning. */
  readonly schema?: JsonSchemaProps;
  /** Table columns after NAME (CRD additionalPrinterColumns; built-in layouts). */
  readonly printerColumns?: readonly PrinterColumn[];
  /** CRDs with `spec.conversion.strategy: Webhook`; absent for None (apiVersion relabelled). */
  readonly conversion?: WebhookConversion;
}

/** A CRD's conversion webhook (`spec.conversion.webhook`), as the converter needs it. */
export interface WebhookConversion {
  /** The CRD's name, `<plural>.<group>`. */
  readonly crd: string;
  /** The version objects are stored in (`spec.versions[].storage`). */
  readonly storageVersion: string;
  /** `clientConfig.url`, when the webhook is addressed by URL. */
  readonly url?: string;
  /** `clientConfig.service`, when it is addressed by a Service. */
  readonly service?: {
    readonly namespace: string;
    readonly name: string;
    readonly path: string | undefined;
    readonly port: number;
  };
  /** `clientConfig.caBundle`, decoded PEM; undefined trusts the system roots. */
  readonly caBundle?: string;
  /** `conversionReviewVersions`, in preference order. */
  readonly reviewVersions: readonly string[];
}

/** `apiVersion` of a resource type ("v1", "metallb.io/v1beta1"). */
export function apiVersionOf(rt: Pick<ResourceType, 'group' | 'version'>): string {
  return rt.group === '' ? rt.version : `${rt.group}/${rt.version}`;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** One change in the store, as watchers receive it. */
export interface StoreEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** The resourceVersion this change took (for DELETED, the deletion's). */
  readonly resourceVersion: number;
  readonly storage: string;
  /** The object after the change (DELETED: its last state, with the deletion's RV). */
  readonly object: KubeObject;
  /** The object before the change (MODIFIED, DELETED): selectors need both. */
  readonly previous?: KubeObject;
}

/** A write as admission control sees it (validating webhooks, built-in checks). */
export interface AdmissionAttributes {
  readonly operation: 'CREATE' | 'UPDATE' | 'DELETE';
  readonly rt: ResourceType;
  readonly namespace: string | undefined;
  readonly name: string;
  /** The object to be stored (CREATE, UPDATE); the deleted one is `oldObject`. */
  readonly object: KubeObject | undefined;
  readonly oldObject: KubeObject | undefined;
  /** 'status' for writes to /status. */
  readonly subresource: string | undefined;
  readonly dryRun: boolean;
}
