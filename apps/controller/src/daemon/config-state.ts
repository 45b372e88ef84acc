/**
 * The `ConfigurationState` object named `controller` in MetalLB's namespace (label
 * `metallb.io/component-type: controller`): result Valid or Invalid, the error summary, and
 * MetalLB's `poolReconcilerValid` condition. Written when the result changes, so operators see
 * why a config was refused with `kubectl get configurationstates`.
 */
import { isApiStatus, type Logger, requestJson } from '@baremetal-lb/k8s-watch';
import type { KubeConfig } from '@kubernetes/client-node';

/** What the state says. */
export interface ConfigurationResult {
  readonly valid: boolean;
  readonly errors: readonly string[];
}

/** The status MetalLB's reconcilers would write for this result. */
export function configurationStatus(
  result: ConfigurationResult,
  now: Date,
): Record<string, unknown> {
  const message = result.valid ? '' : `configuration error: ${result.errors.join('; ')}`;
  return {
    result: result.valid ? 'Valid' : 'Invalid',
    errorSummary: result.valid ? '' : message,
    conditions: [
      {
        type: 'poolReconcilerValid',
        status: result.valid ? 'True' : 'False',
        reason: result.valid ? 'Reconciled' : 'ConfigurationError',
        message,
        lastTransitionTime: now.toISOString().replace(/\.\d+Z$/, 'Z'),
      },
    ],
  };
}

/** Options of {@link ConfigurationStateWriter}. */
export interface ConfigurationStateOptions {
  readonly kubeConfig: KubeConfig;
  readonly namespace: string;
  readonly name?: string;
  readonly logger: Logger;
}

/** Creates the object if needed and patches its status when the result changes. */
export class ConfigurationStateWriter {
  readonly #options: ConfigurationStateOptions;
  #lastWritten: string | undefined;
  #chain: Promise<void> = Promise.resolve();

  constructor(options: ConfigurationStateOptions) {
    this.#options = options;
  }

  /** Reports a result; writes (in order, in the background) only when it changed. */
  report(result: ConfigurationResult): void {
    const fingerprint = JSON.stringify(result);
    if (fingerprint === this.#lastWritten) return;
    this.#lastWritten = fingerprint;
    this.#chain = this.#chain.then(() => this.#write(result, fingerprint));
  }

  /** Resolves when the writes reported so far are done. */
  flush(): Promise<void> {
    return this.#chain;
  }

  async #write(result: ConfigurationResult, fingerprint: string): Promise<void> {
    const o = this.#options;
    const name = o.name ?? 'controller';
    const base = `/apis/metallb.io/v1beta1/namespaces/${encodeURIComponent(o.namespace)}/configurationstates`;
    try {
      try {
        await requestJson(o.kubeConfig, {
          method: 'POST',
          path: base,
          body: {
            apiVersion: 'metallb.io/v1beta1',
            kind: 'ConfigurationState',
            metadata: { name, labels: { 'metallb.io/component-type': 'controller' } },
          },
        });
      } catch (err) {
        if (!isApiStatus(err, 409)) throw err;
      }
      await requestJson(o.kubeConfig, {
        method: 'PATCH',
        path: `${base}/${encodeURIComponent(name)}/status`,
        query: { fieldManager: 'baremetal-lb-controller' },
        body: { status: configurationStatus(result, new Date()) },
        contentType: 'application/merge-patch+json',
      });
    } catch (err) {
      // Not fatal (the CRD may be missing): logged, and tried again with the next report.
      if (this.#lastWritten === fingerprint) this.#lastWritten = undefined;
      o.logger.warn({ err: String(err) }, 'cannot write ConfigurationState');
    }
  }
}
