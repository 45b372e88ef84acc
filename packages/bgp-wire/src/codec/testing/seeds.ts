/** Seed messages for mutation: every golden vector from real daemons, plus built ones. */
import { existsSync } from 'node:fs';
import { encodeMessage } from '../message.js';
import type { BgpMessage } from '../types.js';
import { listVectorFiles, readVectorFile, VECTORS_DIR } from './vectors.js';

const BUILT: BgpMessage[] = [
  { type: 'keepalive' },
  { type: 'route-refresh', afi: 2, safi: 1, subtype: 1 },
  {
    type: 'notification',
    errorCode: 6,
    errorSubcode: 2,
    data: new Uint8Array([4, 0x62, 0x79, 0x65, 0x21]),
  },
  {
    type: 'open',
    version: 4,
    myAs: 23456,
    holdTimeSec: 90,
    bgpIdentifier: '192.0.2.11',
    capabilities: [
      { type: 'multiprotocol', afi: 1, safi: 1 },
      { type: 'multiprotocol', afi: 2, safi: 1 },
      { type: 'four-octet-as', asn: 4200000001 },
      { type: 'add-path', families: [{ afi: 1, safi: 1, direction: 'both' }] },
      {
        type: 'graceful-restart',
        restarting: true,
        notification: true,
        restartTimeSec: 120,
        families: [{ afi: 1, safi: 1, forwardingPreserved: true }],
      },
    ],
  },
  {
    type: 'update',
    withdrawn: [{ prefix: '198.51.100.0/24' }],
    attributes: [
      { type: 'origin', origin: 'igp' },
      {
        type: 'as-path',
        segments: [
          { type: 'sequence', asns: [64512, 4200000001] },
          { type: 'set', asns: [1, 2] },
        ],
      },
      { type: 'next-hop', nextHop: '192.0.2.1' },
      { type: 'med', med: 10 },
      { type: 'communities', communities: ['65000:100', '65535:0'] },
      { type: 'large-communities', communities: ['4200000001:1:2'] },
      {
        type: 'extended-communities',
        communities: [
          { type: 'route-target', form: 'as2', global: 65000, local: 7, transitive: true },
        ],
      },
      {
        type: 'mp-reach-nlri',
        afi: 2,
        safi: 1,
        nextHops: ['2001:db8:1::11', 'fe80::1'],
        nlri: [{ prefix: '2001:db8:99::/48' }],
      },
    ],
    nlri: [{ prefix: '203.0.113.10/32' }, { prefix: '203.0.113.0/24' }],
  },
];

export function seedMessages(): Uint8Array[] {
  const seeds = BUILT.map((m) => encodeMessage(m));
  if (existsSync(VECTORS_DIR)) {
    for (const name of listVectorFiles())
      seeds.push(...readVectorFile(name).messages.map((m) => m.bytes));
  }
  return seeds;
}
