import { fc, it as fcIt } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  AGGREGATED_V2,
  AGGREGATED_V2BETA1,
  discoveryContentType,
  negotiateDiscovery,
} from './negotiate.js';

/** Captured from kubectl 1.32.4 (`GET /api?timeout=32s`, discovery.kubectl.test.ts). */
const KUBECTL_1_32 =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,' +
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('negotiateDiscovery', () => {
  it.each([
    ['kubectl 1.32', KUBECTL_1_32, 'v2'],
    ['a client that knows only v2beta1', `${AGGREGATED_V2BETA1},application/json`, 'v2beta1'],
    ['client-node 1.4.0', 'application/json, */*;q=0.8', 'legacy'],
    ['kubectl version dispatcher (/version)', 'application/json, */*', 'legacy'],
    ['no Accept header', undefined, 'legacy'],
    ['an empty Accept header', '', 'legacy'],
    ['anything', '*/*', 'legacy'],
    ['v2 preferred by q over legacy', `application/json;q=0.5,${AGGREGATED_V2};q=0.9`, 'v2'],
    ['legacy preferred by q over v2', `${AGGREGATED_V2};q=0.2,application/json`, 'legacy'],
    ['v2 refused with q=0', `${AGGREGATED_V2};q=0,application/json`, 'legacy'],
    [
      'protobuf aggregated first (not served), then JSON v2',
      `application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,${AGGREGATED_V2}`,
      'v2',
    ],
    [
      'an unknown aggregated version',
      'application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json',
      'legacy',
    ],
    [
      'a Table, which discovery is not',
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
      'legacy',
    ],
    [
      'spaces and case in names',
      ' Application/JSON ; G=apidiscovery.k8s.io ; V=v2 ; AS=APIGroupDiscoveryList ',
      'v2',
    ],
    [
      'quoted parameter values',
      'application/json;g="apidiscovery.k8s.io";v="v2";as="APIGroupDiscoveryList"',
      'v2',
    ],
  ] as const)('answers %s with %s', (_who, accept, expected) => {
    expect(negotiateDiscovery(accept)).toBe(expected);
  });

  fcIt.prop([fc.string({ maxLength: 200 })])('never throws, whatever the header', (accept) => {
    expect(['v2', 'v2beta1', 'legacy']).toContain(negotiateDiscovery(accept));
  });
});

describe('discoveryContentType', () => {
  it('names the aggregated media types exactly as kube-apiserver sends them', () => {
    expect(discoveryContentType('v2')).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    expect(discoveryContentType('v2beta1')).toBe(AGGREGATED_V2BETA1);
    expect(discoveryContentType('legacy')).toBe('application/json');
  });
});
