/**
 * Our speaker against FRR 8.4.4 bgpd over IPv6 transport, IPv6 routes (the scenarios:
 * suite.ts), plus FRR as the graceful restart helper of the `bgp-wire speak` CLI.
 *
 * FRR shows no LOCAL_PREF on routes learned over eBGP, and LOCAL_PREF 0 on routes that carry
 * GRACEFUL_SHUTDOWN (it honours RFC 8326 by itself); `clear ... soft in` sends ROUTE-REFRESH.
 *
 * The lab runs bgpd without zebra (`-Z`), so it knows no interfaces and withdraws any route
 * whose next hop carries a link-local address beside the global one ("sent a v6 LL next-hop
 * and there's no peer interface information"). The CLI, running in its namespace, adds its
 * link-local address as RFC 2545 §3 says for a directly connected peer; FRR with zebra takes
 * it. Here the CLI's routes name our global address as `nextHop` instead, so they are all in
 * `routes` (no prefixesFile): the SIGHUP scenario changes `routes`. The in-process speakers
 * send the global address alone (their process cannot see the namespace's link-local).
 */
import { frrGracefulRestart } from './frr-graceful-restart.js';
import { interopSuite } from './suite.js';

interopSuite({
  daemon: 'frr',
  title: 'FRR 8.4.4',
  transport: 'ipv6',
  view: { gracefulShutdownLocalPref: 0 },
  sendsRouteRefresh: true,
  gracefulRestart: frrGracefulRestart,
  cliGlobalNextHop: true,
});
