/**
 * The `apiserver-standin` bin (dist/cli.js) as a child process: it announces its URL, writes a
 * kubeconfig, survives SIGKILL with its --data-dir intact (objects and the resourceVersion
 * counter), exits 0 on SIGTERM and 2 on a usage error.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/** JSON from the server, read freely in assertions. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary API JSON
type Json = any;

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');

let dir: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'standin-bin-'));
});

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process.kill(child.pid, 'SIGKILL');
    }
  }
  await rm(dir, { recursive: true, force: true });
});

function requireBuild(): void {
  if (!existsSync(CLI)) {
    throw new Error(`${CLI} is missing: build it first (cd tools/apiserver-standin && npx tsup)`);
  }
}

/** Starts the bin; resolves with its URL once it prints `listening on <url>`. */
async function startBin(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  requireBuild();
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c) => {
    stderr += c;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "listening on" within 20 s; stderr: ${stderr}`)),
      20_000,
    );
    child.stdout!.on('data', (c) => {
      stdout += c;
      const match = /^listening on (\S+)$/m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening; stderr: ${stderr}`));
    });
  });
  return { child, url };
}

function exited(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

async function json(url: string, init?: RequestInit): Promise<Record<string, Json>> {
  const res = await fetch(url, init);
  return (await res.json()) as Record<string, Json>;
}

describe('apiserver-standin bin', () => {
  it('keeps objects and the resourceVersion counter across a SIGKILL, and exits 0 on SIGTERM', async () => {
    const kubeconfig = join(dir, 'kubeconfig');
    const data = join(dir, 'data');
    const first = await startBin([
      '--port',
      '0',
      '--write-kubeconfig',
      kubeconfig,
      '--data-dir',
      data,
    ]);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const config = parse(await readFile(kubeconfig, 'utf8'));
    expect(config.clusters[0].cluster).toEqual({
      server: first.url,
      'insecure-skip-tls-verify': true,
    });
    expect(config['current-context']).toBe('standin');
    for (const name of ['one', 'two']) {
      const reply = await json(`${first.url}/api/v1/namespaces/default/configmaps`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name },
          data: { name },
        }),
      });
      expect(reply.metadata.name).toBe(name);
    }
    const before = await json(`${first.url}/api/v1/namespaces/default/configmaps`);
    process.kill(first.child.pid!, 'SIGKILL');
    expect((await exited(first.child)).signal).toBe('SIGKILL');

    const second = await startBin(['--port', '0', '--data-dir', data]);
    const after = await json(`${second.url}/api/v1/namespaces/default/configmaps`);
    expect(after.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual([
      'one',
      'two',
    ]);
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    const next = await json(`${second.url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'three' } }),
    });
    expect(Number(next.metadata.resourceVersion)).toBeGreaterThan(
      Number(before.metadata.resourceVersion),
    );
    process.kill(second.child.pid!, 'SIGTERM');
    expect(await exited(second.child)).toEqual({ code: 0, signal: null });
  });

  it('serves HTTPS with --tls and puts the CA in the kubeconfig', async () => {
    const kubeconfig = join(dir, 'kubeconfig');
    const { child, url } = await startBin([
      '--port',
      '0',
      '--tls',
      '--write-kubeconfig',
      kubeconfig,
    ]);
    expect(url).toMatch(/^https:\/\//);
    const cluster = parse(await readFile(kubeconfig, 'utf8')).clusters[0].cluster;
    expect(cluster['certificate-authority-data']).toBeTruthy();
    expect(cluster['insecure-skip-tls-verify']).toBeUndefined();
    process.kill(child.pid!, 'SIGTERM');
    expect((await exited(child)).code).toBe(0);
  });

  it('exits 2 with the usage on a bad flag', async () => {
    requireBuild();
    const child = spawn(process.execPath, [CLI, '--port', 'eighty'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (c) => {
      stderr += c;
    });
    expect((await exited(child)).code).toBe(2);
    expect(stderr).toContain('--port must be a non-negative integer');
    expect(stderr).toContain('usage: apiserver-standin');
  });
});
