/**
 * Test support for the HTTP e2e suites: a fresh stand-in per test with a client-node
 * CoreV1Api on it, and a raw HTTP call for the tests that need exact headers or bodies
 * (client-node hides them).
 */
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach } from 'vitest';
import { type Standin, startStandin } from './index.js';

export interface Reply {
  status: number;
  contentType: string | null;
  body: Record<string, unknown>;
}

/** A raw request to `baseUrl`; the body is sent as is when a string, else as JSON. */
export async function rawCall(
  baseUrl: string,
  method: string,
  path: string,
  init: { body?: unknown; contentType?: string; accept?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['Content-Type'] = init.contentType ?? 'application/json';
  if (init.accept) headers.Accept = init.accept;
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body:
      init.body === undefined
        ? undefined
        : typeof init.body === 'string'
          ? init.body
          : JSON.stringify(init.body),
  });
  const text = await res.text();
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body: text ? JSON.parse(text) : {},
  };
}

/** A raw call against the current test's stand-in. */
export type StandinCall = (
  method: string,
  path: string,
  init?: { body?: unknown; contentType?: string; accept?: string },
) => Promise<Reply>;

/**
 * Starts a stand-in before each test of the calling file and closes it after; `use` gets it
 * and a CoreV1Api on it. Returns a raw call to whichever stand-in is current.
 */
export function standinPerTest(use: (standin: Standin, core: CoreV1Api) => void): StandinCall {
  let current: Standin | undefined;
  beforeEach(async () => {
    current = await startStandin();
    const kc = new KubeConfig();
    kc.loadFromString(current.kubeconfig);
    use(current, kc.makeApiClient(CoreV1Api));
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return (method, path, init = {}) => {
    if (!current) throw new Error('no stand-in: call inside a test');
    return rawCall(current.url, method, path, init);
  };
}
