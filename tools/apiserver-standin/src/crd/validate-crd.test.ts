import { describe, expect, it } from 'vitest';
import type { StatusCause } from '../errors.js';
import type { KubeObject } from '../types.js';
import { loadCrdFixture } from './fixtures/load.js';
import { validateCrd } from './validate-crd.js';

const poolsCrd = loadCrdFixture('metallb-ipaddresspools.crd.yaml');
const peersCrd = loadCrdFixture('metallb-bgppeers.crd.yaml');

function lines(causes: StatusCause[]): string[] {
  return causes.map((c) => `${c.field}: ${c.message}`);
}

/** A small valid CRD to break one field at a time. */
function widgets(): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', kind: 'Widget' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
            },
          },
        },
      ],
    },
  };
}

function spec(crd: KubeObject): Record<string, unknown> {
  return crd.spec as Record<string, unknown>;
}

function versions(crd: KubeObject): Record<string, unknown>[] {
  return spec(crd).versions as Record<string, unknown>[];
}

describe('validateCrd', () => {
  it('accepts MetalLB IPAddressPool and BGPPeer CRDs as they are shipped', () => {
    expect(validateCrd(poolsCrd, undefined)).toEqual([]);
    expect(validateCrd(peersCrd, undefined)).toEqual([]);
  });

  it('accepts a CRD without listKind or singular (they are defaulted)', () => {
    expect(validateCrd(widgets(), undefined)).toEqual([]);
  });

  it('requires the name to be <plural>.<group>', () => {
    const crd = widgets();
    crd.metadata.name = 'gadgets.example.com';
    expect(lines(validateCrd(crd, undefined))).toEqual([
      'metadata.name: Invalid value: "gadgets.example.com": must be spec.names.plural+"."+spec.group',
    ]);
  });

  it('requires a group with a dot and a known scope', () => {
    const crd = widgets();
    crd.metadata.name = 'widgets.example';
    spec(crd).group = 'example';
    spec(crd).scope = 'Global';
    expect(lines(validateCrd(crd, undefined))).toEqual([
      'spec.group: Invalid value: "example": should be a domain with at least one dot',
      'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"',
    ]);
  });

  it('requires exactly one storage version', () => {
    const crd = widgets();
    versions(crd).push({ ...versions(crd)[0], name: 'v2' });
    const causes = lines(validateCrd(crd, undefined));
    expect(causes).toHaveLength(1);
    expect(causes[0]).toMatch(
      /^spec\.versions: Invalid value: \[\]apiextensions\.CustomResourceDefinitionVersion\{/,
    );
    expect(causes[0]).toMatch(/: must have exactly one version marked as storage version$/);
  });

  it('requires unique version names', () => {
    const crd = widgets();
    versions(crd).push({ ...versions(crd)[0], storage: false });
    expect(lines(validateCrd(crd, undefined)).map((l) => l.replace(/\{.*\}/, '{…}'))).toEqual([
      'spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{…}: must contain unique version names',
    ]);
  });

  it('requires a schema for every version', () => {
    const crd = widgets();
    delete versions(crd)[0]!.schema;
    expect(lines(validateCrd(crd, undefined))).toEqual([
      'spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required',
    ]);
  });

  it('requires structural schemas: a type at every level', () => {
    const crd = widgets();
    const schema = (versions(crd)[0]!.schema as { openAPIV3Schema: Record<string, unknown> })
      .openAPIV3Schema;
    schema.properties = { spec: { properties: { size: {} } }, list: { type: 'array' } };
    expect(lines(validateCrd(crd, undefined))).toEqual([
      'spec.validation.openAPIV3Schema.properties[list].items: Required value: must be specified',
      'spec.validation.openAPIV3Schema.properties[spec].properties[size].type: Required value: must not be empty for specified object fields',
      'spec.validation.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
    ]);
  });

  it('reports per-version schema paths when versions differ', () => {
    const crd = widgets();
    versions(crd).push({
      name: 'v2',
      served: true,
      storage: false,
      schema: { openAPIV3Schema: { type: 'string' } },
    });
    expect(lines(validateCrd(crd, undefined))).toEqual([
      'spec.versions[1].schema.openAPIV3Schema.type: Invalid value: "string": must be object at the root',
    ]);
  });

  it('checks names: DNS-1035 plural, kind different from listKind', () => {
    const crd = widgets();
    crd.metadata.name = 'Widgets.example.com';
    spec(crd).names = { plural: 'Widgets', kind: 'Widget', listKind: 'Widget' };
    const causes = lines(validateCrd(crd, undefined));
    expect(causes).toContain(
      "spec.names.plural: Invalid value: \"Widgets\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    );
    expect(causes).toContain(
      'spec.names.listKind: Invalid value: "Widget": kind and listKind may not be the same',
    );
  });

  it('checks printer columns', () => {
    const crd = widgets();
    versions(crd)[0]!.additionalPrinterColumns = [
      { name: 'Size', type: 'bytes', jsonPath: 'spec.size' },
    ];
    expect(lines(validateCrd(crd, undefined))).toEqual([
      'spec.additionalPrinterColumns[0].type: Invalid value: "bytes": must be one of boolean,date,integer,number,string',
      'spec.additionalPrinterColumns[0].JSONPath: Invalid value: "spec.size": must be a simple json path starting with .',
    ]);
  });

  it('requires a client config and review versions for Webhook conversion', () => {
    const crd = widgets();
    spec(crd).conversion = { strategy: 'Webhook' };
    expect(lines(validateCrd(crd, undefined))).toEqual([
      'spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook',
      'spec.conversion.conversionReviewVersions: Required value',
    ]);
  });

  it('refuses changes to group and plural on update, and scope once established', () => {
    const old = { ...widgets(), status: { conditions: [{ type: 'Established', status: 'True' }] } };
    const crd = widgets();
    spec(crd).scope = 'Cluster';
    expect(lines(validateCrd(crd, old))).toEqual([
      'spec.scope: Invalid value: "Cluster": field is immutable',
    ]);
  });
});
