// One BIRD 2 process of the bench (the receiver, or the BIRD sender) in a lab namespace. Not
// the lab's `Bird` driver: that one renders one export-filter clause per originated route
// (quadratic at a million routes) and keeps its control socket to itself; the bench needs a
// plain config and a persistent control connection to poll.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pollUntil } from '@baremetal-lb/lab';
import { BirdControl } from './bird-control.mjs';

export class BirdDaemon {
  #host;
  #dir;
  #name;
  #proc;
  #control;

  /** `name` tells files apart when two BIRDs share `dir`; `host` is a lab host. */
  constructor({ host, dir, name }) {
    this.#host = host;
    this.#dir = dir;
    this.#name = name;
    host.netns.track(this);
  }

  get pid() {
    return this.#proc?.isRunning ? this.#proc.pid : undefined;
  }

  get logFile() {
    return join(this.#dir, `${this.#name}.log`);
  }

  /** Writes `config` (the log line is added here), starts `bird -f`, connects its socket. */
  async start(config, { timeoutMs = 30_000 } = {}) {
    const conf = join(this.#dir, `${this.#name}.conf`);
    const socket = join(this.#dir, `${this.#name}.ctl`);
    await writeFile(conf, `log "${this.logFile}" { info, warning, error, fatal, bug };\n${config}`);
    const proc = await this.#host.netns.spawn(
      ['bird', '-f', '-c', conf, '-s', socket, '-P', join(this.#dir, `${this.#name}.pid`)],
      { outputFile: join(this.#dir, `${this.#name}.out`) },
    );
    this.#proc = proc;
    // A big static config takes BIRD seconds to parse before the socket answers.
    this.#control = await pollUntil(
      async () => {
        if (!proc.isRunning) throw new Error(`bird ${this.#name} exited: ${await this.tail()}`);
        return BirdControl.connect(socket, { timeoutMs: 2000 }).catch(() => undefined);
      },
      { timeoutMs, intervalMs: 50, what: `bird ${this.#name} control socket` },
    );
  }

  /** One control-socket command; see BirdControl.request. */
  request(command, options) {
    if (!this.#control) throw new Error(`bird ${this.#name} is not running`);
    return this.#control.request(command, options);
  }

  async tail(chars = 2000) {
    const parts = await Promise.all(
      ['log', 'out'].map((ext) =>
        readFile(join(this.#dir, `${this.#name}.${ext}`), 'utf8').catch(() => ''),
      ),
    );
    return parts.join('\n').slice(-chars);
  }

  /** Stops BIRD by PID (SIGTERM, bounded wait, SIGKILL). Idempotent. */
  async close() {
    this.#control?.close();
    this.#control = undefined;
    await this.#proc?.stop();
  }
}
