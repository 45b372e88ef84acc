/**
 * The typed, validated Config: what the controller and speaker consume. Names are resolved
 * (pool names, aliases, node and namespace selectors evaluated against the snapshot), defaults
 * applied, and every list sorted by object name so the result never depends on input order.
 */
import type { AddressRange } from '@baremetal-lb/ipam';
import type { CommunityValue } from './community.js';
import type { LabelSelector } from './selectors.js';

/** Which BGP implementation the config is checked against (MetalLB's `METALLB_BGP_TYPE`). */
export type BgpMode = 'native' | 'frr';

/** An IPAddressPool's `serviceAllocation`, namespaces resolved. */
export interface ServiceAllocation {
  /** Lower is preferred; 0 means unset (sorts after every positive priority). */
  readonly priority: number;
  /** `namespaces` plus the Namespaces matching `namespaceSelectors` (sorted, unique). */
  readonly namespaces: readonly string[];
  readonly namespaceSelectors: readonly LabelSelector[];
  readonly serviceSelectors: readonly LabelSelector[];
}

/** One address pool. */
export interface Pool {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** `spec.addresses` as written. */
  readonly addresses: readonly string[];
  /** One range per `addresses` entry, in written order (allocation order). */
  readonly ranges: readonly AddressRange[];
  /** The entries summarised into CIDRs, as MetalLB stores a pool. */
  readonly cidrs: readonly string[];
  readonly autoAssign: boolean;
  readonly avoidBuggyIPs: boolean;
  readonly serviceAllocation: ServiceAllocation | undefined;
}

/** Node set of an advertisement or peer: `all` when no selector was given. */
export type NodeSet = 'all' | readonly string[];

/** An L2Advertisement, pools and nodes resolved. */
export interface L2Advertisement {
  readonly name: string;
  readonly pools: readonly string[];
  readonly nodeSelectors: readonly LabelSelector[];
  readonly nodes: NodeSet;
  readonly interfaces: readonly string[];
  readonly serviceSelectors: readonly LabelSelector[];
  readonly preferredNodeSelectors: readonly { weight: number; preference: LabelSelector }[];
}

/** A BGPAdvertisement, pools, nodes and community aliases resolved. */
export interface BgpAdvertisement {
  readonly name: string;
  readonly pools: readonly string[];
  readonly aggregationLength: number;
  readonly aggregationLengthV6: number;
  readonly localPref: number;
  readonly communities: readonly CommunityValue[];
  readonly nodeSelectors: readonly LabelSelector[];
  readonly nodes: NodeSet;
  /** BGPPeer names; empty means every peer. */
  readonly peers: readonly string[];
  readonly serviceSelectors: readonly LabelSelector[];
}

/** A BGPPeer (v1beta2 shape; v1beta1 converted). Times in seconds. */
export interface Peer {
  readonly name: string;
  readonly myASN: number;
  readonly peerASN: number | undefined;
  readonly dynamicASN: 'internal' | 'external' | undefined;
  readonly localASN: number | undefined;
  readonly peerAddress: string | undefined;
  readonly interface: string | undefined;
  readonly sourceAddress: string | undefined;
  readonly peerPort: number;
  readonly holdTimeSec: number | undefined;
  readonly keepaliveTimeSec: number | undefined;
  readonly connectTimeSec: number | undefined;
  readonly routerID: string | undefined;
  readonly nodeSelectors: readonly LabelSelector[];
  readonly nodes: NodeSet;
  /** From `password` or the resolved `passwordSecret`. */
  readonly password: string | undefined;
  readonly bfdProfile: string | undefined;
  readonly enableGracefulRestart: boolean;
  readonly ebgpMultiHop: boolean;
  readonly vrf: string | undefined;
  readonly disableMP: boolean;
  readonly dualStackAddressFamily: boolean;
}

/** A BFDProfile with FRR's defaults applied. */
export interface BfdProfile {
  readonly name: string;
  readonly receiveIntervalMs: number;
  readonly transmitIntervalMs: number;
  readonly detectMultiplier: number;
  readonly echoIntervalMs: number;
  readonly echoMode: boolean;
  readonly passiveMode: boolean;
  readonly minimumTtl: number;
}

/** The whole validated configuration. */
export interface Config {
  readonly pools: readonly Pool[];
  readonly l2Advertisements: readonly L2Advertisement[];
  readonly bgpAdvertisements: readonly BgpAdvertisement[];
  readonly peers: readonly Peer[];
  readonly bfdProfiles: readonly BfdProfile[];
  /** Community alias name -> value, from every Community object. */
  readonly communities: Readonly<Record<string, CommunityValue>>;
}
