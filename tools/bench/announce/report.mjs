// From raw samples to the printed tables: medians per (N, sender), ratios against gobgpd
// measured in the same run, and the bar the issue sets for ours.

export const COLUMNS = [
  'sender',
  'runs ok',
  'announce s',
  'withdraw s',
  'peak RSS MB',
  'announce / gobgpd',
  'withdraw / gobgpd',
  'bar (ours)',
];

/** The bar for ours: at every N no slower than gobgpd; at 1,000,000 also these. */
export const BAR = { atN: 1_000_000, announceS: 4, withdrawS: 1, peakRssMB: 500 };

export function median(values) {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Medians of one sender at one N. A timed-out measurement counts as +Infinity (so a median
 * can be "timeout"); a failed run (error) is left out and shows in "runs ok".
 */
export function summarizeSender(samples) {
  const ok = samples.filter((s) => !s.error);
  const announced = ok.filter((s) => s.timedOut !== 'announce');
  return {
    runs: samples.length,
    ok: ok.length,
    announceS: median(ok.map((s) => s.announceS ?? Number.POSITIVE_INFINITY)),
    withdrawS: median(announced.map((s) => s.withdrawS ?? Number.POSITIVE_INFINITY)),
    peakRssMB: median(ok.filter((s) => s.peakRssBytes).map((s) => s.peakRssBytes / 2 ** 20)),
  };
}

/** Builds `{ n: rows }` for the printed tables (one per N) from runAnnounceBench's result. */
export function buildTables({ skipped, samples }, { ns, senders, timeoutMs }) {
  const tables = new Map();
  for (const n of ns) {
    const stats = new Map(
      senders
        .filter((s) => !(s in skipped))
        .map((s) => [s, summarizeSender(samples.filter((x) => x.n === n && x.sender === s))]),
    );
    const ref = stats.get('gobgpd');
    const rows = senders.map((sender) => {
      if (sender in skipped)
        return [sender, `skipped (${skipped[sender]})`, '', '', '', '', '', '-'];
      const st = stats.get(sender);
      return [
        sender,
        `${st.ok}/${st.runs}`,
        seconds(st.announceS, timeoutMs),
        seconds(st.withdrawS, timeoutMs),
        st.peakRssMB === undefined ? '-' : st.peakRssMB.toFixed(0),
        ratio(st.announceS, ref?.announceS),
        ratio(st.withdrawS, ref?.withdrawS),
        sender === 'ours' ? barVerdict(n, st, ref) : '-',
      ];
    });
    tables.set(n, rows);
  }
  return tables;
}

function seconds(value, timeoutMs) {
  if (value === undefined) return 'not run';
  if (value === Number.POSITIVE_INFINITY) return `timeout (>${timeoutMs / 1000} s)`;
  return value.toFixed(value < 10 ? 3 : 1);
}

function ratio(value, ref) {
  if (!Number.isFinite(value) || !Number.isFinite(ref) || ref === 0) return 'n/a';
  return `${(value / ref).toFixed(2)}x`;
}

/**
 * PASS; FAIL with every missed criterion; or n/a when nothing failed but gobgpd, the reference
 * of the first criterion, did not run. Medians against medians.
 */
export function barVerdict(n, ours, gobgpd) {
  if (ours.announceS === undefined) return 'FAIL (no successful run)';
  const misses = [];
  if (gobgpd?.announceS !== undefined && !(ours.announceS <= gobgpd.announceS))
    misses.push('announce slower than gobgpd');
  if (n === BAR.atN) {
    if (!(ours.announceS <= BAR.announceS)) misses.push(`announce > ${BAR.announceS} s`);
    if (!(ours.withdrawS <= BAR.withdrawS)) misses.push(`withdraw > ${BAR.withdrawS} s`);
    if (!(ours.peakRssMB < BAR.peakRssMB)) misses.push(`peak RSS >= ${BAR.peakRssMB} MB`);
  }
  if (misses.length > 0) return `FAIL (${misses.join('; ')})`;
  return gobgpd?.announceS === undefined ? 'n/a (no gobgpd run to compare with)' : 'PASS';
}
