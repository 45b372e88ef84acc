// A BIRD 2 control-socket client: what birdc does, without a process per query. The bench
// polls the receiver every ~25 ms while it imports up to a million routes; spawning birdc that
// often would cost more CPU than the poll itself and blur the timings.
//
// The protocol (BIRD's doc/prog "CLI"): the server greets with `0001 BIRD <version> ready.`;
// each command is one line; each reply line starts with a 4-digit code and `-` when more lines
// follow, continuation lines start with a space, and the reply ends with `<code> ` (code and a
// space). Codes 8xxx (run-time error) and 9xxx (parse error) are failures.
import net from 'node:net';

const FINAL_LINE = /^(\d{4}) /;

export class BirdControl {
  #socket;
  #buffer = '';
  #lines = [];
  #waiter;
  #failure;

  constructor(socket) {
    this.#socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => this.#onData(chunk));
    socket.on('error', (err) => this.#fail(err));
    socket.on('close', () => this.#fail(new Error('BIRD control socket closed')));
  }

  /** Connects to `socketPath` and reads the greeting; rejects after `timeoutMs`. */
  static async connect(socketPath, { timeoutMs = 5000 } = {}) {
    const socket = net.createConnection(socketPath);
    const control = new BirdControl(socket);
    try {
      await control.#reply(timeoutMs);
      return control;
    } catch (err) {
      socket.destroy();
      throw err;
    }
  }

  /** Sends one command; resolves with the reply's lines (codes kept), rejects on 8xxx/9xxx. */
  async request(command, { timeoutMs = 10_000 } = {}) {
    if (this.#waiter) throw new Error('BIRD control: one request at a time');
    this.#socket.write(`${command}\n`);
    const lines = await this.#reply(timeoutMs);
    const code = FINAL_LINE.exec(lines.at(-1))?.[1] ?? '';
    if (code.startsWith('8') || code.startsWith('9'))
      throw new Error(`birdc ${command}: ${lines.join(' | ')}`);
    return lines;
  }

  close() {
    this.#socket.destroy();
  }

  #reply(timeoutMs) {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = undefined;
        reject(new Error(`BIRD control: no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiter = {
        resolve: (lines) => {
          clearTimeout(timer);
          resolve(lines);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      this.#drain();
    });
  }

  #onData(chunk) {
    this.#buffer += chunk;
    let nl = this.#buffer.indexOf('\n');
    while (nl >= 0) {
      this.#lines.push(this.#buffer.slice(0, nl));
      this.#buffer = this.#buffer.slice(nl + 1);
      nl = this.#buffer.indexOf('\n');
    }
    this.#drain();
  }

  /** Hands a complete reply (up to and including its final line) to the waiting request. */
  #drain() {
    if (!this.#waiter) return;
    const end = this.#lines.findIndex((line) => FINAL_LINE.test(line));
    if (end < 0) return;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter.resolve(this.#lines.splice(0, end + 1));
  }

  #fail(err) {
    this.#failure ??= err;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.reject(err);
  }
}

/**
 * Reads `show protocols all <name>`: the BGP state (undefined for non-BGP protocols), the
 * channel's "Routes: N imported" count (undefined while the channel is down) and `sinceMs`,
 * when the protocol last changed state (epoch ms), which needs `timeformat protocol iso long
 * ms` in the config (BIRD prints local time).
 */
export function parseProtocolStatus(lines) {
  const text = lines.join('\n');
  const state = /BGP state:\s+(\S+)/.exec(text)?.[1];
  const imported = /Routes:\s+(\d+) imported/.exec(text)?.[1];
  const since = /^1002-\S+\s+\S+\s+\S+\s+\S+\s+(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})/m.exec(
    text,
  );
  return {
    state,
    imported: imported === undefined ? undefined : Number(imported),
    sinceMs: since ? new Date(`${since[1]}T${since[2]}`).getTime() : undefined,
  };
}

/** Reads `show route count`: "N of M routes for K networks in table master4". */
export function parseRouteCount(lines) {
  const m = /(\d+) of (\d+) routes for (\d+) networks/.exec(lines.join('\n'));
  if (!m) throw new Error(`cannot parse show route count: ${lines.join(' | ')}`);
  return { routes: Number(m[1]), networks: Number(m[3]) };
}
