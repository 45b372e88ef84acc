/**
 * The kubeconfig a stand-in hands out: one cluster, one user with a dummy token, one context
 * `standin` (namespace default) set as current. Over HTTP it sets
 * `insecure-skip-tls-verify: true`, without which client-node 1.4.0 refuses `http://` servers
 * (KUBE-API.md finding 5); over HTTPS it carries the CA instead. kubectl 1.32 and client-node
 * both read it as is.
 */

import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

/** The names inside the kubeconfig (cluster, user and context). */
export const KUBECONFIG_CONTEXT = 'standin';

export interface KubeconfigOptions {
  /** The server URL, `http://127.0.0.1:PORT` or `https://...`. */
  readonly server: string;
  /** PEM of the CA that signed the serving certificate (HTTPS only). */
  readonly caPem?: string;
  /** The bearer token the user presents (the stand-in accepts any). */
  readonly token?: string;
  /** The context's namespace. */
  readonly namespace?: string;
}

/** Renders the kubeconfig YAML. */
export function kubeconfigYaml(options: KubeconfigOptions): string {
  const cluster: Record<string, unknown> = { server: options.server };
  if (options.caPem !== undefined) {
    cluster['certificate-authority-data'] = Buffer.from(options.caPem).toString('base64');
  } else {
    cluster['insecure-skip-tls-verify'] = true;
  }
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: KUBECONFIG_CONTEXT, cluster }],
    users: [{ name: KUBECONFIG_CONTEXT, user: { token: options.token ?? 'standin-token' } }],
    contexts: [
      {
        name: KUBECONFIG_CONTEXT,
        context: {
          cluster: KUBECONFIG_CONTEXT,
          user: KUBECONFIG_CONTEXT,
          namespace: options.namespace ?? 'default',
        },
      },
    ],
    'current-context': KUBECONFIG_CONTEXT,
    preferences: {},
  });
}

/** Writes a kubeconfig readable by its owner only (it holds a token, however fake). */
export async function writeKubeconfig(path: string, yamlText: string): Promise<void> {
  await writeFile(path, yamlText, { mode: 0o600 });
}

/** `http://127.0.0.1:8080`, `https://[::1]:6443`: a URL for a listen address. */
export function serverUrl(protocol: 'http' | 'https', host: string, port: number): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return `${protocol}://${h}:${port}`;
}
