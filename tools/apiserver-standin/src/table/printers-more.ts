/**
 * Table layouts of Events (core/v1, and events.k8s.io/v1 read through the same printer, as
 * the real server converts them), the apps kinds MetalLB's manifests create (Deployment,
 * DaemonSet), PodDisruptionBudget, RBAC bindings and webhook configurations.
 */

import {
  AGE_COLUMN,
  column,
  containerCells,
  formatLabelSelector,
  formatLabels,
  int,
  type Layout,
  list,
  NAME_COLUMN,
  NAME_DESCRIPTION,
  record,
  selectorString,
  str,
} from './columns.js';
import { ageSince, parseTimestamp } from './human-duration.js';

type Json = Record<string, unknown>;

/** An events.k8s.io/v1 Event in the shape of a core/v1 one (the fields the printer reads). */
function asCoreEvent(o: Json): Json {
  if (!str(o.apiVersion).startsWith('events.k8s.io/')) return o;
  return {
    metadata: o.metadata,
    involvedObject: o.regarding,
    reason: o.reason,
    message: o.note,
    type: o.type,
    source: o.deprecatedSource,
    firstTimestamp: o.deprecatedFirstTimestamp,
    lastTimestamp: o.deprecatedLastTimestamp,
    count: o.deprecatedCount,
    eventTime: o.eventTime,
    series: o.series,
    reportingController: o.reportingController,
    reportingInstance: o.reportingInstance,
  };
}

function eventCells(raw: Json, now: Date): unknown[] {
  const o = asCoreEvent(raw);
  const since = (t: unknown): string => ageSince(t, now);
  const first =
    parseTimestamp(o.firstTimestamp) === undefined ? since(o.eventTime) : since(o.firstTimestamp);
  let last = parseTimestamp(o.lastTimestamp) === undefined ? first : since(o.lastTimestamp);
  let count = int(o.count);
  const series = o.series === undefined || o.series === null ? undefined : record(o.series);
  if (series) {
    last = since(series.lastObservedTime);
    count = int(series.count);
  } else if (count === 0) count = 1;
  const involved = record(o.involvedObject);
  const kind = str(involved.kind).toLowerCase();
  const target = str(involved.name) ? `${kind}/${str(involved.name)}` : kind;
  const source = record(o.source);
  const component = str(source.component) || str(o.reportingController);
  const host = str(source.host) || str(o.reportingInstance);
  return [
    last,
    str(o.type),
    str(o.reason),
    target,
    str(involved.fieldPath),
    host ? `${component}, ${host}` : component,
    str(o.message).trim(),
    first,
    count,
    str(record(o.metadata).name),
  ];
}

export const EVENT: Layout = {
  columns: [
    column(
      'Last Seen',
      'string',
      'The time at which the most recent occurrence of this event was recorded.',
    ),
    column(
      'Type',
      'string',
      'Type of this event (Normal, Warning), new types could be added in the future',
    ),
    column(
      'Reason',
      'string',
      "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    ),
    column('Object', 'string', 'The object that this event is about.'),
    column(
      'Subobject',
      'string',
      'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.',
      1,
    ),
    column('Source', 'string', 'The component reporting this event.', 1),
    column('Message', 'string', 'A human-readable description of the status of this operation.'),
    column('First Seen', 'string', 'The time at which the event was first recorded.', 1),
    column('Count', 'string', 'The number of times this event has occurred.', 1),
    column('Name', 'string', NAME_DESCRIPTION, 1, 'name'),
  ],
  cells: eventCells,
};

const CONTAINERS = column('Containers', 'string', 'Names of each container in the template.', 1);
const IMAGES = column(
  'Images',
  'string',
  'Images referenced by each container in the template.',
  1,
);

function name(o: Json): string {
  return str(record(o.metadata).name);
}

function age(o: Json, now: Date): string {
  return ageSince(record(o.metadata).creationTimestamp, now);
}

export const DEPLOYMENT: Layout = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'Number of the pod with ready state'),
    column(
      'Up-to-date',
      'string',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    ),
    column(
      'Available',
      'string',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    ),
    AGE_COLUMN,
    CONTAINERS,
    IMAGES,
    column('Selector', 'string', 'Label selector for pods.', 1),
  ],
  cells(o, now) {
    const spec = record(o.spec);
    const status = record(o.status);
    const [names, images] = containerCells(record(record(spec.template).spec));
    return [
      name(o),
      `${int(status.readyReplicas)}/${int(spec.replicas)}`,
      int(status.updatedReplicas),
      int(status.availableReplicas),
      age(o, now),
      names,
      images,
      selectorString(spec.selector),
    ];
  },
};

export const DAEMON_SET: Layout = {
  columns: [
    NAME_COLUMN,
    column(
      'Desired',
      'integer',
      'The total number of nodes that should be running the daemon pod.',
    ),
    column(
      'Current',
      'integer',
      'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.',
    ),
    column(
      'Ready',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.',
    ),
    column(
      'Up-to-date',
      'integer',
      'The total number of nodes that are running updated daemon pod',
    ),
    column(
      'Available',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.',
    ),
    column(
      'Node Selector',
      'string',
      'NodeSelector is a selector which must be true for the pod to fit on a node.',
    ),
    AGE_COLUMN,
    CONTAINERS,
    IMAGES,
    column('Selector', 'string', 'A label query over pods that are managed by the daemon set.', 1),
  ],
  cells(o, now) {
    const spec = record(o.spec);
    const status = record(o.status);
    const podSpec = record(record(spec.template).spec);
    const [names, images] = containerCells(podSpec);
    return [
      name(o),
      int(status.desiredNumberScheduled),
      int(status.currentNumberScheduled),
      int(status.numberReady),
      int(status.updatedNumberScheduled),
      int(status.numberAvailable),
      formatLabels(podSpec.nodeSelector),
      age(o, now),
      names,
      images,
      formatLabelSelector(spec.selector),
    ];
  },
};

function intOrString(value: unknown): string {
  return value === undefined || value === null ? 'N/A' : String(value);
}

export const POD_DISRUPTION_BUDGET: Layout = {
  columns: [
    NAME_COLUMN,
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column(
      'Allowed Disruptions',
      'integer',
      'Calculated number of pods that may be disrupted at this time.',
    ),
    AGE_COLUMN,
  ],
  cells(o, now) {
    const spec = record(o.spec);
    return [
      name(o),
      intOrString(spec.minAvailable),
      intOrString(spec.maxUnavailable),
      int(record(o.status).disruptionsAllowed),
      age(o, now),
    ];
  },
};

function bindingLayout(what: string): Layout {
  return {
    columns: [
      NAME_COLUMN,
      column(
        'Role',
        'string',
        'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.',
      ),
      AGE_COLUMN,
      column('Users', 'string', `Users in the ${what}`, 1),
      column('Groups', 'string', `Groups in the ${what}`, 1),
      column('ServiceAccounts', 'string', `ServiceAccounts in the ${what}`, 1),
    ],
    cells(o, now) {
      const ref = record(o.roleRef);
      const subjects = list(o.subjects).map(record);
      const of = (kind: string) => subjects.filter((s) => s.kind === kind);
      const sas = of('ServiceAccount').map((s) => `${str(s.namespace)}/${str(s.name)}`);
      return [
        name(o),
        `${str(ref.kind)}/${str(ref.name)}`,
        age(o, now),
        of('User')
          .map((s) => str(s.name))
          .join(', '),
        of('Group')
          .map((s) => str(s.name))
          .join(', '),
        sas.join(', '),
      ];
    },
  };
}

export const ROLE_BINDING = bindingLayout('roleBinding');
export const CLUSTER_ROLE_BINDING = bindingLayout('clusterRoleBinding');

export const WEBHOOK_CONFIGURATION: Layout = {
  columns: [
    NAME_COLUMN,
    column(
      'Webhooks',
      'integer',
      'Webhooks indicates the number of webhooks registered in this configuration',
    ),
    AGE_COLUMN,
  ],
  cells: (o, now) => [name(o), list(o.webhooks).length, age(o, now)],
};
