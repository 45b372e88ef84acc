import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runSpeak } from './speak.js';

/** No peers, no listener: runSpeak touches no network. */
const CONFIG = 'localAS: 64513\nrouterId: 192.0.2.11\ndrainTime: 0\npeers: []\n';

/** A stdout that collects the `event` of each JSON line and calls `onEvent` as it is written. */
function eventSink(onEvent: (event: string) => void = () => {}) {
  const events: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        const { event } = JSON.parse(line) as { event: string };
        events.push(event);
        onEvent(event);
      }
      done();
    },
  });
  return { stream, events };
}

const SIGNALS = ['SIGHUP', 'SIGTERM', 'SIGINT'] as const;
const listening = (signals: EventEmitter) => SIGNALS.map((s) => signals.listenerCount(s));

/** `promise`, or a rejection after `ms` (a lost signal leaves runSpeak waiting forever). */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms)),
  ]);
}

describe('runSpeak signals', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const configFile = () => {
    dir = mkdtempSync(join(tmpdir(), 'blb-speak-'));
    writeFileSync(join(dir, 'speak.yaml'), CONFIG);
    return join(dir, 'speak.yaml');
  };

  it('acts on a SIGTERM that arrives while it starts: drains, stops, exit code 0', async () => {
    const signals = new EventEmitter();
    const out = eventSink();
    const done = runSpeak(['--config', configFile()], {
      stdout: out.stream,
      stderr: out.stream,
      signals,
    });
    // Before the config is even read: a process without a listener would die of it.
    expect(listening(signals)).toEqual([1, 1, 1]);
    signals.emit('SIGTERM');
    await expect(within(done, 5_000)).resolves.toBe(0);
    expect(out.events).toEqual(['config', 'draining', 'stopped']);
    expect(listening(signals)).toEqual([0, 0, 0]);
  });

  it('keeps listening while it drains, and a second SIGTERM, a SIGINT or a SIGHUP change nothing', async () => {
    const signals = new EventEmitter();
    let during: number[] = [];
    const out = eventSink((event) => {
      if (event === 'config') signals.emit('SIGTERM');
      if (event !== 'draining') return;
      during = listening(signals);
      for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP']) signals.emit(s);
    });
    const done = runSpeak(['--config', configFile()], {
      stdout: out.stream,
      stderr: out.stream,
      signals,
    });
    await expect(within(done, 5_000)).resolves.toBe(0);
    expect(during).toEqual([1, 1, 1]);
    expect(out.events).toEqual(['config', 'draining', 'stopped']);
  });
});
