// bgp-wire codec throughput: decode and encode of realistic UPDATEs, each beside a plain
// Buffer.copy of the same bytes measured in the same run. The ratio (ours / copy) is the
// distance to the memory-bandwidth floor; lower is better, 1.0 is the floor.
import {
  DEFAULT_CONTEXT,
  decodeMessage,
  encodeMessage,
  encodeMessageInto,
} from '@baremetal-lb/bgp-wire';
import { measure, printTable, saveResults } from './lib.mjs';

const asPath = (n) => [
  {
    type: 'as-path',
    segments: [{ type: 'sequence', asns: Array.from({ length: n }, (_, i) => 64512 + i) }],
  },
];

function update({ prefixes, asPathLength, communities = 0, largeCommunities = 0 }) {
  const attributes = [
    { type: 'origin', origin: 'igp' },
    ...asPath(asPathLength),
    { type: 'next-hop', nextHop: '192.0.2.11' },
    { type: 'med', med: 100 },
  ];
  if (communities)
    attributes.push({
      type: 'communities',
      communities: Array.from({ length: communities }, (_, i) => `65000:${i + 1}`),
    });
  if (largeCommunities) {
    attributes.push({
      type: 'large-communities',
      communities: Array.from({ length: largeCommunities }, (_, i) => `4200000001:${i}:${i * 7}`),
    });
  }
  const nlri = Array.from({ length: prefixes }, (_, i) => ({
    prefix: `203.${(i >> 8) & 255}.${i & 255}.0/24`,
  }));
  return { type: 'update', withdrawn: [], attributes, nlri };
}

const cases = [
  { name: '1 prefix', message: update({ prefixes: 1, asPathLength: 2, communities: 1 }) },
  { name: '500 prefixes', message: update({ prefixes: 500, asPathLength: 3, communities: 2 }) },
  {
    name: 'long AS path + communities',
    message: update({ prefixes: 4, asPathLength: 40, communities: 30, largeCommunities: 15 }),
  },
];

const rows = [];
for (const { name, message } of cases) {
  const bytes = encodeMessage(message, DEFAULT_CONTEXT);
  const size = bytes.length;
  const target = Buffer.allocUnsafe(size);
  const out = new Uint8Array(size + 16);
  const iterations = Math.max(2000, Math.floor(40_000_000 / size / 8));
  let sink = 0;
  const copyNs = measure(
    (n) => {
      for (let i = 0; i < n; i++)
        sink += Buffer.from(bytes.buffer, bytes.byteOffset, size).copy(target);
    },
    { iterations },
  );
  const decodeNs = measure(
    (n) => {
      for (let i = 0; i < n; i++) sink += decodeMessage(bytes, DEFAULT_CONTEXT).type.length;
    },
    { iterations },
  );
  const decoded = decodeMessage(bytes, DEFAULT_CONTEXT);
  const encodeNs = measure(
    (n) => {
      for (let i = 0; i < n; i++) sink += encodeMessageInto(decoded, DEFAULT_CONTEXT, out, 0);
    },
    { iterations },
  );
  if (sink === 42) console.log('');
  const mbps = (ns) => ((size / ns) * 1e9) / 1e6;
  rows.push([
    name,
    size,
    Math.round(1e9 / decodeNs).toLocaleString('en-US'),
    mbps(decodeNs).toFixed(0),
    Math.round(1e9 / encodeNs).toLocaleString('en-US'),
    mbps(encodeNs).toFixed(0),
    mbps(copyNs).toFixed(0),
    (decodeNs / copyNs).toFixed(1),
    (encodeNs / copyNs).toFixed(1),
  ]);
}

const columns = [
  'UPDATE',
  'bytes',
  'decode msg/s',
  'decode MB/s',
  'encode msg/s',
  'encode MB/s',
  'copy MB/s',
  'decode/copy',
  'encode/copy',
];
console.log('bgp-wire codec (median of 7 rounds; copy = Buffer.copy of the same bytes, same run)');
printTable(columns, rows);
saveResults('bgp-wire-codec', {
  columns,
  rows,
  notes:
    'decode = decodeMessage (full object model: prefixes and communities as strings); encode = encodeMessageInto a reused buffer. Ratios are times relative to Buffer.copy of the same message.',
});
