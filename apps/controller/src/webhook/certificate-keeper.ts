/**
 * Keeps a running webhook server on the certificate the cluster trusts. Another replica, an
 * operator deleting the Secret, or a chart re-applying the ValidatingWebhookConfiguration
 * with an empty caBundle all change what the API server expects while this process runs;
 * MetalLB's cert rotator reacts to the same events. Each check re-runs `ensure` (which writes
 * only what differs) and serves its certificate when it is not the one being served.
 */
import type { WebhookCertificate } from './cert-generation.js';
import type { WebhookLog, WebhookTls } from './server.js';

/** Options of {@link CertificateKeeper}. */
export interface CertificateKeeperOptions {
  /** Makes the Secret and caBundles right and returns the certificate to serve. */
  readonly ensure: () => Promise<WebhookCertificate>;
  /** Serves a new certificate to new connections. */
  readonly serve: (tls: WebhookTls) => void;
  /** The certificate being served now. */
  readonly current: WebhookCertificate;
  /** Time between checks without a nudge; default 10 minutes. */
  readonly intervalMs?: number;
  readonly log: WebhookLog;
}

const DEFAULT_INTERVAL_MS = 10 * 60_000;

/**
 * Re-checks the webhook certificate on a timer and whenever `nudge()` is called (the Secret
 * changed). Checks never overlap: nudges during a check are folded into one more check.
 *
 * @example
 * const keeper = new CertificateKeeper({ ensure, serve: (t) => server.setCertificate(t), current, log });
 * keeper.start();
 * secrets.on('update', (s) => s.metadata.name === 'metallb-webhook-cert' && keeper.nudge());
 */
export class CertificateKeeper {
  readonly #o: CertificateKeeperOptions;
  #served: string;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;

  constructor(options: CertificateKeeperOptions) {
    this.#o = options;
    this.#served = options.current.certPem;
  }

  start(): void {
    if (this.#timer !== undefined || this.#stopped) return;
    this.#timer = setInterval(() => this.nudge(), this.#o.intervalMs ?? DEFAULT_INTERVAL_MS);
    this.#timer.unref();
  }

  /** Asks for a check soon; returns the check that will cover this nudge. */
  nudge(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    if (this.#running !== undefined) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#loop().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      await this.#check();
    } while (this.#again && !this.#stopped);
  }

  async #check(): Promise<void> {
    let cert: WebhookCertificate;
    try {
      cert = await this.#o.ensure();
    } catch (err) {
      // The next tick or Secret event tries again; the server keeps its certificate.
      this.#o.log.warn(
        { err, event: 'webhookCertCheckFailed' },
        'webhook certificate check failed',
      );
      return;
    }
    if (this.#stopped || cert.certPem === this.#served) return;
    this.#o.serve({ certPem: cert.certPem, keyPem: cert.keyPem });
    this.#served = cert.certPem;
    this.#o.log.info({ event: 'webhookCertReloaded' }, 'webhook certificate reloaded');
  }

  /** Stops the timer; a check in flight finishes but serves nothing new. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
