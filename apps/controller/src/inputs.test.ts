import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInputs } from './inputs.js';

describe('readInputs', () => {
  let dir: string;
  const noStdin = Readable.from([]);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'controller-inputs-'));
    await mkdir(join(dir, 'manifests', 'nested'), { recursive: true });
    await writeFile(join(dir, 'one.yaml'), 'kind: A\n');
    await writeFile(join(dir, 'manifests', 'b.yml'), 'kind: B\n');
    await writeFile(join(dir, 'manifests', 'a.yaml'), 'kind: A\n');
    await writeFile(join(dir, 'manifests', 'c.json'), '{"kind":"C"}');
    await writeFile(join(dir, 'manifests', 'notes.txt'), 'not a manifest');
    await writeFile(join(dir, 'manifests', 'nested', 'd.yaml'), 'kind: D\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file, named by its path', async () => {
    const path = join(dir, 'one.yaml');
    expect(await readInputs(path, noStdin)).toEqual([{ source: path, text: 'kind: A\n' }]);
  });

  it("reads a directory's manifests in name order, not recursively, like kubectl -f DIR", async () => {
    const inputs = await readInputs(join(dir, 'manifests'), noStdin);
    expect(inputs.map((i) => i.source)).toEqual(
      ['a.yaml', 'b.yml', 'c.json'].map((n) => join(dir, 'manifests', n)),
    );
    expect(inputs[2]?.text).toBe('{"kind":"C"}');
  });

  it('reads all of stdin for -', async () => {
    const stdin = Readable.from([Buffer.from('kind: '), 'X\n']);
    expect(await readInputs('-', stdin)).toEqual([{ source: '<stdin>', text: 'kind: X\n' }]);
  });

  it('rejects with ENOENT for a missing path', async () => {
    await expect(readInputs(join(dir, 'missing.yaml'), noStdin)).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
