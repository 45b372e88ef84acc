/**
 * BGPPeer metallb.io/v1beta1 <-> v1beta2, as MetalLB's `api/v1beta1/bgppeer_conversion.go`
 * does with v1beta2 as the hub. The twelve v1beta1 fields keep their JSON names; only
 * `nodeSelectors` changes type (v1beta1's own NodeSelector -> metav1.LabelSelector, same
 * JSON keys). Going down to v1beta1, every v1beta2-only field (passwordSecret, vrf,
 * enableGracefulRestart, dynamicASN, interface, localASN, connectTime, disableMP,
 * dualStackAddressFamily) is dropped, as MetalLB drops it. So v1beta1 -> v1beta2 -> v1beta1 is
 * lossless; the other way round only for objects using v1beta1's fields.
 *
 * One deliberate difference: MetalLB's Go turns an absent v1beta1 holdTime/keepaliveTime into
 * an explicit "0s" in v1beta2 (a zero metav1.Duration behind a pointer), which changes the
 * peer's meaning (hold 0 instead of the 90 s default). We keep absent as absent.
 */

/** A BGPPeer that cannot be converted; the message names the object and the field. */
export class BgpPeerConversionError extends Error {
  override readonly name = 'BgpPeerConversionError';
}

type Json = Record<string, unknown>;
type FieldType = 'uint32' | 'uint16' | 'string' | 'bool';

/** The v1beta1 BGPPeerSpec: JSON name -> type (MetalLB `api/v1beta1/bgppeer_types.go`). */
const V1BETA1_FIELDS: ReadonlyMap<string, FieldType> = new Map<string, FieldType>([
  ['myASN', 'uint32'],
  ['peerASN', 'uint32'],
  ['peerAddress', 'string'],
  ['sourceAddress', 'string'],
  ['peerPort', 'uint16'],
  ['holdTime', 'string'],
  ['keepaliveTime', 'string'],
  ['routerID', 'string'],
  ['password', 'string'],
  ['bfdProfile', 'string'],
  ['ebgpMultiHop', 'bool'],
]);

/** The API versions this module converts between. */
export const BGPPEER_VERSIONS = ['metallb.io/v1beta1', 'metallb.io/v1beta2'] as const;

/** One of {@link BGPPEER_VERSIONS}. */
export type BgpPeerVersion = (typeof BGPPEER_VERSIONS)[number];

function asRecord(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

function fits(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'bool':
      return typeof value === 'boolean';
    case 'uint32':
    case 'uint16': {
      const max = type === 'uint32' ? 2 ** 32 - 1 : 2 ** 16 - 1;
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
    }
  }
}

function typeText(type: FieldType): string {
  if (type === 'uint32') return 'an integer in 0-4294967295';
  if (type === 'uint16') return 'an integer in 0-65535';
  return type === 'bool' ? 'a boolean' : 'a string';
}

class Reader {
  constructor(readonly who: string) {}

  fail(path: string, what: string): never {
    throw new BgpPeerConversionError(`cannot convert BGPPeer ${this.who}: ${path} ${what}`);
  }

  strings(v: unknown, path: string): string[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
      this.fail(path, 'must be a list of strings');
    }
    return [...(v as string[])];
  }

  labels(v: unknown, path: string): Record<string, string> {
    if (v === undefined || v === null) return {};
    const r = asRecord(v);
    if (r === undefined || Object.values(r).some((s) => typeof s !== 'string')) {
      this.fail(path, 'must be a map of strings');
    }
    return { ...(r as Record<string, string>) };
  }

  optionalString(v: unknown, path: string): string {
    if (v === undefined || v === null) return '';
    if (typeof v !== 'string') this.fail(path, 'must be a string');
    return v;
  }
}

/** Reads one selector list in either version's shape (the JSON keys are the same). */
function readSelectors(
  v: unknown,
  reader: Reader,
): {
  labels: Record<string, string>;
  exprs: { key: string; operator: string; values: string[] }[];
}[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) reader.fail('spec.nodeSelectors', 'must be a list');
  return v.map((item, i) => {
    const path = `spec.nodeSelectors[${i}]`;
    const sel = asRecord(item) ?? reader.fail(path, 'must be an object');
    const rawExprs = sel.matchExpressions ?? [];
    if (!Array.isArray(rawExprs)) reader.fail(`${path}.matchExpressions`, 'must be a list');
    const exprs = rawExprs.map((e, j) => {
      const ep = `${path}.matchExpressions[${j}]`;
      const expr = asRecord(e) ?? reader.fail(ep, 'must be an object');
      return {
        key: reader.optionalString(expr.key, `${ep}.key`),
        operator: reader.optionalString(expr.operator, `${ep}.operator`),
        values: reader.strings(expr.values, `${ep}.values`),
      };
    });
    return { labels: reader.labels(sel.matchLabels, `${path}.matchLabels`), exprs };
  });
}

function whoOf(obj: Json): string {
  const meta = asRecord(obj.metadata) ?? {};
  const ns = typeof meta.namespace === 'string' ? meta.namespace : '';
  const name = typeof meta.name === 'string' ? meta.name : '';
  return JSON.stringify(ns === '' ? name : `${ns}/${name}`);
}

/** Copies the v1beta1 fields of `spec`, checking each one's type. */
function commonFields(spec: Json, reader: Reader): Json {
  const out: Json = {};
  for (const [field, type] of V1BETA1_FIELDS) {
    const v = spec[field];
    if (v === undefined || v === null) continue;
    if (!fits(v, type)) reader.fail(`spec.${field}`, `must be ${typeText(type)}`);
    out[field] = v;
  }
  return out;
}

function specOf(obj: Json, reader: Reader): Json {
  if (obj.spec === undefined || obj.spec === null) return {};
  return asRecord(obj.spec) ?? reader.fail('spec', 'must be an object');
}

function withSpec(obj: Json, apiVersion: BgpPeerVersion, spec: Json): Json {
  const out: Json = { ...obj, apiVersion, spec };
  return out;
}

/**
 * A v1beta1 BGPPeer as v1beta2 (MetalLB `ConvertTo`). Metadata and status pass unchanged.
 *
 * @throws BgpPeerConversionError when a field has the wrong type.
 */
export function bgpPeerToV1beta2(obj: Json): Json {
  const reader = new Reader(whoOf(obj));
  const spec = specOf(obj, reader);
  const out = commonFields(spec, reader);
  const selectors = readSelectors(spec.nodeSelectors, reader);
  if (selectors.length > 0) {
    // MetalLB parseNodeSelector: an empty legacy selector becomes an empty LabelSelector.
    out.nodeSelectors = selectors.map(({ labels, exprs }) => {
      const sel: Json = {};
      if (Object.keys(labels).length > 0) sel.matchLabels = labels;
      if (exprs.length > 0) {
        sel.matchExpressions = exprs.map((e) => ({
          key: e.key,
          operator: e.operator,
          ...(e.values.length > 0 && { values: e.values }),
        }));
      }
      return sel;
    });
  }
  return withSpec(obj, 'metallb.io/v1beta2', out);
}

/**
 * A v1beta2 BGPPeer as v1beta1 (MetalLB `ConvertFrom`): v1beta2-only fields are dropped.
 *
 * @throws BgpPeerConversionError when a kept field has the wrong type.
 */
export function bgpPeerToV1beta1(obj: Json): Json {
  const reader = new Reader(whoOf(obj));
  const spec = specOf(obj, reader);
  const out = commonFields(spec, reader);
  const selectors = readSelectors(spec.nodeSelectors, reader);
  if (selectors.length > 0) {
    // v1beta1's MatchExpression.values has no omitempty: always present.
    out.nodeSelectors = selectors.map(({ labels, exprs }) => {
      const sel: Json = {};
      if (Object.keys(labels).length > 0) sel.matchLabels = labels;
      if (exprs.length > 0) sel.matchExpressions = exprs;
      return sel;
    });
  }
  return withSpec(obj, 'metallb.io/v1beta1', out);
}

/**
 * `obj` (a BGPPeer of either version) in `apiVersion`; the same object when already there.
 *
 * @throws BgpPeerConversionError for another kind or version, or a malformed object.
 */
export function convertBgpPeer(obj: unknown, apiVersion: string): Json {
  const rec = asRecord(obj);
  if (rec === undefined) throw new BgpPeerConversionError('object is not a JSON object');
  if (rec.kind !== 'BGPPeer') {
    throw new BgpPeerConversionError(`unsupported kind ${JSON.stringify(rec.kind ?? '')}`);
  }
  const from = rec.apiVersion;
  for (const v of [from, apiVersion]) {
    if (!(BGPPEER_VERSIONS as readonly unknown[]).includes(v)) {
      throw new BgpPeerConversionError(
        `unsupported apiVersion ${JSON.stringify(v ?? '')} for BGPPeer ${whoOf(rec)}`,
      );
    }
  }
  if (from === apiVersion) return rec;
  return apiVersion === 'metallb.io/v1beta2' ? bgpPeerToV1beta2(rec) : bgpPeerToV1beta1(rec);
}
