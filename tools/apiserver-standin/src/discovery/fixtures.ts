/**
 * Test fixtures: the ResourceTypes crd/ derives from two MetalLB CRDs, written out by hand so
 * the discovery tests do not depend on crd/. IPAddressPool serves v1beta1; BGPPeer serves
 * v1beta1 and v1beta2 (storage v1beta2), as in MetalLB's manifests.
 */

import type { JsonSchemaProps, ResourceType } from '../types.js';

/** The verbs, in the order apiextensions-apiserver lists them for custom resources. */
const CR_VERBS = [
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'create',
  'update',
  'watch',
];

const POOL_SCHEMA: JsonSchemaProps = {
  type: 'object',
  description: 'IPAddressPool represents a pool of IP addresses that can be allocated.',
  properties: {
    spec: {
      type: 'object',
      required: ['addresses'],
      properties: {
        addresses: { type: 'array', items: { type: 'string' } },
        autoAssign: { type: 'boolean', default: true },
      },
    },
    status: { type: 'object' },
  },
};

function customType(spec: {
  group: string;
  version: string;
  kind: string;
  plural: string;
  shortNames?: string[];
  schema?: JsonSchemaProps;
}): ResourceType {
  return {
    group: spec.group,
    version: spec.version,
    kind: spec.kind,
    listKind: `${spec.kind}List`,
    plural: spec.plural,
    singular: spec.kind.toLowerCase(),
    shortNames: spec.shortNames ?? [],
    categories: [],
    namespaced: true,
    hasStatus: true,
    verbs: CR_VERBS,
    storage: `${spec.group}/${spec.plural}`,
    builtin: false,
    tracksGeneration: true,
    ...(spec.schema && { schema: spec.schema }),
  };
}

/** `ipaddresspools.metallb.io`: one served version. */
export function ipAddressPoolTypes(): ResourceType[] {
  return [
    customType({
      group: 'metallb.io',
      version: 'v1beta1',
      kind: 'IPAddressPool',
      plural: 'ipaddresspools',
      shortNames: ['ipp'],
      schema: POOL_SCHEMA,
    }),
  ];
}

/** `bgppeers.metallb.io`: v1beta1 and v1beta2, listed in the CRD's order (older first). */
export function bgpPeerTypes(): ResourceType[] {
  return ['v1beta1', 'v1beta2'].map((version) =>
    customType({ group: 'metallb.io', version, kind: 'BGPPeer', plural: 'bgppeers' }),
  );
}
