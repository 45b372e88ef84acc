/**
 * The socket side: a node:http or node:https server bound to one address, handing each request
 * to the router, optionally logging it, and closing cleanly: `close()` ends open watches
 * normally, stops accepting, and cuts idle keep-alive connections so tests never wait on them.
 */

import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ServingCertificate } from '../tls.js';

/** What the listener calls for each request; it must answer and never reject. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface ListenerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Serve HTTPS with this certificate. */
  readonly tls?: ServingCertificate;
  readonly handler: RequestHandler;
  /** One line per finished request (`--verbose`). */
  readonly requestLog?: (line: string) => void;
}

/** A bound HTTP(S) server. */
export class Listener {
  readonly #server: Server;
  readonly #protocol: 'http' | 'https';
  #closing: Promise<void> | undefined;

  private constructor(server: Server, protocol: 'http' | 'https') {
    this.#server = server;
    this.#protocol = protocol;
  }

  /** Binds and starts serving; rejects if the address is taken. */
  static async listen(options: ListenerOptions): Promise<Listener> {
    const serve = (req: IncomingMessage, res: ServerResponse) => {
      if (options.requestLog) logWhenDone(req, res, options.requestLog);
      void options.handler(req, res);
    };
    const server: Server = options.tls
      ? createHttpsServer({ cert: options.tls.certPem, key: options.tls.keyPem }, serve)
      : createHttpServer(serve);
    // Watches are long-lived; the request timeout only bounds reading a request.
    server.requestTimeout = 60_000;
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new Listener(server, options.tls ? 'https' : 'http');
  }

  get protocol(): 'http' | 'https' {
    return this.#protocol;
  }

  /** The bound address (the OS's port when 0 was asked for). */
  get address(): AddressInfo {
    return this.#server.address() as AddressInfo;
  }

  /**
   * Stops accepting and waits for the server to close. Call after ending watches: in-flight
   * requests finish, idle keep-alive sockets are cut at once.
   */
  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeIdleConnections();
      // Anything still open after a grace period (a client that never reads) is cut.
      const timer = setTimeout(() => this.#server.closeAllConnections(), 2_000);
      timer.unref();
    });
    return this.#closing;
  }
}

function logWhenDone(req: IncomingMessage, res: ServerResponse, log: (line: string) => void): void {
  const started = process.hrtime.bigint();
  res.once('close', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const agent = req.headers['user-agent'] ?? '-';
    log(`${req.method} ${req.url} ${res.statusCode} ${ms.toFixed(1)}ms "${agent}"`);
  });
}
