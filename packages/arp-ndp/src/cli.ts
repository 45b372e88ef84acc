#!/usr/bin/env node
/**
 * The `arp-ndp` bin: `arp-ndp respond --interface IF --address IP [--address IP ...]`. Thin
 * main (STYLE.md §10): parse, wire SIGTERM/SIGINT to an AbortSignal, run, exit with its code.
 * Usage errors exit 2 with the message and the usage on stderr.
 */
import { parseCommandLine, USAGE } from './cli/args.js';
import { runRespond } from './cli/run.js';

async function main(): Promise<number> {
  const parsed = parseCommandLine(process.argv.slice(2), process.env);
  if (parsed.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'usage-error') {
    process.stderr.write(`arp-ndp: ${parsed.message}\n\n${USAGE}\n`);
    return 2;
  }
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  return runRespond(parsed.options, {
    print: (line) => process.stdout.write(`${line}\n`),
    signal: stop.signal,
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `arp-ndp: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
