/**
 * BGP password Secrets (BGPPeer `passwordSecret`): a `kubernetes.io/basic-auth` Secret in the
 * MetalLB namespace with key `password`. A missing Secret is transient (it may be created
 * after the peer); a wrong type or missing key is permanent, as in MetalLB.
 */
import type { BuildContext } from './context.js';
import { asRecord } from './kube.js';
import type { ObjectProblems } from './problems.js';

/** The password held by Secret `secretName`, or undefined with a problem reported. */
export function resolveSecretPassword(
  secretName: string,
  peerName: string,
  ctx: BuildContext,
  report: ObjectProblems,
): string | undefined {
  const ns = ctx.namespace;
  const secret = ctx.secrets.find(
    (s) => s.metadata.name === secretName && (s.metadata.namespace ?? ns) === ns,
  );
  const ref = `${JSON.stringify(ns)}/${JSON.stringify(secretName)}`;
  if (secret === undefined) {
    report.addTransient(
      'spec.passwordSecret',
      `secret ref not found for peer config ${JSON.stringify(ns)}/${JSON.stringify(peerName)}`,
    );
    return undefined;
  }
  if (secret.type !== 'kubernetes.io/basic-auth') {
    report.add(
      'spec.passwordSecret',
      `secret type mismatch on ${ref}, type "kubernetes.io/basic-auth" is expected`,
    );
    return undefined;
  }
  const fromString = asRecord(secret.stringData)?.password;
  if (typeof fromString === 'string') return fromString;
  const encoded = asRecord(secret.data)?.password;
  if (typeof encoded !== 'string') {
    report.add('spec.passwordSecret', `password not specified in the secret ${ref}`);
    return undefined;
  }
  return Buffer.from(encoded, 'base64').toString('utf8');
}
