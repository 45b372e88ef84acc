/**
 * What every driver shares: a private state dir, the daemon process (foreground, a child of
 * ours, stopped by PID), the originated-route book that survives restarts, bounded waits, and
 * the close/dispose lifecycle. A driver adds its config, its CLI and its output parsers.
 */

import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  AnnounceRoute,
  BgpDaemon,
  BgpDaemonOptions,
  DaemonKind,
  LabRoute,
  NeighborOptions,
  RouteFamily,
  SessionState,
} from './bgp-daemon.js';
import { LabError } from './errors.js';
import type { LabProcess } from './process.js';
import { checkAnnounce, checkPrefix, familyOf } from './route.js';
import type { LabHost } from './topology.js';
import { pollUntil } from './wait.js';

/** How a driver starts its daemon. */
export interface LaunchSpec {
  argv: string[];
  env?: NodeJS.ProcessEnv;
}

/** A route this daemon originates, keyed by `${family} ${prefix}`. */
export interface Originated {
  family: RouteFamily;
  route: AnnounceRoute;
}

const START_TIMEOUT_MS = 20_000;
const LOG_TAIL_CHARS = 4000;

/** Set BLB_LAB_KEEP_STATE=1 to keep state dirs (configs, logs) after close, for debugging. */
const KEEP_STATE = process.env.BLB_LAB_KEEP_STATE === '1';

/** Base class of the four drivers. Not exported from the package. */
export abstract class DaemonBase implements BgpDaemon {
  abstract readonly kind: DaemonKind;
  readonly host: LabHost;
  protected readonly options: BgpDaemonOptions;
  protected readonly families: readonly RouteFamily[];
  /** Routes to originate, in announce order; replayed or re-rendered on every start. */
  protected readonly originated = new Map<string, Originated>();
  #stateDir: string | undefined;
  #proc: LabProcess | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: BgpDaemonOptions) {
    this.options = options;
    this.host = options.host;
    this.families = options.families ?? ['ipv4'];
    for (const n of options.neighbors) this.localAddressFor(n);
    options.host.netns.track(this);
  }

  // ----- what a driver provides -----

  /** Writes config files into `stateDir`. Called before every start. */
  protected abstract writeConfig(stateDir: string): Promise<void>;
  /** The daemon's foreground command line. */
  protected abstract launch(stateDir: string): LaunchSpec;
  /** True once the control channel answers. */
  protected abstract isReady(): Promise<boolean>;
  /** Called after the daemon answers: replay originated routes if they are not in the config. */
  protected abstract afterStart(): Promise<void>;
  /**
   * Applies an announcement to the running daemon (already recorded in `originated`);
   * `replacing` when the daemon already originates that prefix.
   */
  protected abstract applyAnnounce(
    family: RouteFamily,
    route: AnnounceRoute,
    replacing: boolean,
  ): Promise<void>;
  /** Applies a withdrawal to the running daemon (already removed from `originated`). */
  protected abstract applyWithdraw(family: RouteFamily, prefix: string): Promise<void>;
  /** Files `logs()` returns, besides the captured stdout/stderr. */
  protected abstract logFiles(stateDir: string): string[];

  /** Reads the session state from the running daemon. */
  protected abstract readNeighborState(address: string): Promise<SessionState>;
  /** Reads the learned routes from the running daemon. */
  protected abstract readRoutes(family: RouteFamily): Promise<LabRoute[]>;
  /** Asks the running daemon for a soft reset in toward `address`. */
  protected abstract requestSoftResetIn(address: string): Promise<void>;

  // ----- lifecycle -----

  get pid(): number | undefined {
    return this.#proc?.isRunning ? this.#proc.pid : undefined;
  }

  /** The private state dir (created on first start). */
  protected get stateDir(): string {
    if (this.#stateDir === undefined)
      throw new LabError('LAB_ERR_STATE', `${this.kind} was never started`);
    return this.#stateDir;
  }

  protected get isRunning(): boolean {
    return this.#proc?.isRunning ?? false;
  }

  async start(): Promise<void> {
    if (this.#closing) throw new LabError('LAB_ERR_STATE', `${this.kind} is closed`);
    if (this.isRunning) throw new LabError('LAB_ERR_STATE', `${this.kind} is already running`);
    if (this.#stateDir === undefined) {
      this.#stateDir = await mkdtemp(join(tmpdir(), `blb-lab-${this.kind}-`));
      // FRR drops privileges to user frr, which must traverse the dir.
      await chmod(this.#stateDir, 0o755);
    }
    const dir = this.#stateDir;
    await this.writeConfig(dir);
    const spec = this.launch(dir);
    const proc = await this.host.netns.spawn(spec.argv, {
      outputFile: join(dir, 'output.log'),
      env: spec.env,
      cwd: dir,
    });
    this.#proc = proc;
    try {
      await pollUntil(
        async () => {
          if (!proc.isRunning) {
            throw new LabError(
              'LAB_ERR_DAEMON_EXITED',
              `${this.kind} on ${this.host.name} exited (${proc.exitCode ?? proc.exitSignal}): ${await this.logTail()}`,
            );
          }
          return (await this.isReady().catch(() => false)) ? true : undefined;
        },
        {
          timeoutMs: START_TIMEOUT_MS,
          intervalMs: 100,
          what: `${this.kind} on ${this.host.name} to answer its control channel`,
          describe: () => this.logTail(),
        },
      );
      await this.afterStart();
    } catch (err) {
      await proc.stop().catch(() => undefined);
      throw err;
    }
  }

  async stop(): Promise<void> {
    if (this.#proc === undefined) return; // Never started: nothing to stop or clean.
    await this.#proc.stop();
    await this.afterStop();
  }

  /** Called after the process is gone: remove pid files and sockets it left behind. */
  protected async afterStop(): Promise<void> {}

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async freeze(): Promise<void> {
    this.requireProcess().signal('SIGSTOP');
  }

  async thaw(): Promise<void> {
    this.requireProcess().signal('SIGCONT');
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.stop();
      if (this.#stateDir !== undefined && !KEEP_STATE)
        await rm(this.#stateDir, { recursive: true, force: true });
    })();
    return this.#closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // ----- generic behaviour -----

  async neighborState(address: string): Promise<SessionState> {
    this.requireProcess();
    return this.readNeighborState(address);
  }

  async routes(family: RouteFamily): Promise<LabRoute[]> {
    this.requireProcess();
    return this.readRoutes(family);
  }

  async softResetIn(address: string): Promise<void> {
    this.requireProcess();
    await this.requestSoftResetIn(address);
  }

  async waitForState(address: string, state: SessionState, timeoutMs: number): Promise<void> {
    let last: SessionState | string | undefined;
    await pollUntil(
      async () => {
        last = await this.tolerant(() => this.neighborState(address));
        return last === state ? true : undefined;
      },
      {
        timeoutMs,
        what: `${this.kind} on ${this.host.name}: ${address} ${state}`,
        describe: async () => `last state ${last}; log tail: ${await this.logTail()}`,
      },
    );
  }

  async waitForRoutes(
    family: RouteFamily,
    predicate: (routes: LabRoute[]) => boolean,
    timeoutMs: number,
  ): Promise<LabRoute[]> {
    let last: LabRoute[] | string = [];
    return pollUntil(
      async () => {
        last = await this.tolerant(() => this.routes(family));
        return typeof last !== 'string' && predicate(last) ? last : undefined;
      },
      {
        timeoutMs,
        what: `${this.kind} on ${this.host.name}: ${family} routes matching the predicate`,
        describe: () => `last table ${JSON.stringify(last)}`,
      },
    );
  }

  async announce(family: RouteFamily, route: AnnounceRoute): Promise<void> {
    checkAnnounce(family, route);
    this.checkCanAnnounce(family, route);
    const key = `${family} ${route.prefix}`;
    const replacing = this.originated.has(key);
    this.originated.set(key, { family, route: { ...route } });
    if (this.isRunning) await this.applyAnnounce(family, route, replacing);
  }

  async withdraw(family: RouteFamily, prefix: string): Promise<void> {
    checkPrefix(family, prefix);
    const known = this.originated.delete(`${family} ${prefix}`);
    if (known && this.isRunning) await this.applyWithdraw(family, prefix);
  }

  /** Throws LAB_ERR_UNSUPPORTED when the daemon cannot originate this route as asked. */
  protected checkCanAnnounce(_family: RouteFamily, _route: AnnounceRoute): void {}

  async logs(): Promise<string> {
    if (this.#stateDir === undefined) return '';
    const dir = this.#stateDir;
    const parts = await Promise.all(
      [...this.logFiles(dir), join(dir, 'output.log')].map(async (file) => {
        const text = await readFile(file, 'utf8').catch(() => undefined);
        return text === undefined ? '' : `==> ${file} <==\n${text}`;
      }),
    );
    return parts.filter(Boolean).join('\n');
  }

  // ----- helpers for drivers -----

  /**
   * Runs one poll of a wait. A CLI that fails once (busy during `birdc configure`, a vtysh
   * hiccup) is retried until the deadline: its message becomes the "last value" of the wait.
   * A daemon that is not running ends the wait at once.
   */
  private async tolerant<T>(read: () => Promise<T>): Promise<T | string> {
    this.requireProcess();
    try {
      return await read();
    } catch (err) {
      if (err instanceof LabError && err.code === 'LAB_ERR_COMMAND')
        return `(error: ${err.message})`;
      throw err;
    }
  }

  /** Our address on the session to `n`: the host's address of the neighbour's family. */
  protected localAddressFor(n: { address: string }): string {
    if (familyOf(n.address) === 'ipv4') return this.host.ipv4;
    if (this.host.ipv6 === undefined) {
      throw new LabError(
        'LAB_ERR_INVALID_ARGUMENT',
        `IPv6 neighbour ${n.address} but ${this.host.name} has no IPv6`,
      );
    }
    return this.host.ipv6;
  }

  protected requireProcess(): LabProcess {
    if (!this.#proc?.isRunning) {
      throw new LabError('LAB_ERR_STATE', `${this.kind} on ${this.host.name} is not running`);
    }
    return this.#proc;
  }

  /** Runs a CLI command inside the daemon's namespace (for CLIs that talk TCP, like gobgp). */
  protected async execInNetns(argv: string[], timeoutMs = 15_000): Promise<string> {
    return (await this.host.netns.exec(argv, { timeoutMs })).stdout;
  }

  protected async logTail(): Promise<string> {
    const all = await this.logs();
    return all.length > LOG_TAIL_CHARS ? `...${all.slice(-LOG_TAIL_CHARS)}` : all;
  }

  protected connectRetrySec(n: NeighborOptions): number {
    return n.connectRetrySec ?? 2;
  }

  /** The families of one session. */
  protected familiesFor(n: { families?: readonly RouteFamily[] }): readonly RouteFamily[] {
    return n.families ?? this.families;
  }

  /** Every family some session carries. */
  protected allFamilies(): RouteFamily[] {
    const all = new Set<RouteFamily>(this.families);
    for (const n of this.options.neighbors) for (const f of this.familiesFor(n)) all.add(f);
    return [...all].sort();
  }
}
