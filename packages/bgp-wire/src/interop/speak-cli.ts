/**
 * Test helper (not exported): the real `bgp-wire speak` CLI (dist/cli.js) run in a lab host's
 * namespace with `ip netns exec`, as an operator runs it. Its stdout and stderr go to a file
 * that is read back as JSON lines; it is started and stopped by PID through the lab
 * (`Netns.spawn`: a parent-death signal, and stopped before its namespace is deleted).
 */

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabHost, LabProcess } from '@baremetal-lb/lab';

/** Where the CLI runs: a lab host, or any namespace of the lab. */
export type CliHost = Pick<LabHost, 'netns'>;

import { stringify } from 'yaml';
import { CLI_PATH, waitUntil } from './env.js';

/** One JSON line of `bgp-wire speak` output. */
export interface CliEvent {
  readonly event: string;
  readonly peer?: string;
  readonly time: string;
  readonly [field: string]: unknown;
}

/** The YAML config (DESIGN.md "Contracts"), as an object. */
export type SpeakYaml = Record<string, unknown>;

/**
 * A running `bgp-wire speak`.
 *
 * **Gotchas:** `events()` re-reads the whole output file; fine for the few hundred lines a test
 * produces. Lines that are not JSON (a stack trace on stderr) are kept in `text()`.
 */
export class SpeakCli {
  readonly host: CliHost;
  readonly dir: string;
  readonly configFile: string;
  readonly #outputFile: string;
  #proc: LabProcess | undefined;
  /** `Date.now()` when the last run's process was seen to exit. */
  exitedAtMs: number | undefined;

  private constructor(host: CliHost, dir: string) {
    this.host = host;
    this.dir = dir;
    this.configFile = join(dir, 'speak.yaml');
    this.#outputFile = join(dir, 'output.log');
  }

  /** Writes `config` and `files` (a prefixesFile) into a fresh dir and starts the CLI. */
  static async start(
    host: CliHost,
    config: SpeakYaml,
    options: { files?: Record<string, string> } = {},
  ): Promise<SpeakCli> {
    const cli = new SpeakCli(host, await mkdtemp(join(tmpdir(), 'blb-speak-')));
    // BLB_LAB_KEEP_STATE=1 keeps it for debugging, as the lab's drivers do.
    if (process.env.BLB_LAB_KEEP_STATE !== '1') {
      host.netns.track({ close: () => rm(cli.dir, { recursive: true, force: true }) });
    }
    for (const [name, text] of Object.entries(options.files ?? {})) await cli.writeFile(name, text);
    await cli.writeConfig(config);
    await cli.launch();
    return cli;
  }

  /** The process (PID, exit code, signals). */
  get proc(): LabProcess {
    if (!this.#proc) throw new Error('bgp-wire speak was not started');
    return this.#proc;
  }

  /** Rewrites the config file (send SIGHUP to apply it). */
  async writeConfig(config: SpeakYaml): Promise<void> {
    await writeFile(this.configFile, stringify(config));
  }

  /** Writes a file next to the config (a prefixesFile). */
  async writeFile(name: string, text: string): Promise<string> {
    const file = join(this.dir, name);
    await writeFile(file, text);
    return file;
  }

  /** Starts the process again (after it exited or was killed), appending to the same output. */
  async launch(): Promise<void> {
    if (this.#proc?.isRunning) throw new Error('bgp-wire speak is already running');
    await writeFile(this.#outputFile, '', { flag: 'a' });
    this.#proc = await this.host.netns.spawn(
      [process.execPath, CLI_PATH, 'speak', '--config', this.configFile],
      { outputFile: this.#outputFile },
    );
    this.exitedAtMs = undefined;
    const proc = this.#proc;
    void proc.exited.then(() => {
      if (this.#proc === proc) this.exitedAtMs = Date.now();
    });
  }

  /** Everything the process printed so far. */
  text(): Promise<string> {
    return readFile(this.#outputFile, 'utf8');
  }

  /** The JSON lines printed so far, in order. */
  async events(): Promise<CliEvent[]> {
    const out: CliEvent[] = [];
    for (const line of (await this.text()).split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        out.push(JSON.parse(line) as CliEvent);
      } catch {
        // A line cut by a concurrent write: read again next time.
      }
    }
    return out;
  }

  /** Waits for the first event from index `since` on that matches. */
  waitForEvent(
    what: string,
    predicate: (e: CliEvent) => boolean,
    timeoutMs: number,
    since = 0,
  ): Promise<CliEvent> {
    return waitUntil(
      `bgp-wire speak to print ${what}`,
      async () => {
        if (!this.proc.isRunning) {
          const found = (await this.events()).slice(since).find(predicate);
          if (found) return found;
          throw new Error(
            `bgp-wire speak exited (${this.proc.exitCode ?? this.proc.exitSignal}) before ${what}:\n${await this.text()}`,
          );
        }
        return (await this.events()).slice(since).find(predicate);
      },
      timeoutMs,
    );
  }

  /** Sends a signal to the PID. */
  signal(signal: NodeJS.Signals): void {
    this.proc.signal(signal);
  }

  /** SIGTERM, bounded wait, SIGKILL (the lab's stop). */
  async stop(): Promise<void> {
    await this.#proc?.stop({ graceMs: 10_000 });
  }
}
