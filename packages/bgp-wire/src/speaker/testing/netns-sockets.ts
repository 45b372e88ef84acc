/**
 * Test helper (not exported): sockets inside a lab network namespace for a speaker running in
 * the test process. A small Node process started with `ip netns exec` opens connections (or a
 * listening server) in the namespace and hands them to us over Node's IPC channel, which
 * passes file descriptors; the speaker then reads and writes them as its own. The helper is
 * stopped by PID (SIGTERM, bounded wait, SIGKILL) when closed, and before its namespace is
 * deleted.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import type { Server, Socket } from 'node:net';
import { StreamConnection } from '../../transport/connection.js';
import { BgpTransportError } from '../../transport/errors.js';
import type { ConnectFunction } from '../../transport/tcp.js';

/** The code the helper runs (CommonJS, Node built-ins only). */
const HELPER = `
const net = require('node:net');
const reply = (id, body, handle, done) => process.send({ id, ...body }, handle, done);
process.on('message', (m) => {
  if (m.op === 'connect') {
    const s = new net.Socket();
    s.pause(); // nothing may be read here: the bytes belong to the parent
    const timer = setTimeout(() => { s.destroy(); reply(m.id, { error: 'ETIMEDOUT' }); }, m.timeoutMs);
    s.once('error', (e) => { clearTimeout(timer); reply(m.id, { error: e.code || e.message }); });
    s.connect({ host: m.host, port: m.port, localAddress: m.localAddress }, () => {
      clearTimeout(timer);
      s.removeAllListeners('error');
      reply(m.id, { ok: true }, s);
    });
  } else if (m.op === 'listen') {
    const srv = net.createServer({ pauseOnConnect: true });
    srv.once('error', (e) => reply(m.id, { error: e.code || e.message }));
    srv.listen({ port: m.port, host: m.host, ipv6Only: false }, () =>
      reply(m.id, { ok: true }, srv, () => srv.close()));
  }
});
process.on('disconnect', () => process.exit(0));
`;

interface Reply {
  id: number;
  ok?: boolean;
  error?: string;
}

/** A namespace as the lab describes it: its name, and `track` to close us before it goes. */
export interface NamespaceLike {
  readonly name: string;
  track(resource: { close(): Promise<void> }): void;
}

export class NetnsSockets {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, (reply: Reply, handle: unknown) => void>();
  #nextId = 1;
  #closing: Promise<void> | undefined;

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.on('message', (reply: Reply, handle: unknown) => {
      const resolve = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      resolve?.(reply, handle);
    });
  }

  /** Starts the helper in `netns`. */
  static async start(netns: NamespaceLike): Promise<NetnsSockets> {
    const child = spawn('ip', ['netns', 'exec', netns.name, process.execPath, '-e', HELPER], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const sockets = new NetnsSockets(child);
    netns.track(sockets);
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    return sockets;
  }

  /** A `ConnectFunction` whose connections start in the namespace. */
  readonly connect: ConnectFunction = async (options) => {
    const { reply, handle } = await this.#request({
      op: 'connect',
      host: options.host,
      port: options.port,
      localAddress: options.localAddress,
      timeoutMs: options.timeoutMs,
    });
    if (!reply.ok || !handle) {
      throw new BgpTransportError(`connect to ${options.host} in netns: ${reply.error}`, {
        failure: reply.error === 'ETIMEDOUT' ? 'connect-timeout' : 'connect-failed',
        syscallCode: reply.error,
      });
    }
    return StreamConnection.fromSocket(handle as Socket);
  };

  /** A listening server bound in the namespace (owned by the caller from now on). */
  async listen(port: number, host = '::'): Promise<Server> {
    const { reply, handle } = await this.#request({ op: 'listen', port, host });
    if (!reply.ok || !handle) throw new Error(`listen in netns: ${reply.error}`);
    return handle as Server;
  }

  /** Stops the helper by PID: SIGTERM, up to 2 s, then SIGKILL. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#stop();
    return this.#closing;
  }

  async #stop(): Promise<void> {
    const child = this.#child;
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid && process.kill(child.pid, 'SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  }

  #request(message: Record<string, unknown>): Promise<{ reply: Reply; handle: unknown }> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`netns helper did not answer ${String(message.op)}`));
      }, 30_000);
      this.#pending.set(id, (reply, handle) => {
        clearTimeout(timer);
        resolve({ reply, handle });
      });
      this.#child.send({ id, ...message });
    });
  }
}
