/**
 * The logger's output read back from an in-memory stream: JSON lines with a level word, ISO
 * time and msg; level filtering; and the k8s-watch adapter writing through it.
 */

import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, type LogLevel, logLevelFromFlag, toWatchLogger } from './logger.js';

/** A destination that keeps every line written to it. */
function memoryStream(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return {
    stream,
    lines: () =>
      text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('writes one JSON object a line with level, ISO time, msg and the fields', () => {
    const mem = memoryStream();
    const log = createLogger({ level: 'info', name: 'controller', destination: mem.stream });
    log.info({ event: 'serviceUpdated', service: 'default/web' }, 'service updated');
    log.warn({ pool: 'default' }, 'pool full');
    const [first, second, ...rest] = mem.lines();
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      level: 'info',
      name: 'controller',
      event: 'serviceUpdated',
      service: 'default/web',
      msg: 'service updated',
    });
    expect(first!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(new Date(first!.time as string).toISOString()).toBe(first!.time);
    expect(second).toMatchObject({ level: 'warn', pool: 'default', msg: 'pool full' });
    expect(first).not.toHaveProperty('hostname');
  });

  it('serializes an Error under err with its message and stack', () => {
    const mem = memoryStream();
    const log = createLogger({ level: 'debug', destination: mem.stream });
    log.error({ err: new Error('boom') }, 'sync failed');
    const [line] = mem.lines();
    expect(line).toMatchObject({ level: 'error', msg: 'sync failed', err: { message: 'boom' } });
    expect((line!.err as { stack: string }).stack).toContain('Error: boom');
  });

  it.each<[LogLevel, string[]]>([
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
    ['silent', []],
  ])('at level %s writes only %j', (level, expected) => {
    const mem = memoryStream();
    const log = createLogger({ level, destination: mem.stream });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(mem.lines().map((l) => l.level)).toEqual(expected);
  });
});

describe('logLevelFromFlag', () => {
  it("maps MetalLB's --log-level words and refuses others", () => {
    expect(logLevelFromFlag('all')).toBe('debug');
    expect(logLevelFromFlag('debug')).toBe('debug');
    expect(logLevelFromFlag('info')).toBe('info');
    expect(logLevelFromFlag('warn')).toBe('warn');
    expect(logLevelFromFlag('error')).toBe('error');
    expect(logLevelFromFlag('none')).toBe('silent');
    expect(logLevelFromFlag('verbose')).toBeUndefined();
  });
});

describe('toWatchLogger', () => {
  it('writes through the pino logger even when its methods are detached', () => {
    const mem = memoryStream();
    const watch = toWatchLogger(createLogger({ level: 'debug', destination: mem.stream }));
    const { debug, info, warn, error } = watch;
    debug({ resource: 'services' }, 'list');
    info({ resource: 'services' }, 'watch started');
    warn({ code: 410 }, 'watch expired');
    error({ err: new Error('gone') }, 'relist failed');
    expect(mem.lines().map((l) => [l.level, l.msg])).toEqual([
      ['debug', 'list'],
      ['info', 'watch started'],
      ['warn', 'watch expired'],
      ['error', 'relist failed'],
    ]);
    expect(mem.lines()[2]).toMatchObject({ code: 410 });
  });
});
