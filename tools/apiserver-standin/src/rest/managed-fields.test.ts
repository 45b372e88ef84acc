/** The store together with patch/'s real field manager (no mocks). */
import { afterEach, describe, expect, it } from 'vitest';
import type { ResourceStore } from './resource-store.js';
import { CONFIGMAPS, openStore } from './test-support.js';

let store: ResourceStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('managedFields through patch/recordUpdate', () => {
  it('records the manager of a create, and a repeated identical PUT stores nothing', async () => {
    let now = new Date('2026-11-25T03:00:00Z');
    store = await openStore({ now: () => now });
    const created = await store.create(
      CONFIGMAPS,
      'default',
      { metadata: { name: 'a' }, data: { k: 'v' } },
      { fieldManager: 'kubectl-create' },
    );
    expect(created.metadata.managedFields).toEqual([
      expect.objectContaining({
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2026-11-25T03:00:00Z',
      }),
    ]);
    now = new Date('2026-11-25T04:00:00Z');
    const rv = store.resourceVersion;
    const again = await store.update(CONFIGMAPS, 'default', 'a', created, {
      fieldManager: 'kubectl-create',
    });
    expect(store.resourceVersion).toBe(rv);
    expect(again).toEqual(created);
  });
});
