/**
 * Test support for CRD conversion: a ConversionReview handler for the admission tests'
 * TestWebhookServer (a real HTTPS server on 127.0.0.1) that converts each object with a
 * given function, and a two-version CRD whose versions differ by one renamed field.
 */

import type { Handler } from '../admission/webhook-test-server.js';
import type { KubeObject } from '../types.js';

/** Answers ConversionReviews by converting every object with `convert`. */
export function conversionHandler(
  convert: (object: KubeObject, desiredAPIVersion: string) => KubeObject,
): Handler {
  return (review, _req, res) => {
    const request = review.request as {
      uid: string;
      desiredAPIVersion: string;
      objects: KubeObject[];
    };
    res.setHeader('Content-Type', 'application/json');
    res.end(
      JSON.stringify({
        apiVersion: review.apiVersion,
        kind: 'ConversionReview',
        response: {
          uid: request.uid,
          result: { status: 'Success' },
          convertedObjects: request.objects.map((o) => convert(o, request.desiredAPIVersion)),
        },
      }),
    );
  };
}

/** Thing v1 has `spec.host`, v2 (storage) calls it `spec.address`. */
export function renameHost(object: KubeObject, desiredAPIVersion: string): KubeObject {
  const { host, address, ...rest } = (object.spec ?? {}) as Record<string, unknown>;
  const spec = desiredAPIVersion.endsWith('/v2')
    ? { ...rest, address: address ?? host }
    : { ...rest, host: host ?? address };
  return { ...object, apiVersion: desiredAPIVersion, spec };
}

/** `things.example.com`: v1 and v2 served, v2 stored, converted by `webhook`. */
export function thingsCrd(conversion: Record<string, unknown> = { strategy: 'None' }): KubeObject {
  const field = (name: string) => ({
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: { [name]: { type: 'string' }, port: { type: 'integer' } },
      },
    },
  });
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'things.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'things', singular: 'thing', kind: 'Thing', listKind: 'ThingList' },
      versions: [
        { name: 'v1', served: true, storage: false, schema: { openAPIV3Schema: field('host') } },
        { name: 'v2', served: true, storage: true, schema: { openAPIV3Schema: field('address') } },
      ],
      conversion,
    },
  };
}
