/**
 * Our speaker against BIRD 2.0.12 over IPv4 (the scenarios: suite.ts).
 *
 * BIRD quirks that shape the expectations: it sets LOCAL_PREF 100 on routes it learns over
 * eBGP, so its table shows localPref on every route; `birdc reload in` sends ROUTE-REFRESH
 * (with enhanced route refresh, RFC 7313, BIRD drops what is not re-sent before EoRR).
 */
import { interopSuite } from './suite.js';

interopSuite({
  daemon: 'bird',
  title: 'BIRD 2.0.12',
  transport: 'ipv4',
  view: { ebgpLocalPref: 100 },
  sendsRouteRefresh: true,
});
