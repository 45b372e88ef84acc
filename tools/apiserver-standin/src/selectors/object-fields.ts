/**
 * Which fields each resource can be selected on, and their values for one object: kube's
 * per-kind `GetAttrs` / `...ToSelectableFields` and field-label conversion functions. Every
 * kind takes `metadata.name` and `metadata.namespace` (cluster-scoped custom resources only
 * `metadata.name`); a few built-in kinds add their own. Anything else is refused with kube's
 * `field label not supported: <field>` (400).
 */
import { badRequest } from '../errors.js';
import type { KubeObject, ResourceType } from '../types.js';
import { type FieldSelector, parseFieldSelector } from './field-selector.js';

type Getter = (object: KubeObject) => unknown;

function path(...keys: string[]): Getter {
  return (object) => {
    let at: unknown = object;
    for (const key of keys) {
      if (typeof at !== 'object' || at === null) return undefined;
      at = (at as Record<string, unknown>)[key];
    }
    return at;
  };
}

/** The first of several getters that finds a value (core and events.k8s.io share storage). */
function either(...getters: Getter[]): Getter {
  return (object) => {
    for (const get of getters) {
      const value = get(object);
      if (value !== undefined && value !== null) return value;
    }
    return undefined;
  };
}

const INVOLVED = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'];

/** core/v1 Event (`pkg/registry/core/event/strategy.go` ToSelectableFields). */
const CORE_EVENT_FIELDS: Record<string, Getter> = {
  ...Object.fromEntries(
    INVOLVED.map((k) => [
      `involvedObject.${k}`,
      either(path('involvedObject', k), path('regarding', k)),
    ]),
  ),
  reason: path('reason'),
  reportingComponent: either(path('reportingComponent'), path('reportingController')),
  source: either(path('source', 'component'), path('deprecatedSource', 'component')),
  type: path('type'),
};

/** events.k8s.io/v1 Event: the same fields under their v1 names. */
const EVENTS_V1_FIELDS: Record<string, Getter> = {
  ...Object.fromEntries(
    INVOLVED.map((k) => [
      `regarding.${k}`,
      either(path('regarding', k), path('involvedObject', k)),
    ]),
  ),
  reason: path('reason'),
  reportingController: either(path('reportingController'), path('reportingComponent')),
  type: path('type'),
};

/** Built-in kinds with fields of their own, keyed `<group>/<plural>` ('' for core). */
const KIND_FIELDS: Readonly<Record<string, Record<string, Getter>>> = {
  '/events': CORE_EVENT_FIELDS,
  'events.k8s.io/events': EVENTS_V1_FIELDS,
  '/pods': {
    'spec.nodeName': path('spec', 'nodeName'),
    'spec.restartPolicy': path('spec', 'restartPolicy'),
    'spec.schedulerName': path('spec', 'schedulerName'),
    'spec.serviceAccountName': path('spec', 'serviceAccountName'),
    'spec.hostNetwork': (o) => path('spec', 'hostNetwork')(o) === true,
    'status.phase': path('status', 'phase'),
    'status.podIP': path('status', 'podIP'),
    'status.nominatedNodeName': path('status', 'nominatedNodeName'),
  },
  '/secrets': { type: path('type') },
  '/namespaces': { 'status.phase': path('status', 'phase') },
  '/nodes': { 'spec.unschedulable': (o) => path('spec', 'unschedulable')(o) === true },
  '/replicationcontrollers': { 'status.replicas': path('status', 'replicas') },
  'apps/replicasets': { 'status.replicas': path('status', 'replicas') },
  'batch/jobs': { 'status.successful': path('status', 'succeeded') },
};

function kindFields(rt: ResourceType): Record<string, Getter> {
  return rt.builtin ? (KIND_FIELDS[`${rt.group}/${rt.plural}`] ?? {}) : {};
}

/** Whether `rt` answers to `metadata.namespace` (not for cluster-scoped custom resources). */
function selectsNamespace(rt: ResourceType): boolean {
  return rt.builtin || rt.namespaced;
}

/** The field labels `rt` can be selected on. */
export function supportedFieldLabels(rt: ResourceType): string[] {
  const labels = ['metadata.name'];
  if (selectsNamespace(rt)) labels.push('metadata.namespace');
  return [...labels, ...Object.keys(kindFields(rt))];
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

/** The selectable fields of one object, as strings ("" for absent). */
export function fieldSetOf(rt: ResourceType, object: KubeObject): Record<string, string> {
  const fields: Record<string, string> = { 'metadata.name': text(object.metadata.name) };
  if (selectsNamespace(rt)) fields['metadata.namespace'] = text(object.metadata.namespace);
  for (const [label, get] of Object.entries(kindFields(rt))) fields[label] = text(get(object));
  return fields;
}

/**
 * Parses a `fieldSelector` for `rt`: syntax, then every field checked against what `rt`
 * supports (in the selector's sorted term order, as kube converts them).
 *
 * @throws ApiError 400 on bad syntax or `field label not supported: <field>`.
 */
export function compileFieldSelector(rt: ResourceType, selector: string): FieldSelector {
  const parsed = parseFieldSelector(selector);
  const supported = new Set(supportedFieldLabels(rt));
  for (const r of parsed.requirements) {
    if (!supported.has(r.field)) throw badRequest(`field label not supported: ${r.field}`);
  }
  return parsed;
}
