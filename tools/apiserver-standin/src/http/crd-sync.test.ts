import { describe, expect, it } from 'vitest';
import { stableStatus } from './crd-sync.js';
import { FollowUps } from './follow-ups.js';

describe('stableStatus', () => {
  it('keeps the transition time of a condition whose status did not change', () => {
    const before = {
      conditions: [{ type: 'Established', status: 'True', lastTransitionTime: 't0' }],
    };
    const next = {
      conditions: [{ type: 'Established', status: 'True', lastTransitionTime: 't1' }],
    };
    expect(stableStatus(before, next)).toEqual(before);
  });
  it('takes the new time on a transition, and for new conditions', () => {
    const before = {
      conditions: [{ type: 'Established', status: 'False', lastTransitionTime: 't0' }],
    };
    const next = {
      conditions: [
        { type: 'Established', status: 'True', lastTransitionTime: 't1' },
        { type: 'NamesAccepted', status: 'True', lastTransitionTime: 't1' },
      ],
    };
    expect(stableStatus(before, next)).toEqual(next);
    expect(stableStatus(undefined, next)).toEqual(next);
  });
});

describe('FollowUps', () => {
  it('runs tasks in order, one at a time, including tasks queued by tasks', async () => {
    const log: string[] = [];
    const queue = new FollowUps((line) => log.push(line));
    const order: number[] = [];
    queue.enqueue('one', async () => {
      await new Promise((r) => setTimeout(r, 5));
      order.push(1);
      queue.enqueue('three', async () => {
        order.push(3);
      });
    });
    queue.enqueue('two', async () => {
      order.push(2);
    });
    await queue.settled();
    expect(order).toEqual([1, 2, 3]);
    expect(log).toEqual([]);
  });
  it('logs a failing task and goes on', async () => {
    const log: string[] = [];
    const queue = new FollowUps((line) => log.push(line));
    queue.enqueue('bad', async () => {
      throw new Error('boom');
    });
    let ran = false;
    queue.enqueue('good', async () => {
      ran = true;
    });
    await queue.settled();
    expect(ran).toBe(true);
    expect(log[0]).toMatch(/^bad failed: Error: boom/);
  });
});
