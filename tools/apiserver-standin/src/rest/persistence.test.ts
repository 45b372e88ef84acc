import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../types.js';
import type { WatchEvent } from './options.js';
import type { ResourceStore } from './resource-store.js';
import { CONFIGMAPS, openStore, WIDGETS_V1 } from './test-support.js';

let dir: string;
const stores: ResourceStore[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'standin-store-'));
});
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<ResourceStore> {
  const s = await openStore({ dataDir: dir });
  stores.push(s);
  return s;
}

async function writeSome(s: ResourceStore): Promise<KubeObject> {
  await s.create(CONFIGMAPS, 'default', { metadata: { name: 'a' }, data: { v: '1' } });
  const b = await s.create(CONFIGMAPS, 'default', { metadata: { name: 'b' } });
  await s.update(CONFIGMAPS, 'default', 'b', { ...b, data: { v: '2' } });
  await s.delete(CONFIGMAPS, 'default', 'a');
  return s.create(WIDGETS_V1, 'default', { metadata: { name: 'w' }, spec: { size: 3 } });
}

describe('persistence (dataDir)', () => {
  it('brings back objects, uids and the RV counter after close and open', async () => {
    const first = await open();
    const widget = await writeSome(first);
    const rv = first.resourceVersion;
    const before = [first.list(CONFIGMAPS, {}), first.list(WIDGETS_V1, {})];
    await first.close();

    const second = await open();
    expect(second.resourceVersion).toBe(rv);
    expect([second.list(CONFIGMAPS, {}), second.list(WIDGETS_V1, {})]).toEqual(before);
    expect(second.get(WIDGETS_V1, 'default', 'w').metadata.uid).toBe(widget.metadata.uid);
    const next = await second.create(CONFIGMAPS, 'default', { metadata: { name: 'c' } });
    expect(Number(next.metadata.resourceVersion)).toBe(rv + 1);
  });

  it('keeps every acknowledged write when the process dies without closing', async () => {
    const crashed = await open();
    await writeSome(crashed);
    const expected = crashed.list(CONFIGMAPS, {});
    // No close(): nothing flushed or compacted after the last acknowledged write.
    stores.splice(stores.indexOf(crashed), 1);

    const reopened = await open();
    expect(reopened.list(CONFIGMAPS, {})).toEqual(expected);
  });

  it('ignores a torn last line and keeps the rest', async () => {
    const crashed = await open();
    await writeSome(crashed);
    const expected = crashed.list(CONFIGMAPS, {});
    stores.splice(stores.indexOf(crashed), 1);
    appendFileSync(
      join(dir, 'changes.log'),
      '{"rv":99,"op":"put","storage":"core/configmaps","obj',
    );

    const reopened = await open();
    expect(reopened.list(CONFIGMAPS, {})).toEqual(expected);
    // Opening compacted the log, so the torn bytes cannot corrupt later appends.
    expect(readFileSync(join(dir, 'changes.log'), 'utf8')).toBe('');
    await reopened.create(CONFIGMAPS, 'default', { metadata: { name: 'after' } });
    await reopened.close();
    stores.splice(stores.indexOf(reopened), 1);
    expect((await open()).get(CONFIGMAPS, 'default', 'after').metadata.name).toBe('after');
  });

  it('refuses to start on a corrupt line in the middle of the log', async () => {
    const crashed = await open();
    await writeSome(crashed);
    stores.splice(stores.indexOf(crashed), 1);
    const log = join(dir, 'changes.log');
    const lines = readFileSync(log, 'utf8').split('\n');
    lines[1] = '{not json';
    writeFileSync(log, lines.join('\n'));
    await expect(openStore({ dataDir: dir })).rejects.toThrow(
      /changes\.log:2: corrupt change log line/,
    );
  });

  it('does not keep the watch history: resuming from before the restart gets 410', async () => {
    const first = await open();
    const from = first.resourceVersion;
    await writeSome(first);
    await first.close();
    const second = await open();
    const events: WatchEvent[] = [];
    second.watch(
      CONFIGMAPS,
      { resourceVersion: String(from) },
      (e) => events.push(e),
      () => {},
    );
    expect(events.map((e) => [e.type, (e.object as { code?: number }).code])).toEqual([
      ['ERROR', 410],
    ]);
    const live: WatchEvent[] = [];
    second.watch(
      CONFIGMAPS,
      { resourceVersion: String(second.resourceVersion) },
      (e) => live.push(e),
      () => {},
    );
    await second.create(CONFIGMAPS, 'default', { metadata: { name: 'z' } });
    expect(live.map((e) => e.type)).toEqual(['ADDED']);
  });
});
