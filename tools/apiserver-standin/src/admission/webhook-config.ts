/**
 * ValidatingWebhookConfiguration (admissionregistration.k8s.io/v1) webhooks read from JSON with
 * the API's defaults (failurePolicy Fail, timeoutSeconds 10, scope '*', service port 443), and
 * the rule matching of k8s.io/apiserver's `rules.Matcher`: operation, API group, version,
 * resource (a star for any resource or subresource, `x/status` for one subresource) and scope
 * (Namespace objects count as cluster-scoped).
 */

import type { AdmissionAttributes, KubeObject } from '../types.js';

export interface ServiceReference {
  readonly namespace: string;
  readonly name: string;
  readonly path: string | undefined;
  readonly port: number;
}

export interface WebhookRule {
  readonly operations: readonly string[];
  readonly apiGroups: readonly string[];
  readonly apiVersions: readonly string[];
  readonly resources: readonly string[];
  readonly scope: string;
}

export interface ValidatingWebhook {
  readonly name: string;
  /** The configuration object's name (webhooks are called in configuration-name order). */
  readonly configurationName: string;
  readonly url: string | undefined;
  readonly service: ServiceReference | undefined;
  /** PEM text decoded from `clientConfig.caBundle`, if any. */
  readonly caBundle: string | undefined;
  readonly rules: readonly WebhookRule[];
  readonly failurePolicy: 'Fail' | 'Ignore';
  readonly namespaceSelector: unknown;
  readonly objectSelector: unknown;
  readonly sideEffects: string | undefined;
  readonly timeoutSeconds: number;
  readonly admissionReviewVersions: readonly string[];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function ruleOf(value: unknown): WebhookRule {
  const r = record(value);
  return {
    operations: strings(r.operations),
    apiGroups: strings(r.apiGroups),
    apiVersions: strings(r.apiVersions),
    resources: strings(r.resources),
    scope: text(r.scope) ?? '*',
  };
}

function webhookOf(configurationName: string, value: unknown): ValidatingWebhook {
  const w = record(value);
  const clientConfig = record(w.clientConfig);
  const service = clientConfig.service === undefined ? undefined : record(clientConfig.service);
  const caBundle = text(clientConfig.caBundle);
  const timeout = typeof w.timeoutSeconds === 'number' ? w.timeoutSeconds : 10;
  return {
    name: text(w.name) ?? '',
    configurationName,
    url: text(clientConfig.url),
    service: service && {
      namespace: text(service.namespace) ?? '',
      name: text(service.name) ?? '',
      path: text(service.path),
      port: typeof service.port === 'number' ? service.port : 443,
    },
    caBundle: caBundle && Buffer.from(caBundle, 'base64').toString('utf8'),
    rules: Array.isArray(w.rules) ? w.rules.map(ruleOf) : [],
    failurePolicy: w.failurePolicy === 'Ignore' ? 'Ignore' : 'Fail',
    namespaceSelector: w.namespaceSelector,
    objectSelector: w.objectSelector,
    sideEffects: text(w.sideEffects),
    // The API accepts 1..30 seconds; anything else would have been refused on write.
    timeoutSeconds: Math.min(30, Math.max(1, Math.trunc(timeout))),
    admissionReviewVersions: strings(w.admissionReviewVersions),
  };
}

/** Every webhook of the given configurations, configurations sorted by name as kube does. */
export function webhooksOf(configurations: readonly KubeObject[]): ValidatingWebhook[] {
  const named = configurations.map((c) => ({ name: c.metadata?.name ?? '', c }));
  named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return named.flatMap(({ name, c }) =>
    Array.isArray(c.webhooks) ? c.webhooks.map((w) => webhookOf(name, w)) : [],
  );
}

/** True for namespace objects themselves (they are cluster-scoped). */
export function isNamespaceResource(attrs: AdmissionAttributes): boolean {
  return attrs.rt.group === '' && attrs.rt.plural === 'namespaces';
}

/**
 * The request's namespace as admission sees it: for a Namespace object, its own name.
 */
export function admissionNamespace(attrs: AdmissionAttributes): string {
  if (isNamespaceResource(attrs)) return attrs.name;
  return attrs.namespace ?? '';
}

function exactOrWildcard(items: readonly string[], requested: string): boolean {
  return items.some((i) => i === '*' || i === requested);
}

function scopeMatches(rule: WebhookRule, attrs: AdmissionAttributes): boolean {
  const namespaced = !isNamespaceResource(attrs) && admissionNamespace(attrs) !== '';
  if (rule.scope === '*') return true;
  if (rule.scope === 'Namespaced') return namespaced;
  if (rule.scope === 'Cluster') return !namespaced;
  return false;
}

function resourceMatches(rule: WebhookRule, attrs: AdmissionAttributes): boolean {
  const subresource = attrs.subresource ?? '';
  return rule.resources.some((entry) => {
    const slash = entry.indexOf('/');
    const res = slash < 0 ? entry : entry.slice(0, slash);
    const sub = slash < 0 ? '' : entry.slice(slash + 1);
    return (res === '*' || res === attrs.rt.plural) && (sub === '*' || sub === subresource);
  });
}

/** `rules.Matcher.Matches`: one rule against one request. */
export function ruleMatches(rule: WebhookRule, attrs: AdmissionAttributes): boolean {
  return (
    scopeMatches(rule, attrs) &&
    exactOrWildcard(rule.operations, attrs.operation) &&
    exactOrWildcard(rule.apiGroups, attrs.rt.group) &&
    exactOrWildcard(rule.apiVersions, attrs.rt.version) &&
    resourceMatches(rule, attrs)
  );
}

const EXEMPT_KINDS = new Set([
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
]);

/** Webhooks never see writes to admission configuration objects (they could lock themselves out). */
export function isExemptFromAdmission(attrs: AdmissionAttributes): boolean {
  return attrs.rt.group === 'admissionregistration.k8s.io' && EXEMPT_KINDS.has(attrs.rt.kind);
}
