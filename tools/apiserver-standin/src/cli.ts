#!/usr/bin/env node
/**
 * The `apiserver-standin` bin: parse flags, start the server, print `listening on <url>` on
 * stdout once it accepts connections, and stop cleanly (exit 0) on SIGTERM or SIGINT. Logs go
 * to stderr: errors always, one line per request with --verbose. Exit 2 on a usage error, 1 if
 * the server cannot start.
 */

import { parseArgs } from 'node:util';
import { type StandinOptions, startStandin } from './server.js';

const USAGE = `usage: apiserver-standin [--port N] [--host H] [--write-kubeconfig FILE]
                          [--watch-history N] [--data-dir DIR] [--tls] [--verbose]

A Kubernetes API server stand-in for tests and the lab.

  --port N                 TCP port, 0 picks a free one      (APISERVER_STANDIN_PORT, default 0)
  --host H                 listen address                    (APISERVER_STANDIN_HOST, default 127.0.0.1)
  --write-kubeconfig FILE  write a kubeconfig for the server (APISERVER_STANDIN_KUBECONFIG)
  --watch-history N        events kept for watch resumption  (APISERVER_STANDIN_WATCH_HISTORY, default 1000)
  --data-dir DIR           persist objects here, reload them (APISERVER_STANDIN_DATA_DIR)
  --tls                    serve HTTPS with a self-signed CA (APISERVER_STANDIN_TLS=1)
  --verbose                log every request to stderr      (APISERVER_STANDIN_VERBOSE=1)
  -h, --help               show this help

Prints "listening on <url>" on stdout when ready; SIGTERM or SIGINT stops it.`;

class UsageError extends Error {}

function nonNegativeInt(flag: string, text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text))
    throw new UsageError(`--${flag} must be a non-negative integer, got "${text}"`);
  return Number(text);
}

function envFlag(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes'].includes(value.toLowerCase());
}

/** Flags (with their environment fallbacks) -> StandinOptions; throws UsageError. */
function parseCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): { help: true } | { help: false; options: StandinOptions; verbose: boolean } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'write-kubeconfig': { type: 'string' },
        'watch-history': { type: 'string' },
        'data-dir': { type: 'string' },
        tls: { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return { help: true };
  const str = (flag: string, envName: string) =>
    (values[flag] as string | undefined) ?? (env[envName] || undefined);
  const port = nonNegativeInt('port', str('port', 'APISERVER_STANDIN_PORT'));
  if (port !== undefined && port > 65535)
    throw new UsageError(`--port must be at most 65535, got ${port}`);
  const watchHistory = nonNegativeInt(
    'watch-history',
    str('watch-history', 'APISERVER_STANDIN_WATCH_HISTORY'),
  );
  if (watchHistory === 0) throw new UsageError('--watch-history must be at least 1');
  return {
    help: false,
    verbose: (values.verbose as boolean | undefined) ?? envFlag(env.APISERVER_STANDIN_VERBOSE),
    options: {
      port,
      host: str('host', 'APISERVER_STANDIN_HOST'),
      writeKubeconfig: str('write-kubeconfig', 'APISERVER_STANDIN_KUBECONFIG'),
      watchHistory,
      dataDir: str('data-dir', 'APISERVER_STANDIN_DATA_DIR'),
      tls: (values.tls as boolean | undefined) ?? envFlag(env.APISERVER_STANDIN_TLS),
    },
  };
}

/** Runs the server until a signal; resolves with the exit code. */
async function run(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv, env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`apiserver-standin: ${err.message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const log = (line: string) => process.stderr.write(`apiserver-standin: ${line}\n`);
  let standin: Awaited<ReturnType<typeof startStandin>>;
  try {
    standin = await startStandin({
      ...parsed.options,
      log,
      requestLog: parsed.verbose ? log : undefined,
    });
  } catch (err) {
    log(`cannot start: ${(err as Error).message}`);
    return 1;
  }
  process.stdout.write(`listening on ${standin.url}\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  if (parsed.verbose) log(`${signal}: shutting down`);
  // A stuck close must not keep the process alive past its signal.
  setTimeout(() => process.exit(0), 5_000).unref();
  await standin.close();
  return 0;
}

run(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`apiserver-standin: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
