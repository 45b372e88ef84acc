/**
 * core/v1 PodSpec and PodStatus (also the template of Deployments and DaemonSets), from the
 * struct tags and list markers in k8s.io/api/core/v1/types.go. Only fields whose patch or
 * apply semantics differ from the defaults (structs granular, lists atomic) are listed.
 */

import type { FieldMeta } from './field-meta.js';
import {
  ATOMIC_OBJECT,
  applyOnlyMap,
  CONDITIONS,
  mergeList,
  OBJECT_META,
  STRING_MAP,
  struct,
} from './shapes.js';

/** `protocol` of ContainerPort and ServicePort: `+default="TCP"`. */
export const PROTOCOL_DEFAULT_TCP: FieldMeta = { fields: { protocol: { default: 'TCP' } } };

const ENV_VAR: FieldMeta = {
  fields: {
    valueFrom: {
      fields: {
        configMapKeyRef: ATOMIC_OBJECT,
        secretKeyRef: ATOMIC_OBJECT,
        fieldRef: ATOMIC_OBJECT,
        resourceFieldRef: ATOMIC_OBJECT,
        fileKeyRef: ATOMIC_OBJECT,
      },
    },
  },
};

/** core/v1 Container (and EphemeralContainer, which shares these tags). */
export const CONTAINER: FieldMeta = {
  fields: {
    ports: mergeList('containerPort', PROTOCOL_DEFAULT_TCP, {
      listMapKeys: ['containerPort', 'protocol'],
    }),
    env: mergeList('name', ENV_VAR),
    volumeMounts: mergeList('mountPath'),
    volumeDevices: mergeList('devicePath'),
    resources: {
      fields: { limits: STRING_MAP, requests: STRING_MAP, claims: applyOnlyMap(['name']) },
    },
  },
};

const VOLUME: FieldMeta = {
  fields: {
    secret: { fields: { items: { listType: 'atomic' } } },
    configMap: { fields: { items: { listType: 'atomic' } } },
  },
};

/** core/v1 PodSpec. */
export const POD_SPEC: FieldMeta = struct({
  volumes: mergeList('name', VOLUME, { strategy: 'merge,retainKeys' }),
  initContainers: mergeList('name', CONTAINER),
  containers: mergeList('name', CONTAINER),
  ephemeralContainers: mergeList('name', CONTAINER),
  nodeSelector: ATOMIC_OBJECT,
  imagePullSecrets: mergeList('name', ATOMIC_OBJECT),
  hostAliases: mergeList('ip'),
  topologySpreadConstraints: mergeList('topologyKey', undefined, {
    listMapKeys: ['topologyKey', 'whenUnsatisfiable'],
  }),
  schedulingGates: mergeList('name'),
  resourceClaims: mergeList('name', undefined, { strategy: 'merge,retainKeys' }),
  affinity: {
    fields: {
      nodeAffinity: { fields: { requiredDuringSchedulingIgnoredDuringExecution: ATOMIC_OBJECT } },
    },
  },
  overhead: STRING_MAP,
});

/** core/v1 PodStatus. */
export const POD_STATUS: FieldMeta = struct({
  conditions: CONDITIONS,
  podIPs: mergeList('ip'),
  hostIPs: mergeList('ip', undefined, { listType: 'atomic' }),
  resourceClaimStatuses: mergeList('name', undefined, { strategy: 'merge,retainKeys' }),
});

/** core/v1 PodTemplateSpec, as in Deployment and DaemonSet specs. */
export const POD_TEMPLATE: FieldMeta = struct({ metadata: OBJECT_META, spec: POD_SPEC });
