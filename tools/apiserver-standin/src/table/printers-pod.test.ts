import { describe, expect, it } from 'vitest';
import { POD } from './printers-pod.js';

const now = new Date('2026-03-01T12:00:00Z');

function pod(
  status: Record<string, unknown>,
  spec: Record<string, unknown> = {},
  meta: Record<string, unknown> = {},
) {
  return {
    metadata: { name: 'p', creationTimestamp: '2026-03-01T11:00:00Z', ...meta },
    spec: { containers: [{ name: 'a' }, { name: 'b' }], nodeName: 'n1', ...spec },
    status,
  };
}

describe('POD layout', () => {
  it('counts ready containers and restarts, with the age of the last restart', () => {
    const row = POD.cells(
      pod({
        phase: 'Running',
        podIPs: [{ ip: '10.1.0.7' }],
        containerStatuses: [
          {
            name: 'a',
            ready: true,
            restartCount: 2,
            state: { running: {} },
            lastState: { terminated: { finishedAt: '2026-03-01T11:55:00Z' } },
          },
          {
            name: 'b',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
          },
        ],
      }),
      now,
    );
    expect(row).toEqual([
      'p',
      '1/2',
      'CrashLoopBackOff',
      '2 (5m ago)',
      '60m',
      '10.1.0.7',
      'n1',
      '<none>',
      '<none>',
    ]);
  });

  it('shows init progress and Terminating', () => {
    const initializing = pod(
      {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'init', state: { waiting: { reason: 'PodInitializing' } } },
        ],
      },
      { initContainers: [{ name: 'init' }] },
    );
    expect(POD.cells(initializing, now)[2]).toBe('Init:0/1');
    const deleting = pod({ phase: 'Running' }, {}, { deletionTimestamp: '2026-03-01T11:59:00Z' });
    expect(POD.cells(deleting, now)[2]).toBe('Terminating');
  });

  it('marks finished pods with a Completed row condition', () => {
    expect(POD.conditions?.(pod({ phase: 'Succeeded' }))).toEqual([
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ]);
    expect(POD.conditions?.(pod({ phase: 'Running' }))).toBeUndefined();
  });
});
