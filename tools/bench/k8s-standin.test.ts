import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('k8s-standin bench', () => {
  it('measures the stand-in and the bare node:http reference side by side, at a small N', async () => {
    const script = new URL('./k8s-standin.mjs', import.meta.url).pathname;
    const { stdout } = await run(
      process.execPath,
      [script, '--services', '300', '--watch-events', '100', '--no-save'],
      { timeout: 240_000 },
    );
    const rows = stdout.split('\n').filter((l) => /(create|list|watch|RSS)/.test(l));
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row).toMatch(/\d+(\.\d+)?x\s*$/);
    expect(stdout).toMatch(/list 300 Services/);
  });
});
