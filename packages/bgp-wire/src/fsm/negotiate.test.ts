import { describe, expect, it } from 'vitest';
import type { Capability, OpenMessage } from '../codec/types.js';
import { negotiate } from './negotiate.js';

function open(asn: number, holdTimeSec: number, capabilities: Capability[]): OpenMessage {
  return {
    type: 'open',
    version: 4,
    myAs: asn > 0xffff ? 23456 : asn,
    holdTimeSec,
    bgpIdentifier: '192.0.2.1',
    capabilities,
  };
}

const v4: Capability = { type: 'multiprotocol', afi: 1, safi: 1 };
const v6: Capability = { type: 'multiprotocol', afi: 2, safi: 1 };
const as4 = (asn: number): Capability => ({ type: 'four-octet-as', asn });

describe('negotiate', () => {
  it('takes the smaller hold time and a third of it as keepalive', () => {
    const n = negotiate(open(1, 90, []), open(2, 30, []));
    expect(n).toMatchObject({ holdTimeSec: 30, keepaliveTimeSec: 10, localAs: 1, peerAs: 2 });
  });

  it('keeps the families both sides announce', () => {
    const n = negotiate(open(1, 90, [v4, v6]), open(2, 90, [v6]));
    expect(n.families).toEqual([{ afi: 2, safi: 1 }]);
  });

  it('counts a side without multiprotocol capabilities as IPv4 unicast (RFC 4760)', () => {
    expect(negotiate(open(1, 90, [v4, v6]), open(2, 90, [])).families).toEqual([
      { afi: 1, safi: 1 },
    ]);
    expect(negotiate(open(1, 90, [v6]), open(2, 90, [])).families).toEqual([]);
  });

  it('turns 4-octet AS on only when both advertise it, and reads ASNs from it', () => {
    const both = negotiate(open(4_200_000_000, 90, [as4(4_200_000_000)]), open(2, 90, [as4(2)]));
    expect(both).toMatchObject({ fourOctetAs: true, localAs: 4_200_000_000, peerAs: 2 });
    expect(negotiate(open(1, 90, [as4(1)]), open(2, 90, [])).fourOctetAs).toBe(false);
  });

  it('negotiates ADD-PATH per family and direction (RFC 7911 §4)', () => {
    const local = open(1, 90, [
      v4,
      v6,
      {
        type: 'add-path',
        families: [
          { afi: 1, safi: 1, direction: 'both' },
          { afi: 2, safi: 1, direction: 'receive' },
        ],
      },
    ]);
    const peer = open(2, 90, [
      v4,
      v6,
      {
        type: 'add-path',
        families: [
          { afi: 1, safi: 1, direction: 'send' },
          { afi: 2, safi: 1, direction: 'receive' },
        ],
      },
    ]);
    const n = negotiate(local, peer);
    expect(n.addPath).toEqual([{ afi: 1, safi: 1, send: false, receive: true }]);
    expect(n.receiveContext.addPath).toEqual({ ipv4: true, ipv6: false });
    expect(n.sendContext.addPath).toEqual({ ipv4: false, ipv6: false });
  });

  it('requires both sides for route refresh, enhanced route refresh and extended messages', () => {
    const all: Capability[] = [
      { type: 'route-refresh' },
      { type: 'enhanced-route-refresh' },
      { type: 'extended-message' },
    ];
    const yes = negotiate(open(1, 90, all), open(2, 90, all));
    expect(yes).toMatchObject({
      routeRefresh: true,
      enhancedRouteRefresh: true,
      extendedMessages: true,
    });
    expect(yes.receiveContext.extendedMessages).toBe(true);
    const no = negotiate(open(1, 90, all), open(2, 90, [{ type: 'route-refresh' }]));
    expect(no).toMatchObject({
      routeRefresh: true,
      enhancedRouteRefresh: false,
      extendedMessages: false,
    });
  });

  it("reports the peer's graceful restart capability when both advertise one", () => {
    const gr: Capability = {
      type: 'graceful-restart',
      restarting: true,
      notification: false,
      restartTimeSec: 120,
      families: [{ afi: 1, safi: 1, forwardingPreserved: true }],
    };
    const n = negotiate(open(1, 90, [gr]), open(2, 90, [gr]));
    expect(n.gracefulRestart).toEqual({
      restarting: true,
      notification: false,
      restartTimeSec: 120,
      families: [{ afi: 1, safi: 1, forwardingPreserved: true }],
    });
    expect(negotiate(open(1, 90, []), open(2, 90, [gr])).gracefulRestart).toBeUndefined();
  });

  it('builds codec contexts with the iBGP flag', () => {
    const n = negotiate(open(7, 90, [as4(7)]), open(7, 90, [as4(7)]));
    expect(n.receiveContext).toEqual({
      fourOctetAs: true,
      addPath: { ipv4: false, ipv6: false },
      extendedMessages: false,
      ibgp: true,
    });
    expect(n.sendContext).toEqual(n.receiveContext);
  });
});
