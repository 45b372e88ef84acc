#!/usr/bin/env node
/**
 * The `baremetal-lb-controller` bin: wires the real dependencies (files, stdin, stdout/stderr,
 * @baremetal-lb/config) into main.ts and exits with its code. Nothing else lives here.
 */

import { buildConfig, formatProblem, parseManifests } from '@baremetal-lb/config';
import { readInputs } from './inputs.js';
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), {
  readInputs: (path) => readInputs(path, process.stdin),
  parseManifests,
  buildConfig,
  formatProblem,
  printError: (line) => process.stderr.write(`${line}\n`),
  printOut: (text) => process.stdout.write(text),
  env: process.env,
});
