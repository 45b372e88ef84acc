// Benchmark: the API stand-in against a bare node:http loop serving the same JSON, through
// @kubernetes/client-node as the apps use it. With N Services stored (default 10,000):
//   create  = creates/s, 16 in flight
//   list    = one all-namespaces list of N Services, median of 5 (ms)
//   watch   = events/s from the first of W more creates to the informer's last add callback
//   RSS     = the server process's peak RSS (VmHWM)
// Ratios: stand-in / reference for times, reference-relative share for rates.
// Usage: node k8s-standin.mjs [--services N] [--watch-events W] [--no-save]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CoreV1Api, KubeConfig, makeInformer } from '@kubernetes/client-node';
import { printTable, saveResults } from './lib.mjs';

const { values } = parseArgs({
  options: {
    services: { type: 'string', default: process.env.BENCH_K8S_SERVICES ?? '10000' },
    'watch-events': { type: 'string', default: process.env.BENCH_K8S_WATCH_EVENTS ?? '2000' },
    'no-save': { type: 'boolean', default: false },
  },
});
const N = Number(values.services);
const W = Number(values['watch-events']);
const IN_FLIGHT = 16;
const NAMESPACE = 'bench';
const standinCli = new URL('../apiserver-standin/dist/cli.js', import.meta.url).pathname;
const referenceServer = new URL('./k8s/reference-server.mjs', import.meta.url).pathname;

/** Starts `node args...`, resolves with its URL once it prints "listening on <url>". */
function startServer(args) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start in 30 s`)), 30_000);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
  });
}

async function stopServer({ child }) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function peakRssMB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024;
}

function clientFor(url) {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'bench', server: url, skipTLSVerify: true }],
    users: [{ name: 'bench', token: 'bench' }],
    contexts: [{ name: 'bench', cluster: 'bench', user: 'bench' }],
    currentContext: 'bench',
  });
  return { kc, core: kc.makeApiClient(CoreV1Api) };
}

function service(i) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: `svc-${i}`, namespace: NAMESPACE, labels: { app: `app-${i % 100}` } },
    spec: {
      type: 'LoadBalancer',
      // 10,000 LoadBalancers would not fit the 2,768 node ports (30000-32767), as in a cluster.
      allocateLoadBalancerNodePorts: false,
      selector: { app: `app-${i % 100}` },
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
    },
  };
}

/** Creates services [from, to) with IN_FLIGHT requests at a time; returns seconds taken. */
async function createServices(core, from, to) {
  const start = performance.now();
  let next = from;
  const worker = async () => {
    while (next < to) {
      const i = next++;
      await core.createNamespacedService({ namespace: NAMESPACE, body: service(i) });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return (performance.now() - start) / 1000;
}

async function listMs(core) {
  const samples = [];
  for (let r = 0; r < 5; r++) {
    const start = performance.now();
    const list = await core.listServiceForAllNamespaces();
    samples.push(performance.now() - start);
    if (list.items.length < N) throw new Error(`listed ${list.items.length} of ${N}`);
  }
  samples.sort((a, b) => a - b);
  return samples[2];
}

/** Informer up (its initial list included), then W creates: events/s to the last callback. */
async function watchRate(kc, core) {
  const path = '/api/v1/services';
  const informer = makeInformer(kc, path, () => core.listServiceForAllNamespaces());
  let seen = 0;
  let done;
  const all = new Promise((resolve) => {
    done = resolve;
  });
  informer.on('add', (svc) => {
    if (Number(svc.metadata.name.slice(4)) >= N && ++seen === W) done(performance.now());
  });
  await informer.start();
  const start = performance.now();
  await createServices(core, N, N + W);
  const end = await Promise.race([
    all,
    new Promise((_, reject) => setTimeout(() => reject(new Error('watch: timed out')), 120_000)),
  ]);
  await informer.stop();
  return W / ((end - start) / 1000);
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'blb-bench-k8s-'));
  const results = {};
  try {
    // The stand-in first: it also produces the list body the reference serves.
    const standin = await startServer([
      standinCli,
      '--port',
      '0',
      '--write-kubeconfig',
      join(dir, 'kubeconfig'),
      '--watch-history',
      String(2 * (N + W)),
    ]);
    try {
      const { kc, core } = clientFor(standin.url);
      await core.createNamespace({ body: { metadata: { name: NAMESPACE } } });
      const createS = await createServices(core, 0, N);
      const body = await fetch(`${standin.url}/api/v1/services`).then((r) => r.text());
      writeFileSync(join(dir, 'list.json'), body);
      results.standin = {
        createPerS: N / createS,
        listMs: await listMs(core),
        watchPerS: await watchRate(kc, core),
        peakRssMB: peakRssMB(standin.child.pid),
      };
    } finally {
      await stopServer(standin);
    }
    const reference = await startServer([referenceServer, join(dir, 'list.json')]);
    try {
      const { kc, core } = clientFor(reference.url);
      const createS = await createServices(core, 0, N);
      results.reference = {
        createPerS: N / createS,
        listMs: await listMs(core),
        watchPerS: await watchRate(kc, core),
        peakRssMB: peakRssMB(reference.child.pid),
      };
    } finally {
      await stopServer(reference);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  report(results);
}

function report({ standin: s, reference: r }) {
  const f = (x, d = 0) => x.toFixed(d);
  const columns = ['measure', 'stand-in', 'bare node:http', 'stand-in / reference'];
  const rows = [
    [
      `create Services/s (${IN_FLIGHT} in flight)`,
      f(s.createPerS),
      f(r.createPerS),
      `${f(s.createPerS / r.createPerS, 2)}x`,
    ],
    [
      `list ${N} Services, ms (median of 5)`,
      f(s.listMs, 1),
      f(r.listMs, 1),
      `${f(s.listMs / r.listMs, 2)}x`,
    ],
    [
      `watch events/s (${W} creates to informer)`,
      f(s.watchPerS),
      f(r.watchPerS),
      `${f(s.watchPerS / r.watchPerS, 2)}x`,
    ],
    ['server peak RSS, MB', f(s.peakRssMB), f(r.peakRssMB), `${f(s.peakRssMB / r.peakRssMB, 2)}x`],
  ];
  printTable(columns, rows);
  if (values['no-save']) return;
  const notes =
    `Client: @kubernetes/client-node 1.4.0 (CoreV1Api, makeInformer) in the bench process; servers are child processes on loopback. ` +
    `The reference is a bare node:http loop (tools/bench/k8s/reference-server.mjs) that serves the stand-in's own list body from a file, stamps and echoes creates, and streams them to watches: no store, no validation. ` +
    `N = ${N} Services in one namespace stored before list and watch; watch = ${W} more creates (${IN_FLIGHT} in flight) until the informer's last add callback. ` +
    `1-minute load average at the start: ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}.`;
  saveResults('k8s-standin', { columns, rows, notes, data: { standin: s, reference: r, N, W } });
}

// Exit explicitly: client-node's keep-alive sockets would hold the process open for minutes.
main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
