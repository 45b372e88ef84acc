// The arp-flood table: per protocol (ARP, NDP), medians over repeats of each flood-agent
// figure, ours beside the kernel's, the ratio ours / kernel, and the bar, the same for
// both protocols (ours at least half the kernel's replies/s, ours p99 under 1 ms, at 10,000
// requests/s). Latency rows: at the wire (the reply's kernel receive time minus the clock
// right before the request's send(); the bar is on these), then the same seen in JavaScript
// (onFrame), which adds the generator's own delays, kept so the two can be compared.

export const COLUMNS = ['protocol', 'measure', 'ours', 'kernel', 'ratio', 'bar'];
export const BAR = { rate: 10_000, minRateRatio: 0.5, maxP99Us: 1000 };

function median(values) {
  const xs = values
    .filter((x) => typeof x === 'number' && Number.isFinite(x))
    .sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** Medians of each numeric field of the agent's results (one per repeat). */
export function medians(results) {
  const keys = [
    'sentPerSecond',
    'repliesPerSecond',
    'replies',
    'lost',
    'duplicates',
    'foreign',
    'p50Us',
    'p99Us',
    'maxUs',
    'p50SeenUs',
    'p99SeenUs',
  ];
  const out = Object.fromEntries(keys.map((k) => [k, median(results.map((r) => r[k]))]));
  // Losses are summed, not a median: one run losing requests must show.
  out.lostTotal = results.reduce((n, r) => n + r.lost, 0);
  // Replies stamped no later than their request's send (should never be): summed too.
  out.wireNotPositiveTotal = results.reduce((n, r) => n + (r.wireNotPositive ?? 0), 0);
  return out;
}

const fmt = (x, digits = 0) =>
  x === null
    ? 'n/a'
    : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (a, b) => (a === null || b === null || b === 0 ? null : a / b);

/**
 * Rows of the table for one protocol ('arp' or 'ndp') from the medians of ours and of the
 * kernel; `bars` says PASS / FAIL of each bar, and whether the rate was the bar's.
 */
export function buildTable(protocol, ours, kernel, rate) {
  const label = protocol.toUpperCase();
  const rateRatio = ratio(ours.repliesPerSecond, kernel.repliesPerSecond);
  const atBarRate = rate === BAR.rate ? '' : ` (bar is at ${fmt(BAR.rate)}/s)`;
  const pass = (ok) => (ok ? 'PASS' : 'FAIL');
  const bars = {
    rate: rateRatio !== null && rateRatio >= BAR.minRateRatio,
    p99: ours.p99Us !== null && ours.p99Us < BAR.maxP99Us && ours.lostTotal === 0,
    atBarRate: rate === BAR.rate,
  };
  const row = (name, key, digits, bar = '') => [
    label,
    name,
    fmt(ours[key], digits),
    fmt(kernel[key], digits),
    fmt(ratio(ours[key], kernel[key]), 2),
    bar,
  ];
  const rows = [
    row('requests sent/s', 'sentPerSecond', 0),
    row(
      'replies/s',
      'repliesPerSecond',
      0,
      `>= ${BAR.minRateRatio} x kernel: ${pass(bars.rate)}${atBarRate}`,
    ),
    [label, 'unanswered, all runs', fmt(ours.lostTotal), fmt(kernel.lostTotal), '', ''],
    row('p50 latency us', 'p50Us', 1),
    row(
      'p99 latency us',
      'p99Us',
      1,
      `< ${fmt(BAR.maxP99Us)} us, none unanswered: ${pass(bars.p99)}${atBarRate}`,
    ),
    row('max latency us', 'maxUs', 1),
    row('p50 latency us (seen in JS)', 'p50SeenUs', 1),
    row('p99 latency us (seen in JS)', 'p99SeenUs', 1),
  ];
  return { rows, bars, rateRatio };
}
