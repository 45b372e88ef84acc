/**
 * `bgp-wire speak --config FILE`: the YAML file's shape (DESIGN.md "Contracts"), read and
 * checked with every problem collected and named by its path (`peers[1].peerAS: ...`), so an
 * operator fixes the whole file in one go. A bad file on SIGHUP leaves the running one in force.
 */
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { BgpError } from '../codec/errors.js';
import { parsePrefix } from '../codec/ip.js';

export interface SpeakPeerConfig {
  address: string;
  peerAS: number;
  port?: number;
  localAddress?: string;
  password?: string;
  holdTime?: number;
  passive?: boolean;
  ttl?: number;
}

export interface SpeakRouteConfig {
  prefix: string;
  nextHop?: string;
  communities?: string[];
  largeCommunities?: string[];
  extendedCommunities?: string[];
  localPref?: number;
  med?: number;
}

/**
 * Graceful restart (RFC 4724) as the restarting speaker, for every peer: the peer keeps our
 * routes (stale) for `restartTime` seconds when the session drops without a NOTIFICATION (a
 * crash, a kill), and also after our NOTIFICATIONs when `notification` (RFC 8538 N bit) is on.
 */
export interface SpeakGracefulRestart {
  /** Restart Time, 0..4095 s. */
  restartTime: number;
  /** R bit: set in the first OPEN after this process restarted. Default false. */
  restarting?: boolean;
  /** F bit per family: our forwarding state survived the restart. Default false. */
  forwardingPreserved?: boolean;
  /**
   * N bit (RFC 8538). Default false here: with it, a helper keeps our routes for restartTime
   * after SIGTERM's Cease / Administrative Shutdown too (we send no Hard Reset), so a stopped
   * speaker would leave stale routes behind.
   */
  notification?: boolean;
}

export interface SpeakConfig {
  localAS: number;
  routerId: string;
  listenPort?: number;
  /** Seconds to wait after re-advertising with GRACEFUL_SHUTDOWN before closing (SIGTERM). */
  drainTime: number;
  peers: SpeakPeerConfig[];
  /** `routes` plus one default-attribute route per line of `prefixesFile`. */
  routes: SpeakRouteConfig[];
  prefixesFile?: string;
  gracefulRestart?: SpeakGracefulRestart;
}

export class SpeakConfigError extends BgpError {
  readonly problems: string[];

  constructor(file: string, problems: string[]) {
    super('BGP_ERR_INVALID_ARGUMENT', `${file}: ${problems.join('; ')}`);
    this.name = 'SpeakConfigError';
    this.problems = problems;
  }
}

const COMMUNITY = /^\d{1,5}:\d{1,5}$/;
const LARGE_COMMUNITY = /^\d{1,10}:\d{1,10}:\d{1,10}$/;
const UINT32_MAX = 0xffffffff;

type Problems = string[];
type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkKeys(o: Obj, allowed: readonly string[], path: string, problems: Problems): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key))
      problems.push(`${path}${key}: unknown field (expected one of ${allowed.join(', ')})`);
  }
}

function integer(
  o: Obj,
  key: string,
  path: string,
  min: number,
  max: number,
  problems: Problems,
): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    problems.push(
      `${path}${key}: must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`,
    );
    return undefined;
  }
  return v;
}

function address(
  o: Obj,
  key: string,
  path: string,
  problems: Problems,
  family?: 4,
): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || isIP(v) === 0 || (family === 4 && isIP(v) !== 4)) {
    problems.push(
      `${path}${key}: must be an ${family === 4 ? 'IPv4' : 'IP'} address, got ${JSON.stringify(v)}`,
    );
    return undefined;
  }
  return v;
}

function stringList(
  o: Obj,
  key: string,
  path: string,
  pattern: RegExp | undefined,
  problems: Problems,
): string[] | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (
    !Array.isArray(v) ||
    v.some((x) => typeof x !== 'string' || (pattern !== undefined && !pattern.test(x)))
  ) {
    problems.push(
      `${path}${key}: must be a list of strings${pattern ? ` like ${pattern.source}` : ''}`,
    );
    return undefined;
  }
  return v as string[];
}

function checkCommunityRanges(
  list: string[] | undefined,
  max: number,
  path: string,
  problems: Problems,
): void {
  for (const c of list ?? []) {
    if (c.split(':').some((part) => Number(part) > max))
      problems.push(`${path}: "${c}" has a part over ${max}`);
  }
}

function peerFrom(raw: unknown, i: number, problems: Problems): SpeakPeerConfig | undefined {
  const path = `peers[${i}].`;
  if (!isObject(raw)) {
    problems.push(`peers[${i}]: must be a mapping`);
    return undefined;
  }
  checkKeys(
    raw,
    ['address', 'peerAS', 'port', 'localAddress', 'password', 'holdTime', 'passive', 'ttl'],
    path,
    problems,
  );
  const peerAddress = address(raw, 'address', path, problems);
  if (raw.address === undefined) problems.push(`${path}address: required`);
  const peerAS = integer(raw, 'peerAS', path, 1, UINT32_MAX, problems);
  if (raw.peerAS === undefined) problems.push(`${path}peerAS: required`);
  const holdTime = integer(raw, 'holdTime', path, 0, 65535, problems);
  if (holdTime === 1 || holdTime === 2)
    problems.push(`${path}holdTime: must be 0 or at least 3 (RFC 4271 §4.2)`);
  if (
    raw.password !== undefined &&
    (typeof raw.password !== 'string' || raw.password.length > 80)
  ) {
    problems.push(`${path}password: must be a string of at most 80 characters (TCP-MD5 key)`);
  }
  if (raw.passive !== undefined && typeof raw.passive !== 'boolean')
    problems.push(`${path}passive: must be true or false`);
  if (peerAddress === undefined || peerAS === undefined) return undefined;
  const peer: SpeakPeerConfig = { address: peerAddress, peerAS };
  const port = integer(raw, 'port', path, 1, 65535, problems);
  const localAddress = address(raw, 'localAddress', path, problems);
  const ttl = integer(raw, 'ttl', path, 1, 255, problems);
  if (port !== undefined) peer.port = port;
  if (localAddress !== undefined) peer.localAddress = localAddress;
  if (typeof raw.password === 'string') peer.password = raw.password;
  if (holdTime !== undefined) peer.holdTime = holdTime;
  if (typeof raw.passive === 'boolean') peer.passive = raw.passive;
  if (ttl !== undefined) peer.ttl = ttl;
  return peer;
}

function prefixProblem(prefix: unknown): string | undefined {
  if (typeof prefix !== 'string') return 'must be a prefix like 203.0.113.10/32';
  try {
    parsePrefix(prefix);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function routeFrom(raw: unknown, i: number, problems: Problems): SpeakRouteConfig | undefined {
  const path = `routes[${i}].`;
  if (!isObject(raw)) {
    problems.push(`routes[${i}]: must be a mapping`);
    return undefined;
  }
  checkKeys(
    raw,
    [
      'prefix',
      'nextHop',
      'communities',
      'largeCommunities',
      'extendedCommunities',
      'localPref',
      'med',
    ],
    path,
    problems,
  );
  const bad = prefixProblem(raw.prefix);
  if (bad !== undefined) problems.push(`${path}prefix: ${bad}`);
  const route: SpeakRouteConfig = { prefix: String(raw.prefix) };
  const nextHop = address(raw, 'nextHop', path, problems);
  const communities = stringList(raw, 'communities', path, COMMUNITY, problems);
  checkCommunityRanges(communities, 65535, `${path}communities`, problems);
  const large = stringList(raw, 'largeCommunities', path, LARGE_COMMUNITY, problems);
  checkCommunityRanges(large, UINT32_MAX, `${path}largeCommunities`, problems);
  const extended = stringList(raw, 'extendedCommunities', path, undefined, problems);
  const localPref = integer(raw, 'localPref', path, 0, UINT32_MAX, problems);
  const med = integer(raw, 'med', path, 0, UINT32_MAX, problems);
  if (nextHop !== undefined) route.nextHop = nextHop;
  if (communities !== undefined) route.communities = communities;
  if (large !== undefined) route.largeCommunities = large;
  if (extended !== undefined) route.extendedCommunities = extended;
  if (localPref !== undefined) route.localPref = localPref;
  if (med !== undefined) route.med = med;
  return bad === undefined ? route : undefined;
}

function gracefulRestartFrom(raw: unknown, problems: Problems): SpeakGracefulRestart | undefined {
  const path = 'gracefulRestart.';
  if (raw === undefined) return undefined;
  if (!isObject(raw)) {
    problems.push('gracefulRestart: must be a mapping');
    return undefined;
  }
  const flags = ['restarting', 'forwardingPreserved', 'notification'] as const;
  checkKeys(raw, ['restartTime', ...flags], path, problems);
  const restartTime = integer(raw, 'restartTime', path, 0, 4095, problems);
  if (raw.restartTime === undefined) problems.push(`${path}restartTime: required`);
  const gr: SpeakGracefulRestart = { restartTime: restartTime ?? 0 };
  for (const flag of flags) {
    const v = raw[flag];
    if (v === undefined) continue;
    if (typeof v === 'boolean') gr[flag] = v;
    else problems.push(`${path}${flag}: must be true or false`);
  }
  return restartTime === undefined ? undefined : gr;
}

/** Checks a parsed YAML document; `baseDir` resolves a relative `prefixesFile`. */
export function speakConfigFrom(
  doc: unknown,
  baseDir: string,
): { config?: SpeakConfig; problems: string[] } {
  const problems: string[] = [];
  if (!isObject(doc)) return { problems: ['the file must be a YAML mapping'] };
  checkKeys(
    doc,
    [
      'localAS',
      'routerId',
      'listenPort',
      'drainTime',
      'peers',
      'routes',
      'prefixesFile',
      'gracefulRestart',
    ],
    '',
    problems,
  );
  const localAS = integer(doc, 'localAS', '', 1, UINT32_MAX, problems);
  if (doc.localAS === undefined) problems.push('localAS: required');
  const routerId = address(doc, 'routerId', '', problems, 4);
  if (doc.routerId === undefined) problems.push('routerId: required');
  const listenPort = integer(doc, 'listenPort', '', 0, 65535, problems);
  const drainTime = integer(doc, 'drainTime', '', 0, 3600, problems) ?? 3;
  const peersRaw = doc.peers ?? [];
  const routesRaw = doc.routes ?? [];
  if (!Array.isArray(peersRaw)) problems.push('peers: must be a list');
  if (!Array.isArray(routesRaw)) problems.push('routes: must be a list');
  const peers = (Array.isArray(peersRaw) ? peersRaw : []).map((p, i) => peerFrom(p, i, problems));
  const routes = (Array.isArray(routesRaw) ? routesRaw : []).map((r, i) =>
    routeFrom(r, i, problems),
  );
  const addresses = peers.flatMap((p) => (p ? [p.address] : []));
  addresses.forEach((a, i) => {
    if (addresses.indexOf(a) !== i) problems.push(`peers[${i}].address: ${a} is configured twice`);
  });
  if (doc.prefixesFile !== undefined && typeof doc.prefixesFile !== 'string')
    problems.push('prefixesFile: must be a path');
  const gracefulRestart = gracefulRestartFrom(doc.gracefulRestart, problems);
  if (problems.length > 0 || localAS === undefined || routerId === undefined) return { problems };
  const config: SpeakConfig = {
    localAS,
    routerId,
    drainTime,
    peers: peers.filter((p): p is SpeakPeerConfig => p !== undefined),
    routes: routes.filter((r): r is SpeakRouteConfig => r !== undefined),
  };
  if (listenPort !== undefined) config.listenPort = listenPort;
  if (gracefulRestart !== undefined) config.gracefulRestart = gracefulRestart;
  if (typeof doc.prefixesFile === 'string')
    config.prefixesFile = resolve(baseDir, doc.prefixesFile);
  return { config, problems };
}

/** Reads one prefix per line ('#' comments and blank lines skipped); problems name the line. */
export function prefixesFromText(
  text: string,
  file: string,
): { prefixes: string[]; problems: string[] } {
  const prefixes: string[] = [];
  const problems: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const bad = prefixProblem(line);
    if (bad === undefined) prefixes.push(line);
    else if (problems.length < 20) problems.push(`${file}:${i + 1}: ${bad}`);
  }
  return { prefixes, problems };
}

/** Reads and checks the config file and its prefixesFile; throws SpeakConfigError listing every problem. */
export async function loadSpeakConfig(
  file: string,
): Promise<{ config: SpeakConfig; prefixes: string[] }> {
  let doc: unknown;
  try {
    doc = parseYaml(await readFile(file, 'utf8'));
  } catch (err) {
    throw new SpeakConfigError(file, [(err as Error).message]);
  }
  const { config, problems } = speakConfigFrom(doc, dirname(resolve(file)));
  if (!config) throw new SpeakConfigError(file, problems);
  if (config.prefixesFile === undefined) return { config, prefixes: [] };
  let text: string;
  try {
    text = await readFile(config.prefixesFile, 'utf8');
  } catch (err) {
    throw new SpeakConfigError(file, [`prefixesFile: ${(err as Error).message}`]);
  }
  const read = prefixesFromText(text, config.prefixesFile);
  if (read.problems.length > 0) throw new SpeakConfigError(file, read.problems);
  return { config, prefixes: read.prefixes };
}
