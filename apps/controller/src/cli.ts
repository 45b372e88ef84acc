#!/usr/bin/env node
/**
 * The `baremetal-lb-controller` bin: wires the real dependencies (files, stdin, stdout/stderr,
 * @baremetal-lb/config, the controller daemon) into main.ts and exits with its code. Nothing
 * else lives here.
 */

import { buildConfig, formatProblem, parseManifests } from '@baremetal-lb/config';
import { readInputs } from './inputs.js';
import { main } from './main.js';
import { runController } from './run.js';

const code = await main(process.argv.slice(2), {
  readInputs: (path) => readInputs(path, process.stdin),
  parseManifests,
  buildConfig,
  formatProblem,
  printError: (line) => process.stderr.write(`${line}\n`),
  printOut: (text) => process.stdout.write(text),
  env: process.env,
  run: runController,
});
process.exitCode = code;
// A stopped controller has closed its servers and watches; should a library keep a socket
// alive anyway, leave a little later rather than hang (unref: never delays a clean exit).
setTimeout(() => process.exit(code), 5000).unref();
