import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('ipam bench', () => {
  it('runs ours and the naive first-fit side by side on an IPv4 /12 and an IPv6 /64', async () => {
    const script = new URL('./ipam.mjs', import.meta.url).pathname;
    const { stdout } = await run(
      process.execPath,
      ['--expose-gc', script, '--n', '2000', '--reference-n', '1000', '--no-save'],
      { timeout: 120_000 },
    );
    const rows = stdout.split('\n').filter((l) => /(allocate|release|heap held)/.test(l));
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(row).toMatch(/\d+\.\d+x\s*$/);
    expect(stdout).toMatch(/10\.16\.0\.0\/12 allocate 2000/);
    expect(stdout).toMatch(/fd00:10:96::\/64 allocate 2000/);
  });
});
