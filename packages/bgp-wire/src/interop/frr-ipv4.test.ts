/**
 * Our speaker against FRR 8.4.4 bgpd over IPv4 (the scenarios: suite.ts), plus FRR as the
 * graceful restart helper of the `bgp-wire speak` CLI (frr-graceful-restart.ts).
 *
 * FRR shows no LOCAL_PREF on routes learned over eBGP, and LOCAL_PREF 0 on routes that carry
 * GRACEFUL_SHUTDOWN (it honours RFC 8326 by itself); `clear bgp ... soft in` without
 * soft-reconfiguration inbound sends ROUTE-REFRESH (enhanced, RFC 7313: FRR marks our routes
 * stale at BoRR and drops what is not re-sent before EoRR).
 */
import { frrGracefulRestart } from './frr-graceful-restart.js';
import { interopSuite } from './suite.js';

interopSuite({
  daemon: 'frr',
  title: 'FRR 8.4.4',
  transport: 'ipv4',
  view: { gracefulShutdownLocalPref: 0 },
  sendsRouteRefresh: true,
  gracefulRestart: frrGracefulRestart,
});
