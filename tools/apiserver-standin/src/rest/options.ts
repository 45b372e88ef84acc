/**
 * The options and callback shapes of `ResourceStore` (contract A): hooks the server plugs in
 * (schema checks, admission webhooks), the options of each verb, and watch events.
 */
import type { AdmissionAttributes, KubeObject, ResourceType, WatchEventType } from '../types.js';

/** `fieldValidation` query parameter values. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface RestHooks {
  /**
   * Before a CREATE/UPDATE is stored, after server-set fields: schema defaulting/pruning/
   * validation, built-in checks. Returns the object to store; throws ApiError (400 strict
   * unknown field, 422 invalid).
   */
  validate?(
    rt: ResourceType,
    object: KubeObject,
    old: KubeObject | undefined,
    opts: { fieldValidation: FieldValidation; subresource: string | undefined },
  ): KubeObject;
  /**
   * Validating admission (webhooks): throws ApiError to refuse the write. Called for
   * CREATE/UPDATE/DELETE, dryRun included (as the real server does).
   */
  admit?(attrs: AdmissionAttributes): Promise<void>;
  /**
   * CRD conversion webhooks (types with `conversion`): `objects` in `desiredAPIVersion`, those
   * already in it kept as they are, the rest converted in one call. `inGvk` names the input
   * in errors (`metallb.io/v1beta2, Kind=BGPPeer`), `inList` picks the list wording.
   * Throws ApiError 500 when the webhook fails. Without it, types are relabelled (None).
   */
  convert?(
    rt: ResourceType,
    objects: readonly KubeObject[],
    desiredAPIVersion: string,
    inGvk: string,
    inList: boolean,
  ): Promise<KubeObject[]>;
}

export interface WriteOptions {
  /** Check and admit everything, store nothing. */
  dryRun?: boolean;
  /** Records a managedFields entry (operation Update) on create and update (PUT). */
  fieldManager?: string;
  /** Default 'Warn', as the real server. */
  fieldValidation?: FieldValidation;
  subresource?: 'status';
  /**
   * The caller only serializes the answer (the HTTP layer): it gets a read-only view of the
   * stored, frozen object instead of a deep copy.
   */
  readOnlyResult?: boolean;
}

export interface ListQuery {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
}

export interface WatchQuery {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
}

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject | Record<string, unknown>;
}

export interface WatchHandle {
  /** Sends a BOOKMARK now (only if allowWatchBookmarks). */
  bookmark(): void;
  /** The client went away: stop delivering (does not call onEnd). Idempotent. */
  stop(): void;
}

export interface DeleteOptions {
  dryRun?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: string;
  gracePeriodSeconds?: number;
}
