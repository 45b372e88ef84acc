/**
 * Our speaker against ExaBGP 4.2.21 over IPv6 transport, IPv6 routes (the scenarios: suite.ts).
 *
 * ExaBGP keeps no table of its own: the lab driver folds the UPDATEs ExaBGP decodes and reports
 * through its JSON API into one, so "its table" here is ExaBGP's parse of what we sent, and a
 * session going down empties it. ExaBGP can send ROUTE-REFRESH (`announce route-refresh`), which
 * is what the refresh scenario uses; it cannot answer one (4.2.21 drops the connection on a
 * received ROUTE-REFRESH, upstream issues #708/#1237), which these scenarios never send.
 */
import { interopSuite } from './suite.js';

interopSuite({
  daemon: 'exabgp',
  title: 'ExaBGP 4.2.21',
  transport: 'ipv6',
  view: {},
  sendsRouteRefresh: true,
});
