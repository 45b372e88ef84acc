/**
 * BGPPeer (v1beta2; v1beta1 has the same field names and is read by the same code, which is
 * MetalLB's conversion) -> Peer (MetalLB `peerFromCR`): ASNs, address or interface, timers,
 * password or password Secret, BFD profile reference, and the native-mode restrictions.
 */
import { parseAddress } from '@baremetal-lb/ipam';
import { type BuildContext, resolveNodes } from './context.js';
import { parseDurationMs } from './duration.js';
import type { FieldReader, KubeObject } from './kube.js';
import { specReader } from './kube.js';
import type { Peer } from './model.js';
import type { ObjectProblems } from './problems.js';
import { resolveSecretPassword } from './secrets.js';
import { parseSelectorList } from './selectors.js';

const MAX_U32 = 2 ** 32 - 1;

function isIp(text: string): boolean {
  try {
    parseAddress(text);
    return true;
  } catch {
    return false;
  }
}

/** Parses one BGPPeer; undefined when it has permanent problems. */
export function peerFromCR(
  obj: KubeObject,
  bfdProfiles: ReadonlySet<string>,
  ctx: BuildContext,
): Peer | undefined {
  const name = obj.metadata.name ?? '';
  const report = ctx.sink.for('BGPPeer', name);
  const permanent = () => ctx.sink.problems.filter((p) => !p.transient).length;
  const before = permanent();
  const spec = specReader(obj, report);
  const myASN = spec.int('myASN', 0, MAX_U32) ?? 0;
  if (myASN === 0) report.add('spec.myASN', 'missing local ASN');
  const { peerASN, dynamicASN } = readPeerAsn(spec);
  const localASN = spec.int('localASN', 0, MAX_U32);
  const { peerAddress, iface } = readAddress(spec);
  const sourceAddress = spec.string('sourceAddress');
  if (sourceAddress !== undefined && sourceAddress !== '' && !isIp(sourceAddress)) {
    report.add('spec.sourceAddress', `invalid source IP ${JSON.stringify(sourceAddress)}`);
  }
  const peerPort = spec.int('peerPort', 1, 16384) ?? 179;
  const timers = readTimers(spec);
  const routerID = spec.string('routerID');
  if (routerID !== undefined && routerID !== '' && parseIpv4(routerID) === undefined) {
    report.add('spec.routerID', `invalid router ID ${JSON.stringify(routerID)}`);
  }
  const nodeSelectors = parseSelectorList(spec, 'nodeSelectors');
  const password = readPassword(spec, name, ctx);
  const bfdProfile = spec.string('bfdProfile') || undefined;
  if (bfdProfile !== undefined && !bfdProfiles.has(bfdProfile)) {
    report.addTransient(
      'spec.bfdProfile',
      `peer ${peerAddress ?? iface ?? name} referencing non existing bfd profile ${bfdProfile}`,
    );
  }
  const ebgpMultiHop = spec.bool('ebgpMultiHop') ?? false;
  if (ebgpMultiHop && peerASN !== undefined && peerASN === myASN) {
    report.add('spec.ebgpMultiHop', 'invalid ebgp-multihop parameter set for an ibgp peer');
  }
  const peer: Peer = {
    name,
    myASN,
    peerASN,
    dynamicASN,
    localASN,
    peerAddress,
    interface: iface,
    sourceAddress: sourceAddress || undefined,
    peerPort,
    ...timers,
    routerID: routerID || undefined,
    nodeSelectors,
    nodes: resolveNodes(nodeSelectors, ctx),
    password,
    bfdProfile,
    enableGracefulRestart: spec.bool('enableGracefulRestart') ?? false,
    ebgpMultiHop,
    vrf: spec.string('vrf') || undefined,
    disableMP: spec.bool('disableMP') ?? false,
    dualStackAddressFamily: spec.bool('dualStackAddressFamily') ?? false,
  };
  if (ctx.bgpMode === 'native') checkNative(peer, report);
  return permanent() === before ? peer : undefined;
}

function readPeerAsn(spec: FieldReader): Pick<Peer, 'peerASN' | 'dynamicASN'> {
  const peerASN = spec.int('peerASN', 0, MAX_U32) || undefined;
  const dyn = spec.string('dynamicASN') || undefined;
  if (dyn !== undefined && dyn !== 'internal' && dyn !== 'external') {
    spec.report.add('spec.dynamicASN', `invalid dynamicASN ${JSON.stringify(dyn)}`);
  }
  if (peerASN === undefined && dyn === undefined) {
    spec.report.add('spec.peerASN', 'missing peer ASN and dynamicASN');
  }
  if (peerASN !== undefined && dyn !== undefined) {
    spec.report.add('spec.dynamicASN', 'both peer ASN and dynamicASN specified');
  }
  const dynamicASN = dyn === 'internal' || dyn === 'external' ? dyn : undefined;
  return { peerASN, dynamicASN };
}

function readAddress(spec: FieldReader): { peerAddress?: string; iface?: string } {
  const peerAddress = spec.string('peerAddress') || undefined;
  const iface = spec.string('interface') || undefined;
  if (peerAddress === undefined && iface === undefined) {
    spec.report.add('spec.peerAddress', 'peer has no Address or Interface specified');
  } else if (peerAddress !== undefined && iface !== undefined) {
    spec.report.add('spec.interface', 'peer has both Address and Interface specified');
  } else if (peerAddress !== undefined && !isIp(peerAddress)) {
    spec.report.add('spec.peerAddress', `invalid BGPPeer address ${JSON.stringify(peerAddress)}`);
  }
  return { peerAddress, iface };
}

/** An IPv4 dotted quad, or undefined. */
function parseIpv4(text: string): string | undefined {
  try {
    return parseAddress(text).family === 'ipv4' ? text : undefined;
  } catch {
    return undefined;
  }
}

function readDurationSec(spec: FieldReader, field: string): number | undefined {
  const text = spec.string(field);
  if (text === undefined) return undefined;
  const ms = parseDurationMs(text);
  if (ms === undefined || ms < 0) {
    spec.report.add(spec.path(field), `invalid duration ${JSON.stringify(text)}`);
    return undefined;
  }
  return Math.floor(ms / 1000);
}

/**
 * MetalLB's timer rules: only hold ⇒ keepalive = hold/3; only keepalive ⇒ hold = 3×keepalive;
 * hold (rounded down to seconds) 0 or ≥3 s; keepalive not above hold.
 */
export function readTimers(
  spec: FieldReader,
  names: { hold: string; keepalive: string; connect?: string } = {
    hold: 'holdTime',
    keepalive: 'keepaliveTime',
    connect: 'connectTime',
  },
): Pick<Peer, 'holdTimeSec' | 'keepaliveTimeSec' | 'connectTimeSec'> {
  const holdText = spec.string(names.hold);
  const kaText = spec.string(names.keepalive);
  let hold = readDurationSec(spec, names.hold);
  let keepalive = readDurationSec(spec, names.keepalive);
  if (hold !== undefined && hold !== 0 && hold < 3) {
    spec.report.add(
      spec.path(names.hold),
      `invalid hold time ${JSON.stringify(holdText)}: must be 0 or >=3s`,
    );
  }
  if (hold !== undefined && keepalive !== undefined && keepalive > hold) {
    spec.report.add(
      spec.path(names.keepalive),
      `invalid keepaliveTime ${JSON.stringify(kaText)}, must be lower than holdTime ${JSON.stringify(holdText)}`,
    );
  }
  if (hold !== undefined && keepalive === undefined) keepalive = Math.floor(hold / 3);
  if (hold === undefined && keepalive !== undefined) hold = keepalive * 3;
  let connect: number | undefined;
  if (names.connect !== undefined) {
    const text = spec.string(names.connect);
    const ms = text === undefined ? undefined : parseDurationMs(text);
    if (
      text !== undefined &&
      (ms === undefined || ms % 1000 !== 0 || ms < 1000 || ms > 65_535_000)
    ) {
      spec.report.add(
        spec.path(names.connect),
        'connect time should be between 1 seconds to 65535',
      );
    } else if (ms !== undefined) connect = ms / 1000;
  }
  return { holdTimeSec: hold, keepaliveTimeSec: keepalive, connectTimeSec: connect };
}

function readPassword(spec: FieldReader, name: string, ctx: BuildContext): string | undefined {
  const password = spec.string('password') || undefined;
  const ref = spec.child('passwordSecret');
  if (ref === undefined) return password;
  if (password !== undefined) {
    spec.report.add(
      'spec.passwordSecret',
      `can not have both password and secret ref set in peer config ${JSON.stringify(ctx.namespace)}/${JSON.stringify(name)}`,
    );
    return undefined;
  }
  return resolveSecretPassword(ref.string('name') ?? '', name, ctx, spec.report);
}

const NATIVE_ONLY_FRR: readonly [keyof Peer, string][] = [
  ['keepaliveTimeSec', 'keepaliveTime'],
  ['vrf', 'vrf'],
  ['connectTimeSec', 'connectTime'],
  ['dynamicASN', 'dynamicASN'],
  ['interface', 'interface'],
  ['localASN', 'localASN'],
  ['bfdProfile', 'bfdProfile'],
];

/** MetalLB `DiscardFRROnly`: fields the native BGP implementation cannot honour. */
function checkNative(peer: Peer, report: ObjectProblems): void {
  for (const [key, field] of NATIVE_ONLY_FRR) {
    const v = peer[key];
    const explicitKeepalive = key === 'keepaliveTimeSec' && v !== undefined && v !== 0;
    if (key === 'keepaliveTimeSec' ? explicitKeepalive : v !== undefined) {
      report.add(`spec.${field}`, `${field} is not supported in native bgp mode`);
    }
  }
  for (const f of ['enableGracefulRestart', 'disableMP', 'dualStackAddressFamily'] as const) {
    if (peer[f]) report.add(`spec.${f}`, `${f} is not supported in native bgp mode`);
  }
}
