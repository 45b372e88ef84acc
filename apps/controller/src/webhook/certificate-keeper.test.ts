import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebhookCertificate } from './cert-generation.js';
import { CertificateKeeper } from './certificate-keeper.js';
import type { WebhookTls } from './server.js';

const cert = (n: number): WebhookCertificate => ({
  certPem: `cert-${n}`,
  keyPem: `key-${n}`,
  caPem: `ca-${n}`,
});

function silentLog() {
  return { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
}

/** A keeper over a scripted `ensure`, recording what it served. */
function keeperWith(ensure: () => Promise<WebhookCertificate>, intervalMs?: number) {
  const served: WebhookTls[] = [];
  const log = silentLog();
  const keeper = new CertificateKeeper({
    ensure,
    serve: (tls) => served.push(tls),
    current: cert(1),
    intervalMs,
    log,
  });
  return { keeper, served, log };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('CertificateKeeper', () => {
  it('serves a certificate only when it differs from the one being served', async () => {
    let next = cert(1);
    const { keeper, served, log } = keeperWith(async () => next);
    await keeper.nudge();
    expect(served).toEqual([]);
    next = cert(2);
    await keeper.nudge();
    await keeper.nudge();
    expect(served).toEqual([{ certPem: 'cert-2', keyPem: 'key-2' }]);
    expect(log.info).toHaveBeenCalledTimes(1);
    await keeper.stop();
  });

  it('folds nudges during a check into one more check, never overlapping', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let calls = 0;
    const { keeper } = keeperWith(async () => {
      calls++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return cert(1);
    });
    const waits = [keeper.nudge(), keeper.nudge(), keeper.nudge(), keeper.nudge()];
    await Promise.all(waits);
    expect(calls).toBe(2);
    expect(maxInFlight).toBe(1);
    await keeper.stop();
  });

  it('keeps the served certificate when a check fails, and recovers on the next one', async () => {
    let fail = true;
    const { keeper, served, log } = keeperWith(async () => {
      if (fail) throw new Error('API down');
      return cert(3);
    });
    await keeper.nudge();
    expect(served).toEqual([]);
    expect(log.warn).toHaveBeenCalledWith(
      expect.objectContaining({ event: 'webhookCertCheckFailed' }),
      'webhook certificate check failed',
    );
    fail = false;
    await keeper.nudge();
    expect(served.map((t) => t.certPem)).toEqual(['cert-3']);
    await keeper.stop();
  });

  it('checks on its interval without being nudged', async () => {
    vi.useFakeTimers();
    const ensure = vi.fn(async () => cert(4));
    const { keeper, served } = keeperWith(ensure, 60_000);
    keeper.start();
    await vi.advanceTimersByTimeAsync(59_999);
    expect(ensure).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(ensure).toHaveBeenCalledTimes(1);
    expect(served.map((t) => t.certPem)).toEqual(['cert-4']);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(ensure).toHaveBeenCalledTimes(3);
    await keeper.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(ensure).toHaveBeenCalledTimes(3);
  });

  it('serves nothing from a check that finishes after stop', async () => {
    let release: () => void = () => undefined;
    const { keeper, served } = keeperWith(
      () => new Promise((resolve) => (release = () => resolve(cert(5)))),
    );
    const pending = keeper.nudge();
    const stopping = keeper.stop();
    release();
    await Promise.all([pending, stopping]);
    expect(served).toEqual([]);
    await keeper.nudge();
    expect(served).toEqual([]);
  });
});
