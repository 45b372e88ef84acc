/**
 * The legacy ConfigMap `config` (MetalLB v0.12 format) converted to the CRs MetalLB's own
 * `configmaptocrs` tool would write, so it builds exactly like them: pools -> IPAddressPool,
 * layer2 pools -> L2Advertisement, each bgp-advertisement (or one default) ->
 * BGPAdvertisement, peers -> BGPPeer (holdTime 90s explicit), aliases -> one Community,
 * bfd-profiles -> BFDProfile. Unlike that tool, pool names are kept as written (Services
 * name them in annotations). Problems on the generated objects are reported back on the
 * ConfigMap at the legacy field path (`data.config.address-pools[0].addresses[1]`).
 */
import { parse } from 'yaml';
import type { BuildContext } from './context.js';
import { asRecord, type KubeObject } from './kube.js';
import type { ConfigProblem, ObjectProblems } from './problems.js';

const ORIGIN = 'baremetal-lb.io/legacy-origin';
const TOP_KEYS = ['peers', 'bgp-communities', 'address-pools', 'bfd-profiles'];
const PEER_KEYS = [
  'my-asn',
  'peer-asn',
  'peer-address',
  'peer-port',
  'hold-time',
  'keepalive-time',
  'router-id',
  'password',
  'source-address',
  'bfd-profile',
  'ebgp-multihop',
  'node-selectors',
];
const POOL_KEYS = [
  'name',
  'protocol',
  'addresses',
  'avoid-buggy-ips',
  'auto-assign',
  'bgp-advertisements',
];
const AD_KEYS = ['aggregation-length', 'aggregation-length-v6', 'localpref', 'communities'];
const BFD_KEYS = [
  'name',
  'receive-interval',
  'transmit-interval',
  'detect-multiplier',
  'echo-interval',
  'echo-mode',
  'passive-mode',
  'minimum-ttl',
];
const SELECTOR_KEYS = ['match-labels', 'match-expressions'];

function cr(kind: string, name: string, origin: string, spec: Record<string, unknown>): KubeObject {
  const apiVersion = kind === 'BGPPeer' ? 'metallb.io/v1beta2' : 'metallb.io/v1beta1';
  return { apiVersion, kind, metadata: { name, annotations: { [ORIGIN]: origin } }, spec };
}

/** Strict YAML, as MetalLB v0.12: unknown keys are errors. */
function strict(
  rec: Record<string, unknown>,
  keys: readonly string[],
  path: string,
  report: ObjectProblems,
) {
  for (const k of Object.keys(rec)) {
    if (!keys.includes(k))
      report.add(`${path}.${k}`, `could not parse config: unknown field ${JSON.stringify(k)}`);
  }
}

function records(v: unknown, path: string, report: ObjectProblems): Record<string, unknown>[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    report.add(path, 'could not parse config: must be a list');
    return [];
  }
  return v.map((item, i) => {
    const r = asRecord(item);
    if (r === undefined) report.add(`${path}[${i}]`, 'could not parse config: must be an object');
    return r ?? {};
  });
}

/** Converts the legacy ConfigMap to CRs, reporting format problems on the ConfigMap. */
export function legacyToCRs(cm: KubeObject, ctx: BuildContext): KubeObject[] {
  const cmName = cm.metadata.name ?? 'config';
  const report = ctx.sink.for('ConfigMap', cmName);
  const text = asRecord(cm.data)?.config;
  if (typeof text !== 'string') {
    report.add('data.config', 'could not parse config: key "config" is missing');
    return [];
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    report.add('data.config', `could not parse config: ${(err as Error).message}`);
    return [];
  }
  const top = asRecord(doc ?? {});
  if (top === undefined) {
    report.add('data.config', 'could not parse config: not a map');
    return [];
  }
  const base = 'data.config';
  strict(top, TOP_KEYS, base, report);
  const origin = (path: string) => `${cmName}\n${path}`;
  const out: KubeObject[] = [];
  records(top.peers, `${base}.peers`, report).forEach((p, i) => {
    const path = `${base}.peers[${i}]`;
    strict(p, PEER_KEYS, path, report);
    out.push(cr('BGPPeer', `peer${i + 1}`, origin(path), peerSpec(p, path, report)));
  });
  out.push(...poolCRs(top['address-pools'], base, origin, report));
  const aliases = asRecord(top['bgp-communities'] ?? {});
  if (aliases === undefined)
    report.add(`${base}.bgp-communities`, 'could not parse config: must be a map');
  else if (Object.keys(aliases).length > 0) {
    const communities = Object.keys(aliases)
      .sort()
      .map((name) => ({ name, value: String(aliases[name]) }));
    // v0.12 knew only RFC 1997 communities (METALLB.md §2); large ones came with the CRDs.
    for (const { name, value } of communities) {
      if (value.startsWith('large:')) {
        const message = `invalid community value ${JSON.stringify(value)} for alias ${JSON.stringify(name)}: large communities are not supported in the legacy ConfigMap`;
        report.add(`${base}.bgp-communities.${name}`, message);
      }
    }
    out.push(cr('Community', 'communities', origin(`${base}.bgp-communities`), { communities }));
  }
  records(top['bfd-profiles'], `${base}.bfd-profiles`, report).forEach((b, i) => {
    const path = `${base}.bfd-profiles[${i}]`;
    strict(b, BFD_KEYS, path, report);
    const { name, ...rest } = b;
    out.push(cr('BFDProfile', String(name ?? ''), origin(path), camelKeys(rest)));
  });
  return out;
}

function peerSpec(p: Record<string, unknown>, path: string, report: ObjectProblems) {
  if (p['peer-address'] !== undefined && typeof p['peer-address'] !== 'string') {
    report.add(`${path}.peer-address`, `invalid peer IP ${JSON.stringify(p['peer-address'])}`);
  }
  const spec = camelKeys(p);
  spec.holdTime ??= '90s';
  const sels = records(p['node-selectors'], `${path}.node-selectors`, report);
  sels.forEach((s, j) => {
    strict(s, SELECTOR_KEYS, `${path}.node-selectors[${j}]`, report);
  });
  spec.nodeSelectors = sels.map((s) => camelKeys(s));
  return spec;
}

function poolCRs(
  value: unknown,
  base: string,
  origin: (path: string) => string,
  report: ObjectProblems,
): KubeObject[] {
  const out: KubeObject[] = [];
  let l2 = 0;
  let bgp = 0;
  records(value, `${base}.address-pools`, report).forEach((p, i) => {
    const path = `${base}.address-pools[${i}]`;
    strict(p, POOL_KEYS, path, report);
    const name = typeof p.name === 'string' ? p.name : '';
    if (name === '') report.add(`${path}.name`, 'address pool is missing the name field');
    const protocol = p.protocol;
    const ads = records(p['bgp-advertisements'], `${path}.bgp-advertisements`, report);
    if (protocol === undefined)
      report.add(`${path}.protocol`, 'address pool is missing the protocol field');
    else if (protocol !== 'layer2' && protocol !== 'bgp') {
      report.add(`${path}.protocol`, `unknown protocol ${JSON.stringify(protocol)}`);
    } else if (protocol === 'layer2' && ads.length > 0) {
      report.add(
        `${path}.bgp-advertisements`,
        'cannot have bgp-advertisements configuration element in a layer2 address pool',
      );
    }
    if (name === '') return;
    const { addresses, 'avoid-buggy-ips': avoid, 'auto-assign': auto } = p;
    out.push(
      cr('IPAddressPool', name, origin(path), {
        addresses,
        avoidBuggyIPs: avoid,
        autoAssign: auto,
      }),
    );
    if (protocol === 'layer2') {
      out.push(
        cr('L2Advertisement', `l2advertisement${++l2}`, origin(path), { ipAddressPools: [name] }),
      );
    } else if (protocol === 'bgp') {
      const list = ads.length > 0 ? ads : [{}];
      list.forEach((ad, j) => {
        const adPath = ads.length > 0 ? `${path}.bgp-advertisements[${j}]` : path;
        strict(ad, AD_KEYS, adPath, report);
        const spec = { ...camelKeys(ad), ipAddressPools: [name] };
        out.push(cr('BGPAdvertisement', `bgpadvertisement${++bgp}`, origin(adPath), spec));
      });
    }
  });
  return out;
}

const SPECIAL: Record<string, string> = {
  'my-asn': 'myASN',
  'peer-asn': 'peerASN',
  'router-id': 'routerID',
  'ebgp-multihop': 'ebgpMultiHop',
  'avoid-buggy-ips': 'avoidBuggyIPs',
  'aggregation-length-v6': 'aggregationLengthV6',
  localpref: 'localPref',
};
const SPECIAL_BACK = Object.fromEntries(Object.entries(SPECIAL).map(([k, v]) => [v, k]));

function toCamel(k: string): string {
  return SPECIAL[k] ?? k.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function toKebab(k: string): string {
  return SPECIAL_BACK[k] ?? k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function camelKeys(rec: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(rec).map(([k, v]) => [toCamel(k), v]));
}

/**
 * Problems on generated CRs, re-addressed to the ConfigMap and its legacy field path.
 */
export function remapLegacyProblems(
  problems: readonly ConfigProblem[],
  crs: ReadonlyMap<string, readonly KubeObject[]>,
): ConfigProblem[] {
  const origins = new Map<string, string>();
  for (const [kind, list] of crs) {
    for (const o of list) {
      const origin = o.metadata.annotations?.[ORIGIN];
      if (origin !== undefined) origins.set(`${kind}/${o.metadata.name}`, origin);
    }
  }
  return problems.map((p) => {
    const origin = origins.get(`${p.kind}/${p.name}`);
    if (origin === undefined) return p;
    const [cmName, path] = origin.split('\n') as [string, string];
    const sub = p.field
      .replace(/^spec\.?/, '')
      .replace(/^metadata\.name$/, 'name')
      .replace(/^metadata\.namespace$/, '')
      .split('.')
      .filter((s) => s !== '' && !s.startsWith('ipAddressPools'))
      .map(toKebab)
      .join('.');
    const field = sub === '' ? path : `${path}.${sub}`;
    return { ...p, kind: 'ConfigMap', name: cmName, field, message: legacyMessage(p.message) };
  });
}

/** v0.12 worded a few peer errors differently from the CR parser. */
function legacyMessage(message: string): string {
  if (message === 'missing peer ASN and dynamicASN') return 'missing peer ASN';
  if (message === 'peer has no Address or Interface specified') return 'invalid peer IP ""';
  const bad = /^invalid BGPPeer address (".*")$/.exec(message);
  return bad === null ? message : `invalid peer IP ${bad[1]}`;
}
