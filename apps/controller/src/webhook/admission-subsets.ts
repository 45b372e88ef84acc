/**
 * Which existing objects each MetalLB webhook feeds to the whole-config parser, and the
 * "transient" fields it blanks first (MetalLB `internal/config/validator.go`
 * `resetTransientErrorsFields`): BGPPeer bfdProfile and passwordSecret, and BGPAdvertisement
 * communities without a ':' (aliases). Those can only be resolved once other objects exist,
 * so blanking them makes the order objects are created in irrelevant.
 *
 * The admitted object goes in under an alias that sorts after every Kubernetes name, so the
 * parser (which orders objects by name) meets it last and pins pairwise conflicts (overlapping
 * CIDRs, duplicate aliases, equal advertisements) on it rather than on the object already
 * stored, as MetalLB's append-to-the-list does; `restoreSubjectName` maps the alias back.
 */
import type { ConfigProblem, KubeObject } from '@baremetal-lb/config';
import { bgpPeerToV1beta2 } from './bgppeer-conversion.js';

/** The metallb.io kinds with a validating webhook. */
export const WEBHOOK_KINDS = [
  'IPAddressPool',
  'L2Advertisement',
  'BGPAdvertisement',
  'BGPPeer',
  'Community',
  'BFDProfile',
] as const;

/** One of {@link WEBHOOK_KINDS}. */
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

/**
 * Per webhook, the kinds fed to the parser (the first is the admitted object's own kind).
 * BFDProfile has none: its create/update webhook checks the namespace only.
 */
export const PARSER_INPUTS: Readonly<Record<WebhookKind, readonly string[]>> = {
  IPAddressPool: ['IPAddressPool'],
  L2Advertisement: ['L2Advertisement', 'IPAddressPool'],
  BGPAdvertisement: ['BGPAdvertisement', 'IPAddressPool', 'Node'],
  BGPPeer: ['BGPPeer', 'Node'],
  Community: ['Community'],
  BFDProfile: [],
};

/** Prefix of the admitted object's alias: '~' sorts after every character a name may hold. */
const LAST = '~';

/** `problem` with the admitted object's alias replaced by its real `name`. */
export function restoreSubjectName(problem: ConfigProblem, name: string): ConfigProblem {
  const alias = `${LAST}${name}`;
  return {
    ...problem,
    name: problem.name === alias ? name : problem.name,
    message: problem.message.split(alias).join(name),
  };
}

/** A BGPPeer in v1beta2 (the config parser's shape); other objects unchanged. */
export function asHubVersion(obj: KubeObject): KubeObject {
  if (obj.kind !== 'BGPPeer' || obj.apiVersion !== 'metallb.io/v1beta1') return obj;
  return bgpPeerToV1beta2(obj) as KubeObject;
}

function isNode(obj: KubeObject): boolean {
  return obj.kind === 'Node' && (obj.apiVersion ?? 'v1') === 'v1';
}

/** True for the metallb.io objects of `namespace` (an object with no namespace counts). */
function inNamespace(obj: KubeObject, namespace: string): boolean {
  const ns = obj.metadata?.namespace;
  return (obj.apiVersion ?? '').startsWith('metallb.io/') && (ns === undefined || ns === namespace);
}

/** `obj` with its transient fields blanked (a copy; `obj` is not changed). */
export function blankTransientFields(obj: KubeObject): KubeObject {
  const spec = obj.spec;
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return obj;
  if (obj.kind === 'BGPPeer') {
    const { bfdProfile: _bfd, passwordSecret: _secret, ...rest } = spec as Record<string, unknown>;
    return { ...obj, spec: rest };
  }
  const communities = (spec as Record<string, unknown>).communities;
  if (obj.kind === 'BGPAdvertisement' && Array.isArray(communities)) {
    const literal = communities.filter((c) => typeof c !== 'string' || c.includes(':'));
    return { ...obj, spec: { ...spec, communities: literal } };
  }
  return obj;
}

/**
 * The objects the webhook for `subject.kind` validates: the existing objects of its input
 * kinds, with `subject` replacing the existing object of the same kind and name (or added),
 * every BGPPeer in v1beta2, every transient field blanked, and `subject` under its alias.
 */
export function parserInput(
  subject: KubeObject,
  kind: WebhookKind,
  existing: readonly KubeObject[],
  namespace: string,
): KubeObject[] {
  const kinds = PARSER_INPUTS[kind];
  const name = subject.metadata.name;
  const out: KubeObject[] = [];
  for (const obj of existing) {
    if (obj.kind === undefined || !kinds.includes(obj.kind)) continue;
    if (obj.kind === 'Node' ? !isNode(obj) : !inNamespace(obj, namespace)) continue;
    if (obj.kind === kind && obj.metadata.name === name) continue;
    try {
      out.push(blankTransientFields(asHubVersion(obj)));
    } catch {
      // An existing v1beta1 BGPPeer the API server would not hold: the parser reports it as is.
      out.push(blankTransientFields(obj));
    }
  }
  const alias = { ...subject, metadata: { ...subject.metadata, name: `${LAST}${name ?? ''}` } };
  out.push(blankTransientFields(alias));
  return out;
}
