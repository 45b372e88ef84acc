// Benchmark: the controller against the API stand-in (both child processes).
//   allocate = N LoadBalancer Services created at once (24 creates in flight) with the
//              controller running, until every one shows an IP in status (watched)
//   reference = the same N creates with no controller: what the API alone costs
//   RSS      = the controller's peak RSS (VmHWM) over the run
//   restart  = the controller stopped (SIGTERM) and started again over the N Services: time
//              from start to its "initial sync done" log line, and the Services it wrote (bar: 0)
// Bars (issue 7): allocate <= 10 s for 10,000, peak RSS <= 150 MiB, restart writes 0.
// The controller runs with the NODE_OPTIONS of deploy/controller/controller.yaml, as deployed
// (BENCH_CONTROLLER_NODE_OPTIONS overrides them).
// Usage: node controller.mjs [--services N] [--no-save]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { parseAllDocuments } from 'yaml';
import { printTable, saveResults } from './lib.mjs';

const { values } = parseArgs({
  options: {
    services: { type: 'string', default: process.env.BENCH_CONTROLLER_SERVICES ?? '10000' },
    repeats: { type: 'string', default: process.env.BENCH_CONTROLLER_REPEATS ?? '3' },
    'no-save': { type: 'boolean', default: false },
  },
});
const N = Number(values.services);
const IN_FLIGHT = 24;
const standinCli = new URL('../apiserver-standin/dist/cli.js', import.meta.url).pathname;
const controllerCli = new URL('../../apps/controller/dist/cli.js', import.meta.url).pathname;
const crdsDir = new URL('../../deploy/crds/', import.meta.url).pathname;

/** The Node options the Deployment runs the controller with (deploy/controller/controller.yaml). */
function deploymentNodeOptions() {
  const file = new URL('../../deploy/controller/controller.yaml', import.meta.url).pathname;
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const d = doc.toJSON();
    if (d?.kind !== 'Deployment') continue;
    for (const c of d.spec.template.spec.containers) {
      const env = (c.env ?? []).find((e) => e.name === 'NODE_OPTIONS');
      if (env) return env.value;
    }
  }
  return '';
}
const NODE_OPTIONS = process.env.BENCH_CONTROLLER_NODE_OPTIONS ?? deploymentNodeOptions();

function startStandin(dir) {
  const child = spawn(
    process.execPath,
    [
      // BENCH_PROFILE_DIR also profiles the stand-in.
      ...(process.env.BENCH_PROFILE_DIR
        ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE_DIR]
        : []),
      standinCli,
      '--port',
      '0',
      '--write-kubeconfig',
      join(dir, 'kubeconfig'),
      '--watch-history',
      String(4 * N + 1000),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('stand-in did not start in 30 s')), 30_000);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], kubeconfig: join(dir, 'kubeconfig') });
      }
    });
    child.on('exit', (code) => reject(new Error(`stand-in exited with ${code}`)));
  });
}

/** Starts the controller; `lines` collects its JSON log lines. */
function startController(kubeconfig) {
  const child = spawn(
    process.execPath,
    [
      // BENCH_CONTROLLER_NODE_FLAGS: extra node flags, e.g. --heapsnapshot-signal=SIGUSR2.
      ...(process.env.BENCH_CONTROLLER_NODE_FLAGS ?? '').split(' ').filter(Boolean),
      // BENCH_PROFILE_DIR=/tmp/p writes a V8 CPU profile of the controller there.
      ...(process.env.BENCH_PROFILE_DIR
        ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE_DIR]
        : []),
      controllerCli,
      '--kubeconfig',
      kubeconfig,
      '--metrics-port',
      '0',
      '--webhook-port',
      'off',
      '--host',
      '127.0.0.1',
      '--identity',
      'bench',
      '--log-level',
      'info',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS } },
  );
  const lines = [];
  const waiters = [];
  let buf = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    buf += chunk;
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      try {
        const line = JSON.parse(buf.slice(0, nl));
        line.at = performance.now();
        lines.push(line);
      } catch {}
      buf = buf.slice(nl + 1);
      nl = buf.indexOf('\n');
    }
    for (const w of waiters.splice(0)) w();
  });
  const waitFor = (msg, timeoutMs = 120_000) =>
    new Promise((resolve, reject) => {
      const deadline = setTimeout(
        () => reject(new Error(`controller: no "${msg}" in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const check = () => {
        const found = lines.find((l) => l.msg === msg);
        if (found) {
          clearTimeout(deadline);
          resolve(found);
        } else if (child.exitCode !== null) {
          clearTimeout(deadline);
          reject(new Error(`controller exited (${child.exitCode})`));
        } else waiters.push(check);
      };
      check();
    });
  return { child, lines, waitFor };
}

async function stop(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function peakRssMB(pid) {
  return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
}

/** One undici pool per server: the harness should spend as little CPU as it can. */
const pools = new Map();
function poolFor(base) {
  const origin = new URL(base).origin;
  if (!pools.has(origin)) pools.set(origin, new Pool(origin, { connections: IN_FLIGHT + 4 }));
  return pools.get(origin);
}

/** A JSON request; the answer is parsed only when `parse` (creates do not need it). */
async function request(base, method, path, body, { parse = true } = {}) {
  const response = await poolFor(base).request({
    method,
    path,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  if (response.statusCode >= 300) {
    throw new Error(`${method} ${path}: ${response.statusCode} ${text.slice(0, 300)}`);
  }
  return parse && text ? JSON.parse(text) : undefined;
}

async function setUp(base) {
  await request(base, 'POST', '/api/v1/namespaces', { metadata: { name: 'metallb-system' } });
  await request(base, 'POST', '/api/v1/namespaces', { metadata: { name: 'bench' } });
  for (const file of readdirSync(crdsDir).filter((f) => f.endsWith('.yaml'))) {
    for (const doc of parseAllDocuments(readFileSync(join(crdsDir, file), 'utf8'))) {
      const crd = doc.toJSON();
      if (crd)
        await request(base, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
    }
  }
  // CRD types are served once established; the stand-in does that at once.
  await request(base, 'POST', '/apis/metallb.io/v1beta1/namespaces/metallb-system/ipaddresspools', {
    apiVersion: 'metallb.io/v1beta1',
    kind: 'IPAddressPool',
    metadata: { name: 'bench', namespace: 'metallb-system' },
    spec: { addresses: ['10.0.0.0/16'] },
  });
}

function service(i) {
  return {
    metadata: { name: `svc-${i}`, namespace: 'bench' },
    spec: {
      type: 'LoadBalancer',
      allocateLoadBalancerNodePorts: false,
      selector: { app: `app-${i % 100}` },
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
    },
  };
}

async function createAll(base) {
  let next = 0;
  const worker = async () => {
    while (next < N) {
      await request(base, 'POST', '/api/v1/namespaces/bench/services', service(next++), {
        parse: false,
      });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

/**
 * Watches bench Services from `rv`; resolves with the time the N-th one showed an IP. The
 * lines are scanned, not parsed: the harness should take as little of the machine's two cores
 * as it can from the processes it measures (it receives about 30,000 events).
 */
function allServed(base, rv) {
  const served = new Set();
  const nameOf = (line) =>
    /"metadata":\{"name":"([^"]+)"/.exec(line)?.[1] ?? JSON.parse(line).object.metadata.name;
  return new Promise((resolve, reject) => {
    const url = new URL(`/api/v1/namespaces/bench/services?watch=true&resourceVersion=${rv}`, base);
    const req = http.get(url, (res) => {
      let buf = '';
      res.setEncoding('utf8').on('data', (chunk) => {
        buf += chunk;
        let nl = buf.indexOf('\n');
        while (nl >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          nl = buf.indexOf('\n');
          if (line.includes('"ingress":[{')) served.add(nameOf(line));
          if (served.size === N) {
            req.destroy();
            resolve(performance.now());
            return;
          }
        }
      });
      res.on('end', () => reject(new Error(`watch ended with ${served.size} of ${N} served`)));
    });
    req.on('error', (err) => {
      if (served.size < N) reject(err);
    });
  });
}

async function listVersions(base) {
  const list = await request(base, 'GET', '/api/v1/namespaces/bench/services');
  return new Map(list.items.map((s) => [s.metadata.name, s.metadata.resourceVersion]));
}

async function referenceRun(dir) {
  const standin = await startStandin(dir);
  try {
    await setUp(standin.url);
    const start = performance.now();
    await createAll(standin.url);
    return (performance.now() - start) / 1000;
  } finally {
    await stop(standin.child);
  }
}

async function controllerRun(dir) {
  const standin = await startStandin(dir);
  let controller;
  try {
    await setUp(standin.url);
    controller = startController(standin.kubeconfig);
    await controller.waitFor('initial sync done');
    const { metadata } = await request(standin.url, 'GET', '/api/v1/namespaces/bench/services');
    const served = allServed(standin.url, metadata.resourceVersion);
    const start = performance.now();
    await createAll(standin.url);
    const createdS = (performance.now() - start) / 1000;
    const allocateS = ((await served) - start) / 1000;
    const rssMB = peakRssMB(controller.child.pid);
    if (process.env.BENCH_HEAP_SNAPSHOT) {
      // With BENCH_CONTROLLER_NODE_FLAGS=--heapsnapshot-signal=SIGUSR2: a snapshot of the
      // controller's heap with every Service allocated, written to its working directory.
      controller.child.kill('SIGUSR2');
      await new Promise((r) => setTimeout(r, 8000));
    }
    const port = (await controller.waitFor('metrics server listening')).port;
    const metricsText = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const gauge = (name) =>
      Number(new RegExp(`^${name} (\\S+)`, 'm').exec(metricsText)?.[1] ?? NaN) / 2 ** 20;
    const heap = {
      usedMB: gauge('nodejs_heap_size_used_bytes'),
      totalMB: gauge('nodejs_heap_size_total_bytes'),
      externalMB: gauge('nodejs_external_memory_bytes'),
    };
    console.error(`controller heap after allocation: ${JSON.stringify(heap)}`);
    const failedSyncs = controller.lines.filter((l) => l.msg === 'sync failed').length;
    console.error(`failed syncs (retried): ${failedSyncs}`);
    const cpu = {
      controller: cpuSeconds(controller.child.pid),
      standin: cpuSeconds(standin.child.pid),
    };
    await new Promise((r) => setTimeout(r, 1000)); // the annotation writes trail the status ones
    const before = await listVersions(standin.url);
    await stop(controller.child);
    const restartStart = performance.now();
    controller = startController(standin.kubeconfig);
    const done = await controller.waitFor('initial sync done');
    const restartS = (done.at - restartStart) / 1000;
    const after = await listVersions(standin.url);
    let rewritten = 0;
    for (const [name, rv] of before) if (after.get(name) !== rv) rewritten++;
    const restartRssMB = peakRssMB(controller.child.pid);
    return {
      cpu,
      createdS,
      allocateS,
      rssMB,
      restartS,
      rewritten,
      restartWrites: done.writes,
      restartRssMB,
    };
  } finally {
    if (controller) await stop(controller.child);
    await stop(standin.child);
  }
}

/** The median of each numeric field over the runs (nested objects too). */
function medians(runs) {
  const out = {};
  for (const key of Object.keys(runs[0])) {
    const values = runs.map((r) => r[key]);
    if (typeof values[0] === 'object') out[key] = medians(values);
    else {
      const sorted = [...values].sort((a, b) => a - b);
      out[key] = sorted[Math.floor(sorted.length / 2)];
    }
  }
  return out;
}

async function main() {
  const repeats = Math.max(1, Number(values.repeats));
  const refs = [];
  const runs = [];
  // Reference and controller alternate, so a slow spell of the machine hits both.
  for (let i = 0; i < repeats; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'blb-bench-controller-'));
    try {
      refs.push(await referenceRun(dir));
      runs.push(await controllerRun(dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  await Promise.all([...pools.values()].map((p) => p.close()));
  const ref = medians([{ ref: refs[0] }, ...refs.slice(1).map((r) => ({ ref: r }))]).ref;
  const run = medians(runs);
  console.error(
    `each run: ${runs.map((r, i) => `${r.allocateS.toFixed(2)} s / ${refs[i].toFixed(2)} s`).join(', ')} (controller / reference)`,
  );
  const f = (x, d = 2) => x.toFixed(d);
  const columns = ['measure', 'controller', 'reference', 'ratio', 'bar'];
  const rows = [
    [
      `${N} Services created until all have an IP, s`,
      f(run.allocateS),
      f(ref),
      `${f(run.allocateS / ref)}x`,
      N === 10000 ? (run.allocateS <= 10 ? 'PASS (<= 10 s)' : 'FAIL (<= 10 s)') : '-',
    ],
    [
      `  of which creating them (API alone: reference), s`,
      f(run.createdS),
      f(ref),
      `${f(run.createdS / ref)}x`,
      '',
    ],
    [
      'CPU s until all served: controller / stand-in',
      `${f(run.cpu.controller, 1)} / ${f(run.cpu.standin, 1)}`,
      '-',
      '-',
      '',
    ],
    [
      'controller peak RSS, MiB',
      f(run.rssMB, 0),
      '-',
      '-',
      run.rssMB <= 150 ? 'PASS (<= 150)' : 'FAIL (<= 150)',
    ],
    [`restart over ${N} Services until initial sync done, s`, f(run.restartS), '-', '-', ''],
    [
      'Services written by the restart',
      String(run.rewritten),
      '0',
      '-',
      run.rewritten === 0 ? 'PASS (0)' : 'FAIL (0)',
    ],
    [
      'controller peak RSS after restart, MiB',
      f(run.restartRssMB, 0),
      '-',
      '-',
      run.restartRssMB <= 150 ? 'PASS (<= 150)' : 'FAIL (<= 150)',
    ],
  ];
  printTable(columns, rows);
  if (!values['no-save']) {
    saveResults('controller', {
      columns,
      rows,
      notes: `Medians of ${repeats} runs (each: ${runs.map((r, i) => `${r.allocateS.toFixed(2)} s against ${refs[i].toFixed(2)} s`).join('; ')}). The controller runs with the Deployment's NODE_OPTIONS (${NODE_OPTIONS}). The controller (apps/controller/dist/cli.js) and the API stand-in are child processes on loopback; the bench creates Services through an undici keep-alive pool, ${IN_FLIGHT} in flight, and watches for their IPs. The reference is the same creates against a fresh stand-in with no controller. One pool, 10.0.0.0/16. Restart = SIGTERM, start again, until the log line "initial sync done" (claims + one sync of every Service); "written" compares every Service's resourceVersion before and after. 1-minute load average at the end: ${(await import('node:os')).loadavg()[0].toFixed(2)}.`,
      data: { ref, run, refs, runs },
    });
  }
}

await main();
