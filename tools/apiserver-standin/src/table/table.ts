/**
 * meta.k8s.io Tables, the `Accept: application/json;as=Table;...` form `kubectl get` asks
 * for: kube's printer layouts for the built-in kinds (Service's EXTERNAL-IP, Node's STATUS,
 * ...), a CRD version's `additionalPrinterColumns` (or its default AGE column) for custom
 * resources, and for other kinds the apiserver's default NAME / CREATED AT. Rows carry the
 * object as PartialObjectMetadata, in full, or not at all (`?includeObject=`).
 */

import type { KubeObject, ResourceType } from '../types.js';
import {
  CREATION_TIMESTAMP_DESCRIPTION,
  column,
  type Layout,
  NAME_COLUMN,
  record,
  str,
} from './columns.js';
import { customCells, customColumnDefinitions } from './custom-columns.js';
import { parseTimestamp } from './human-duration.js';
import {
  CONFIG_MAP,
  ENDPOINT_SLICE,
  ENDPOINTS,
  LEASE,
  NAMESPACE,
  NODE,
  SECRET,
  SERVICE,
  SERVICE_ACCOUNT,
} from './printers-core.js';
import {
  CLUSTER_ROLE_BINDING,
  DAEMON_SET,
  DEPLOYMENT,
  EVENT,
  POD_DISRUPTION_BUDGET,
  ROLE_BINDING,
  WEBHOOK_CONFIGURATION,
} from './printers-more.js';
import { POD } from './printers-pod.js';

/** `?includeObject=`: what each row carries besides its cells. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableOptions {
  readonly includeObject: IncludeObject;
  /** The clock ages are measured against. */
  readonly now: Date;
  /** The list's metadata (resourceVersion, continue); a single object's resourceVersion. */
  readonly listMetadata?: Record<string, unknown>;
  /** Leave out `columnDefinitions` (null), as in every watch event after the first. */
  readonly noHeaders?: boolean;
  /** 'v1beta1' for clients that asked for `v=v1beta1`; 'v1' by default. */
  readonly version?: 'v1' | 'v1beta1';
}

const BUILTIN_LAYOUTS: ReadonlyMap<string, Layout> = new Map([
  ['/Service', SERVICE],
  ['/Pod', POD],
  ['/Node', NODE],
  ['/Namespace', NAMESPACE],
  ['/ConfigMap', CONFIG_MAP],
  ['/Secret', SECRET],
  ['/ServiceAccount', SERVICE_ACCOUNT],
  ['/Endpoints', ENDPOINTS],
  ['/Event', EVENT],
  ['events.k8s.io/Event', EVENT],
  ['discovery.k8s.io/EndpointSlice', ENDPOINT_SLICE],
  ['coordination.k8s.io/Lease', LEASE],
  ['apps/Deployment', DEPLOYMENT],
  ['apps/DaemonSet', DAEMON_SET],
  ['policy/PodDisruptionBudget', POD_DISRUPTION_BUDGET],
  ['rbac.authorization.k8s.io/RoleBinding', ROLE_BINDING],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', CLUSTER_ROLE_BINDING],
  ['admissionregistration.k8s.io/ValidatingWebhookConfiguration', WEBHOOK_CONFIGURATION],
  ['admissionregistration.k8s.io/MutatingWebhookConfiguration', WEBHOOK_CONFIGURATION],
]);

/** `rest.NewDefaultTableConvertor`: for kinds with no printer. */
const DEFAULT_LAYOUT: Layout = {
  columns: [NAME_COLUMN, column('Created At', 'date', CREATION_TIMESTAMP_DESCRIPTION)],
  cells(o) {
    const meta = record(o.metadata);
    const ms = parseTimestamp(meta.creationTimestamp);
    const created =
      ms === undefined ? '0001-01-01T00:00:00Z' : `${new Date(ms).toISOString().slice(0, 19)}Z`;
    return [str(meta.name), created];
  },
};

/** The layout `rt` prints with. */
export function layoutOf(rt: ResourceType): Layout {
  const builtin = rt.builtin ? BUILTIN_LAYOUTS.get(`${rt.group}/${rt.kind}`) : undefined;
  if (builtin) return builtin;
  const columns = rt.printerColumns;
  if (columns && columns.length > 0) {
    return {
      columns: customColumnDefinitions(columns),
      cells: (o, now) => customCells(columns, o, now),
    };
  }
  return DEFAULT_LAYOUT;
}

function rowObject(object: KubeObject, include: IncludeObject, group: string): unknown {
  switch (include) {
    case 'Object':
      return object;
    case 'None':
      return null;
    default:
      return { kind: 'PartialObjectMetadata', apiVersion: group, metadata: object.metadata };
  }
}

/**
 * A meta.k8s.io Table of `objects` (a list, or one object).
 *
 * When to use: to answer a GET/LIST/WATCH whose Accept asks for `as=Table`.
 *
 * @example
 * ```ts
 * const table = toTable(servicesType, list.items, { includeObject: 'Metadata', now: new Date(), listMetadata: list.metadata });
 * ```
 */
export function toTable(
  rt: ResourceType,
  objects: readonly KubeObject[],
  opts: TableOptions,
): Record<string, unknown> {
  const layout = layoutOf(rt);
  const apiVersion = `meta.k8s.io/${opts.version ?? 'v1'}`;
  const rows = objects.map((object) => {
    const o = object as Record<string, unknown>;
    const conditions = layout.conditions?.(o);
    return {
      cells: layout.cells(o, opts.now),
      ...(conditions && { conditions }),
      object: rowObject(object, opts.includeObject, apiVersion),
    };
  });
  return {
    kind: 'Table',
    apiVersion,
    metadata: opts.listMetadata ?? {},
    columnDefinitions: opts.noHeaders ? null : layout.columns,
    rows,
  };
}

/** A watch event as a client asking for Tables receives it. */
export interface TableWatchEvent {
  readonly type: string;
  readonly object: unknown;
}

/**
 * A watch event with its object as a one-row Table. The real server sends the column
 * definitions with the first event of a watch only (`first`), and passes ERROR events
 * (Status objects) through; a BOOKMARK becomes a Table with no rows and the bookmark's
 * resourceVersion.
 */
export function toTableEvent(
  rt: ResourceType,
  event: TableWatchEvent,
  opts: Omit<TableOptions, 'listMetadata' | 'noHeaders'> & { readonly first: boolean },
): TableWatchEvent {
  if (event.type === 'ERROR') return event;
  const object = event.object as KubeObject;
  const resourceVersion = record(object?.metadata).resourceVersion;
  const common = {
    ...opts,
    noHeaders: !opts.first,
    listMetadata: resourceVersion ? { resourceVersion } : {},
  };
  const objects = event.type === 'BOOKMARK' ? [] : [object];
  return { type: event.type, object: toTable(rt, objects, common) };
}
