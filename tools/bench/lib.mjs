// Shared bench plumbing: timing by rounds with medians, machine description, result files.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'results');

/** Runs `fn(iterations)` for `rounds` rounds after a warm-up; returns the median ns per iteration. */
export function measure(fn, { iterations, rounds = 7, warmup = 2 }) {
  for (let i = 0; i < warmup; i++) fn(iterations);
  const perIteration = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    fn(iterations);
    perIteration.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  perIteration.sort((a, b) => a - b);
  return perIteration[Math.floor(perIteration.length / 2)];
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** Prints rows as an aligned text table. */
export function printTable(columns, rows) {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padStart(widths[i])).join('  ');
  console.log(line(columns));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

/**
 * Keeps the last results in the repo: JSON for tools, Markdown for people. `data` (optional,
 * JSON only) holds whatever the table was computed from, e.g. every raw sample.
 */
export function saveResults(name, { columns, rows, notes, data }) {
  mkdirSync(resultsDir, { recursive: true });
  const m = machine();
  const date = new Date().toISOString();
  writeFileSync(
    join(resultsDir, `${name}.json`),
    `${JSON.stringify({ date, machine: m, columns, rows, notes, data }, null, 2)}\n`,
  );
  const md = [
    `# ${name}`,
    '',
    `Measured ${date} on ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB), Node ${m.node}, ${m.platform}.`,
    '',
    `| ${columns.join(' | ')} |`,
    `|${columns.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    ...(notes ? [notes, ''] : []),
  ].join('\n');
  writeFileSync(join(resultsDir, `${name}.md`), md);
}
