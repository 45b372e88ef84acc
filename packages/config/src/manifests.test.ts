import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { parseManifests } from './manifests.js';
import { formatProblem } from './problems.js';

describe('parseManifests', () => {
  it('splits documents, skips empty ones and comments, flattens kind: List', () => {
    const objs = parseManifests(`# leading comment
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: {name: a}
---
---
# only a comment
---
apiVersion: v1
kind: List
items:
- {apiVersion: metallb.io/v1beta1, kind: L2Advertisement, metadata: {name: b}}
- {apiVersion: metallb.io/v1beta1, kind: L2Advertisement, metadata: {name: c}}
`);
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'IPAddressPool/a',
      'L2Advertisement/b',
      'L2Advertisement/c',
    ]);
  });

  it('throws ConfigError naming the file and document on a syntax error', () => {
    const text = 'kind: A\nmetadata: {name: a}\n---\nkind: [unclosed\n';
    let caught: unknown;
    try {
      parseManifests(text, 'pools.yaml');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).code).toBe('CONFIG_ERR_YAML');
    expect((caught as ConfigError).message).toMatch(/^pools.yaml: document 2: /);
  });

  it('throws ConfigError for a document that is not an object', () => {
    expect(() => parseManifests('- a\n- b\n')).toThrow(ConfigError);
  });

  it('gives an object without metadata an empty one', () => {
    expect(parseManifests('kind: X')[0]!.metadata).toEqual({});
  });
});

describe('ConfigError', () => {
  it('lists problems one per line and holds across a structural copy', () => {
    const p = {
      kind: 'IPAddressPool',
      name: 'p',
      field: 'spec.addresses',
      message: 'm',
      transient: false,
    };
    const err = ConfigError.fromProblems([p, p]);
    expect(err.code).toBe('CONFIG_ERR_INVALID');
    expect(err.message).toBe(`${formatProblem(p)}\n${formatProblem(p)}`);
    const foreign = Object.assign(new Error('x'), { name: 'ConfigError' });
    Object.defineProperty(foreign, Symbol.for('@baremetal-lb/config.ConfigError'), { value: true });
    expect(foreign).toBeInstanceOf(ConfigError);
    expect(new Error('x')).not.toBeInstanceOf(ConfigError);
  });
});

describe('formatProblem', () => {
  it('prints Kind/name field: message', () => {
    expect(
      formatProblem({
        kind: 'BGPPeer',
        name: 'x',
        field: 'spec.myASN',
        message: 'missing local ASN',
        transient: false,
      }),
    ).toBe('BGPPeer/x spec.myASN: missing local ASN');
  });
});
