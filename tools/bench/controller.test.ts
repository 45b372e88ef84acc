import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('controller bench', () => {
  it('allocates, measures and restarts side by side with the API-alone reference, at a small N', async () => {
    const script = new URL('./controller.mjs', import.meta.url).pathname;
    const { stdout } = await run(
      process.execPath,
      [script, '--services', '200', '--repeats', '1', '--no-save'],
      {
        timeout: 240_000,
      },
    );
    expect(stdout).toMatch(
      /200 Services created until all have an IP, s\s+\d+\.\d+\s+\d+\.\d+\s+\d+\.\d+x/,
    );
    expect(stdout).toMatch(/controller peak RSS, MiB\s+\d+/);
    // The restart claims every IP and writes none of the 200 Services.
    expect(stdout).toMatch(/Services written by the restart\s+0\s+0\s+-\s+PASS \(0\)/);
  });
});
