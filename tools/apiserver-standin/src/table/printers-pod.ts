/**
 * The Pod table layout (NAME READY STATUS RESTARTS AGE, wide: IP NODE NOMINATED NODE
 * READINESS GATES), with kube's printPod rules for the STATUS word: the phase, overridden by
 * init container progress (`Init:0/1`), a waiting or terminated container's reason
 * (`CrashLoopBackOff`, `Completed`), and `Terminating` for a pod being deleted.
 */

import { AGE_COLUMN, column, int, type Layout, list, NAME_COLUMN, record, str } from './columns.js';
import { ageSince, parseTimestamp } from './human-duration.js';

type Json = Record<string, unknown>;

function isRestartableInit(container: Json | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

function terminatedReason(state: Json, prefix: string): string {
  const t = record(state.terminated);
  if (str(t.reason)) return prefix + str(t.reason);
  return int(t.signal) !== 0
    ? `${prefix}Signal:${int(t.signal)}`
    : `${prefix}ExitCode:${int(t.exitCode)}`;
}

interface Progress {
  reason: string;
  restarts: number;
  ready: number;
  lastRestart: number;
}

function lastTermination(status: Json): number {
  return parseTimestamp(record(record(status.lastState).terminated).finishedAt) ?? 0;
}

/** Init containers: returns true while the pod is still initializing. */
function initProgress(pod: Json, p: Progress, restartable: Progress): boolean {
  const spec = record(pod.spec);
  const inits = new Map(
    list(spec.initContainers)
      .map(record)
      .map((c) => [str(c.name), c]),
  );
  const statuses = list(record(pod.status).initContainerStatuses).map(record);
  for (const [i, c] of statuses.entries()) {
    p.restarts += int(c.restartCount);
    p.lastRestart = Math.max(p.lastRestart, lastTermination(c));
    const sidecar = isRestartableInit(inits.get(str(c.name)));
    if (sidecar) {
      restartable.restarts += int(c.restartCount);
      restartable.lastRestart = Math.max(restartable.lastRestart, lastTermination(c));
    }
    const state = record(c.state);
    const terminated = state.terminated !== undefined ? record(state.terminated) : undefined;
    if (terminated && int(terminated.exitCode) === 0) continue;
    if (sidecar && c.started === true) {
      if (c.ready === true) p.ready++;
      continue;
    }
    const waiting = record(state.waiting);
    if (terminated) p.reason = terminatedReason(state, 'Init:');
    else if (str(waiting.reason) && waiting.reason !== 'PodInitializing')
      p.reason = `Init:${str(waiting.reason)}`;
    else p.reason = `Init:${i}/${inits.size}`;
    return true;
  }
  return false;
}

function containerProgress(pod: Json, p: Progress): void {
  const status = record(pod.status);
  const statuses = list(status.containerStatuses).map(record);
  let hasRunning = false;
  for (const c of [...statuses].reverse()) {
    p.restarts += int(c.restartCount);
    p.lastRestart = Math.max(p.lastRestart, lastTermination(c));
    const state = record(c.state);
    const waiting = record(state.waiting);
    const terminated = state.terminated !== undefined ? record(state.terminated) : undefined;
    if (str(waiting.reason)) p.reason = str(waiting.reason);
    else if (terminated) p.reason = terminatedReason(state, '');
    else if (c.ready === true && state.running !== undefined) {
      hasRunning = true;
      p.ready++;
    }
  }
  if (p.reason === 'Completed' && hasRunning) {
    const ready = list(status.conditions)
      .map(record)
      .some((c) => c.type === 'Ready' && c.status === 'True');
    p.reason = ready ? 'Running' : 'NotReady';
  }
}

function podRow(pod: Json, now: Date): unknown[] {
  const spec = record(pod.spec);
  const status = record(pod.status);
  const meta = record(pod.metadata);
  const phase = str(status.phase);
  const p: Progress = {
    reason: str(status.reason) || phase,
    restarts: 0,
    ready: 0,
    lastRestart: 0,
  };
  const conditions = list(status.conditions).map(record);
  if (conditions.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    p.reason = 'SchedulingGated';
  }
  const restartable: Progress = { reason: '', restarts: 0, ready: 0, lastRestart: 0 };
  const initializing = initProgress(pod, p, restartable);
  const initialized = conditions.some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    p.restarts = restartable.restarts;
    p.lastRestart = restartable.lastRestart;
    containerProgress(pod, p);
  }
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  if (meta.deletionTimestamp && status.reason === 'NodeLost') p.reason = 'Unknown';
  else if (meta.deletionTimestamp && !terminal) p.reason = 'Terminating';
  const sidecars = list(spec.initContainers).map(record).filter(isRestartableInit).length;
  const total = list(spec.containers).length + sidecars;
  const restarts =
    p.restarts !== 0 && p.lastRestart !== 0
      ? `${p.restarts} (${ageSince(new Date(p.lastRestart).toISOString(), now)} ago)`
      : String(p.restarts);
  const podIP = str(record(list(status.podIPs)[0]).ip) || '<none>';
  const gates = list(spec.readinessGates).map(record);
  const trueGates = gates.filter((g) =>
    conditions.some((c) => c.type === g.conditionType && c.status === 'True'),
  ).length;
  return [
    str(meta.name),
    `${p.ready}/${total}`,
    p.reason,
    restarts,
    ageSince(meta.creationTimestamp, now),
    podIP,
    str(spec.nodeName) || '<none>',
    str(status.nominatedNodeName) || '<none>',
    gates.length > 0 ? `${trueGates}/${gates.length}` : '<none>',
  ];
}

export const POD: Layout = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    AGE_COLUMN,
    column('IP', 'string', 'podIP address allocated to the pod.', 1),
    column('Node', 'string', 'NodeName indicates in which node this pod is scheduled.', 1),
    column(
      'Nominated Node',
      'string',
      'nominatedNodeName is set when this pod preempts other pods on the node.',
      1,
    ),
    column(
      'Readiness Gates',
      'string',
      'If specified, all readiness gates will be evaluated for pod readiness.',
      1,
    ),
  ],
  cells: podRow,
  conditions(o) {
    const phase = str(record(o.status).phase);
    if (phase === 'Succeeded') {
      return [
        {
          type: 'Completed',
          status: 'True',
          reason: 'Succeeded',
          message: 'The pod has completed successfully.',
        },
      ];
    }
    if (phase === 'Failed') {
      return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    }
    return undefined;
  },
};
