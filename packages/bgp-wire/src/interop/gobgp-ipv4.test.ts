/**
 * Our speaker against GoBGP 3.10.0 over IPv4 (the scenarios: suite.ts).
 *
 * Not covered, because GoBGP cannot do it: answering a ROUTE-REFRESH from GoBGP. Its CLI has no
 * command that sends one (`gobgp neighbor ... softresetin` re-runs its import policy over its
 * own Adj-RIB-In and puts nothing on the wire), so there is nothing to answer. GoBGP shows no
 * LOCAL_PREF on routes learned over eBGP (we send none there, RFC 4271 §5.1.5).
 */
import { interopSuite } from './suite.js';

interopSuite({
  daemon: 'gobgp',
  title: 'GoBGP 3.10.0',
  transport: 'ipv4',
  view: {},
  sendsRouteRefresh: false,
});
