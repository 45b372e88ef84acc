// Runs every project's tests through nx (cached, dependency-ordered), then prints one
// workspace-wide closing line, "tests: N passed, N failed, N skipped", from vitest's JSON reports.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const groups = ['packages', 'apps', 'tools'];
const reports = groups
  .filter((g) => existsSync(g))
  .flatMap((g) =>
    readdirSync(g).map((name) => ({
      where: `${g}/${name}`,
      file: join(g, name, '.vitest-report.json'),
    })),
  );
// Stale reports would be counted as this run's; nx restores them from its cache on a hit.
for (const r of reports) rmSync(r.file, { force: true });

const nx = spawnSync(
  'npx',
  [
    'nx',
    'run-many',
    '-t',
    'test',
    '--parallel=2',
    '--output-style=stream',
    ...process.argv.slice(2),
  ],
  {
    stdio: 'inherit',
  },
);

let passed = 0;
let failed = 0;
let skipped = 0;
for (const { where, file } of reports) {
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  console.log(
    `${where}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`,
  );
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(nx.status === 0 && failed === 0 ? 0 : 1);
