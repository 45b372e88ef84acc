import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import type { KubeObject } from '../types.js';
import { decodeContinue, encodeContinue } from './list.js';
import type { ListQuery } from './options.js';
import type { ResourceStore } from './resource-store.js';
import { CONFIGMAPS, EVENTS, openStore, WIDGETS_V1 } from './test-support.js';

let store: ResourceStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function withConfigMaps(
  names: [string, string][],
  watchHistory = 100,
): Promise<ResourceStore> {
  store = await openStore({ watchHistory });
  for (const [namespace, name] of names) {
    await store.create(CONFIGMAPS, namespace, {
      metadata: { name, labels: { app: name.startsWith('web') ? 'web' : 'db' } },
    });
  }
  return store;
}

function names(list: KubeObject): string[] {
  return (list.items as KubeObject[]).map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
}

function refused(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Every page of a list, following continue tokens. */
function allPages(s: ResourceStore, query: ListQuery): KubeObject[] {
  const pages = [s.list(CONFIGMAPS, query)];
  for (;;) {
    const token = (pages.at(-1)!.metadata as { continue?: string }).continue;
    if (!token) return pages;
    pages.push(s.list(CONFIGMAPS, { ...query, continue: token }));
  }
}

describe('list', () => {
  it('filters by namespace, labels and fields, in key order', async () => {
    const s = await withConfigMaps([
      ['other', 'web-2'],
      ['default', 'web-1'],
      ['default', 'db-1'],
    ]);
    expect(names(s.list(CONFIGMAPS, {}))).toEqual(['default/db-1', 'default/web-1', 'other/web-2']);
    expect(names(s.list(CONFIGMAPS, { namespace: 'default' }))).toEqual([
      'default/db-1',
      'default/web-1',
    ]);
    expect(names(s.list(CONFIGMAPS, { labelSelector: 'app=web' }))).toEqual([
      'default/web-1',
      'other/web-2',
    ]);
    expect(names(s.list(CONFIGMAPS, { fieldSelector: 'metadata.namespace!=default' }))).toEqual([
      'other/web-2',
    ]);
    expect(
      names(
        s.list(CONFIGMAPS, { labelSelector: 'app in (db)', fieldSelector: 'metadata.name=db-1' }),
      ),
    ).toEqual(['default/db-1']);
  });

  it('refuses bad selectors with 400', async () => {
    const s = await withConfigMaps([]);
    expect(refused(() => s.list(CONFIGMAPS, { labelSelector: 'app in' })).code).toBe(400);
    expect(refused(() => s.list(CONFIGMAPS, { fieldSelector: 'data.x=1' })).message).toBe(
      'field label not supported: data.x',
    );
    expect(() =>
      s.list(EVENTS, { fieldSelector: 'involvedObject.name=web,reason=Allocated' }),
    ).not.toThrow();
  });

  it('pages with limit and continue, every item once, counting the rest', async () => {
    const s = await withConfigMaps(
      Array.from({ length: 7 }, (_, i) => ['default', `web-${i}`] as [string, string]),
    );
    const pages = allPages(s, { limit: 3 });
    expect(pages.map((p) => (p.items as unknown[]).length)).toEqual([3, 3, 1]);
    expect(pages.flatMap(names)).toEqual(Array.from({ length: 7 }, (_, i) => `default/web-${i}`));
    expect((pages[0]!.metadata as { remainingItemCount?: number }).remainingItemCount).toBe(4);
    expect(
      pages.every((p) => p.metadata.resourceVersion === pages[0]!.metadata.resourceVersion),
    ).toBe(true);
    const filtered = s.list(CONFIGMAPS, { limit: 1, labelSelector: 'app=web' });
    expect(filtered.metadata).not.toHaveProperty('remainingItemCount');
    expect(filtered.metadata).toHaveProperty('continue');
  });

  it('ignores limit at resourceVersion 0, as the watch cache does', async () => {
    const s = await withConfigMaps([
      ['default', 'a'],
      ['default', 'b'],
    ]);
    const list = s.list(CONFIGMAPS, { limit: 1, resourceVersion: '0' });
    expect(names(list)).toEqual(['default/a', 'default/b']);
    expect(list.metadata).not.toHaveProperty('continue');
  });

  it("serves later pages from the first page's snapshot", async () => {
    const s = await withConfigMaps([
      ['default', 'a'],
      ['default', 'b'],
      ['default', 'c'],
    ]);
    const first = s.list(CONFIGMAPS, { limit: 1 });
    await s.delete(CONFIGMAPS, 'default', 'c');
    await s.create(CONFIGMAPS, 'default', { metadata: { name: 'bb' } });
    const b = s.get(CONFIGMAPS, 'default', 'b');
    await s.update(CONFIGMAPS, 'default', 'b', { ...b, data: { changed: 'yes' } });
    const rest = s.list(CONFIGMAPS, {
      continue: (first.metadata as { continue: string }).continue,
    });
    expect(names(rest)).toEqual(['default/b', 'default/c']);
    expect((rest.items as KubeObject[])[0]!.data).toBeUndefined();
    expect(rest.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
  });

  it('expires continue tokens older than the history (410)', async () => {
    const s = await withConfigMaps([
      ['default', 'a'],
      ['default', 'b'],
    ]);
    const first = s.list(CONFIGMAPS, { limit: 1 });
    await s.create(CONFIGMAPS, 'default', { metadata: { name: 'c' } });
    s.compactHistory();
    const error = refused(() =>
      s.list(CONFIGMAPS, { continue: (first.metadata as { continue: string }).continue }),
    );
    expect(error.toStatus()).toMatchObject({
      code: 410,
      reason: 'Expired',
      message:
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
    });
  });

  it('reads an exact resourceVersion from history, 410 when too old, 504 when in the future', async () => {
    const s = await withConfigMaps([['default', 'a']], 3);
    const rv = s.resourceVersion;
    await s.create(CONFIGMAPS, 'default', { metadata: { name: 'b' } });
    const exact = s.list(CONFIGMAPS, {
      resourceVersion: String(rv),
      resourceVersionMatch: 'Exact',
    });
    expect([names(exact), exact.metadata.resourceVersion]).toEqual([['default/a'], String(rv)]);
    const newer = s.list(CONFIGMAPS, {
      resourceVersion: String(rv),
      resourceVersionMatch: 'NotOlderThan',
    });
    expect(names(newer)).toEqual(['default/a', 'default/b']);
    for (let i = 0; i < 4; i++)
      await s.create(CONFIGMAPS, 'default', { metadata: { name: `x${i}` } });
    const old = refused(() =>
      s.list(CONFIGMAPS, { resourceVersion: String(rv), resourceVersionMatch: 'Exact' }),
    );
    expect([old.code, old.message]).toEqual([
      410,
      `too old resource version: ${rv} (${s.resourceVersion - 3})`,
    ]);
    const future = refused(() =>
      s.list(CONFIGMAPS, { resourceVersion: String(s.resourceVersion + 5) }),
    );
    expect(future.toStatus()).toMatchObject({
      code: 504,
      reason: 'Timeout',
      message: `Timeout: Too large resource version: ${s.resourceVersion + 5}, current: ${s.resourceVersion}`,
      details: {
        causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
        retryAfterSeconds: 1,
      },
    });
  });

  it('refuses contradictory options and malformed tokens', async () => {
    const s = await withConfigMaps([['default', 'a']]);
    const match = refused(() => s.list(CONFIGMAPS, { resourceVersionMatch: 'Exact' }));
    expect([match.code, match.message]).toEqual([
      422,
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    ]);
    expect(
      refused(() => s.list(CONFIGMAPS, { resourceVersion: '0', resourceVersionMatch: 'Exact' }))
        .code,
    ).toBe(422);
    expect(refused(() => s.list(CONFIGMAPS, { resourceVersion: 'abc' })).code).toBe(400);
    expect(refused(() => s.list(CONFIGMAPS, { continue: 'not a token!' })).message).toMatch(
      /^invalid continue token: continue key is not valid/,
    );
    const token = encodeContinue(s.resourceVersion, '/a');
    expect(
      refused(() => s.list(CONFIGMAPS, { continue: token, resourceVersion: '5' })).message,
    ).toBe('specifying resource version is not allowed when using continue');
  });

  it("writes continue tokens in kube's format", () => {
    const token = encodeContinue(42, 'default/web');
    expect(JSON.parse(Buffer.from(token, 'base64url').toString())).toEqual({
      v: 'meta.k8s.io/v1',
      rv: 42,
      start: 'default/web\u0000',
    });
    expect(token).not.toMatch(/[=+/]/);
    expect(decodeContinue(token)).toEqual({ rv: 42, start: 'default/web\u0000' });
  });

  it('keeps apiVersion and kind on custom resource items', async () => {
    store = await openStore();
    await store.create(WIDGETS_V1, 'default', { metadata: { name: 'w' } });
    expect((store.list(WIDGETS_V1, {}).items as KubeObject[])[0]).toMatchObject({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
    });
  });
});
