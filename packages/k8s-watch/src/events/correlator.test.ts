import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { EventCorrelator, type EventInput, eventNamespace } from './correlator.js';

const input = (over: Partial<EventInput> = {}): EventInput => ({
  involvedObject: {
    kind: 'Service',
    apiVersion: 'v1',
    name: 'web',
    namespace: 'default',
    uid: 'u1',
  },
  type: 'Normal',
  reason: 'IPAllocated',
  message: 'Assigned IP ["192.0.2.10"]',
  source: { component: 'controller' },
  reportingComponent: 'controller',
  reportingInstance: 'controller-0',
  ...over,
});

function setup(): { clock: ManualClock; c: EventCorrelator } {
  const clock = new ManualClock();
  const c = new EventCorrelator({
    clock,
    wallClock: () => new Date(1_700_000_000_000 + clock.now()),
    random: () => 0,
  });
  return { clock, c };
}

describe('EventCorrelator: counting', () => {
  it('creates the first event, then patches count and lastTimestamp for identical ones', () => {
    const { clock, c } = setup();
    const first = c.correlate(input());
    expect(first.action).toBe('create');
    if (first.action !== 'create') return;
    expect(first.event).toMatchObject({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { namespace: 'default' },
      count: 1,
      reason: 'IPAllocated',
      firstTimestamp: '2023-11-14T22:13:20.000Z',
    });
    expect(first.event.metadata.name).toMatch(/^web\.[0-9a-f]+$/);
    c.stored(first.key, first.event);
    clock.advance(5000);
    const second = c.correlate(input());
    expect(second).toMatchObject({
      action: 'patch',
      patch: { count: 2, lastTimestamp: '2023-11-14T22:13:25.000Z', message: input().message },
      event: {
        metadata: { name: first.event.metadata.name },
        firstTimestamp: first.event.firstTimestamp,
      },
    });
    const third = c.correlate(input());
    expect(third.action === 'patch' && third.patch.count).toBe(3);
  });

  it('creates a new event when the message, reason or object differs', () => {
    const { c } = setup();
    c.correlate(input());
    expect(c.correlate(input({ message: 'other' })).action).toBe('create');
    expect(c.correlate(input({ reason: 'Other' })).action).toBe('create');
    expect(
      c.correlate(input({ involvedObject: { ...input().involvedObject, uid: 'u2' } })).action,
    ).toBe('create');
  });

  it('starts a new event after the window', () => {
    const { clock, c } = setup();
    c.correlate(input());
    clock.advance(600_001);
    expect(c.correlate(input()).action).toBe('create');
  });

  it('starts over after forget()', () => {
    const { c } = setup();
    const first = c.correlate(input());
    if (first.action === 'drop') throw new Error('dropped');
    c.forget(first.key);
    expect(c.correlate(input()).action).toBe('create');
  });
});

describe('EventCorrelator: aggregation and spam', () => {
  it('combines the 10th distinct message for one reason into one aggregate event', () => {
    const { c } = setup();
    for (let i = 0; i < 9; i++)
      expect(c.correlate(input({ message: `m${i}` })).action).toBe('create');
    const tenth = c.correlate(input({ message: 'm9' }));
    expect(tenth).toMatchObject({
      action: 'create',
      event: { message: '(combined from similar events): m9' },
    });
    const eleventh = c.correlate(input({ message: 'm10' }));
    expect(eleventh).toMatchObject({
      action: 'patch',
      patch: { count: 2, message: '(combined from similar events): m10' },
    });
  });

  it('drops events past the per-object burst until the budget refills', () => {
    const { clock, c } = setup();
    for (let i = 0; i < 25; i++) expect(c.correlate(input()).action).not.toBe('drop');
    expect(c.correlate(input())).toEqual({ action: 'drop', reason: 'spam' });
    expect(
      c.correlate(input({ involvedObject: { name: 'other', namespace: 'default' } })).action,
    ).toBe('create');
    clock.advance(300_000);
    expect(c.correlate(input()).action).not.toBe('drop');
  });
});

describe('eventNamespace', () => {
  it('puts events about cluster-scoped objects in "default"', () => {
    expect(eventNamespace({ kind: 'Node', name: 'n1' })).toBe('default');
    expect(eventNamespace({ kind: 'Service', name: 'web', namespace: 'prod' })).toBe('prod');
  });
});
