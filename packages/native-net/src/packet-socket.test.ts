// packet-socket.ts without privileges: argument checks, error messages, and the read-only
// interface queries on loopback (the only interface of the caller's namespace we touch).
import { describe, expect, it } from 'vitest';
import { NativeNetError, NativeNetErrorCodes } from './errors.js';
import {
  checkIfname,
  formatMac,
  interfaceInfo,
  listInterfaces,
  openPacketSocket,
  packetSocketError,
  parseMac,
  realtimeNs,
} from './packet-socket.js';

const noop = (): void => {};

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('did not throw');
}

describe('parseMac / formatMac', () => {
  it('round-trips a MAC in either case and with dashes', () => {
    expect(formatMac(parseMac('33:33:FF:00:00:09'))).toBe('33:33:ff:00:00:09');
    expect(formatMac(parseMac('02-00-5e-10-00-01'))).toBe('02:00:5e:10:00:01');
  });

  for (const bad of [
    '',
    '33:33:ff:00:00',
    '33:33:ff:00:00:09:01',
    '3:33:ff:00:00:09',
    'zz:33:ff:00:00:09',
    42,
  ]) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      expect(thrown(() => parseMac(bad))).toMatchObject({ code: NativeNetErrorCodes.INVALID_ARG });
    });
  }
});

describe('checkIfname', () => {
  it('accepts kernel-valid names', () => {
    expect(checkIfname('eth0')).toBe('eth0');
    expect(checkIfname('veth-a.100')).toBe('veth-a.100');
    expect(checkIfname('a'.repeat(15))).toBe('a'.repeat(15));
  });

  for (const bad of ['', '.', '..', 'a'.repeat(16), 'eth0:1', 'a/b', 'eth 0', undefined]) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      const err = thrown(() => checkIfname(bad));
      expect(err).toBeInstanceOf(NativeNetError);
      expect(err).toMatchObject({ code: NativeNetErrorCodes.INVALID_ARG });
    });
  }
});

describe('openPacketSocket argument checks (before any socket is made)', () => {
  it('refuses a bad interface name, a missing onFrame, and bad protocols', () => {
    expect(thrown(() => openPacketSocket('a/b', { onFrame: noop }))).toMatchObject({
      code: NativeNetErrorCodes.INVALID_ARG,
    });
    expect(
      thrown(() => openPacketSocket('lo', {} as unknown as Parameters<typeof openPacketSocket>[1])),
    ).toMatchObject({ code: NativeNetErrorCodes.INVALID_ARG });
    for (const protocols of [0, 0x10000, 1.5, [], [0x0806, -1]]) {
      expect(thrown(() => openPacketSocket('lo', { protocols, onFrame: noop }))).toMatchObject({
        code: NativeNetErrorCodes.INVALID_ARG,
      });
    }
  });
});

describe('packetSocketError', () => {
  const sysError = (code: string, syscall: string): Error =>
    Object.assign(new Error(`native-net: ${syscall}: failed`), { code, errno: 1, syscall });

  it('says that EPERM means CAP_NET_RAW is missing', () => {
    const err = packetSocketError(sysError('EPERM', 'socket(AF_PACKET)'), 'eth0');
    expect(err).toBeInstanceOf(NativeNetError);
    expect(err.code).toBe('EPERM');
    expect(err.message).toContain(
      'AF_PACKET needs CAP_NET_RAW (run as root or grant the capability)',
    );
  });

  it('names the interface on ENODEV', () => {
    const err = packetSocketError(sysError('ENODEV', 'if_nametoindex(nope0)'), 'nope0');
    expect(err.code).toBe('ENODEV');
    expect(err.message).toBe('native-net: no interface named "nope0"');
  });

  it('keeps other errno errors as they are', () => {
    expect(packetSocketError(sysError('ENOBUFS', 'sendto'), 'eth0')).toMatchObject({
      code: 'ENOBUFS',
      syscall: 'sendto',
    });
  });
});

describe('interfaceInfo / listInterfaces (read-only, loopback)', () => {
  it('describes lo', () => {
    const lo = interfaceInfo('lo');
    expect(lo).toMatchObject({
      name: 'lo',
      mac: '00:00:00:00:00:00',
      hardwareType: 772,
      flags: { loopback: true, broadcast: false },
    });
    expect(lo.index).toBeGreaterThan(0);
    expect(lo.mtu).toBeGreaterThan(0);
  });

  it('lists lo', () => {
    expect(listInterfaces().map((i) => i.name)).toContain('lo');
  });

  it('throws ENODEV naming a missing interface', () => {
    const err = thrown(() => interfaceInfo('nn-no-such-if'));
    expect(err).toBeInstanceOf(NativeNetError);
    expect(err).toMatchObject({
      code: 'ENODEV',
      message: 'native-net: no interface named "nn-no-such-if"',
    });
  });
});

describe('realtimeNs', () => {
  it('reads CLOCK_REALTIME: nanoseconds since the epoch, within 50 ms of Date.now()', () => {
    const before = BigInt(Date.now()) * 1_000_000n;
    const ns = realtimeNs();
    const after = BigInt(Date.now()) * 1_000_000n;
    expect(typeof ns).toBe('bigint');
    // Date.now() truncates to the millisecond, so ns may be up to 1 ms past `after`.
    expect(ns).toBeGreaterThan(before - 50_000_000n);
    expect(ns).toBeLessThan(after + 50_000_000n);
  });

  it('does not go backwards over consecutive reads (no clock step expected meanwhile)', () => {
    const reads = Array.from({ length: 1_000 }, () => realtimeNs());
    const backwards = reads.filter((ns, i) => i > 0 && ns < (reads[i - 1] as bigint));
    expect(backwards).toEqual([]);
    expect(reads[999]).toBeGreaterThan(reads[0] as bigint);
  });
});
