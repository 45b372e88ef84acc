/**
 * What a `-f` argument names, read as kubectl reads it: a file, `-` for stdin, or a directory
 * whose `.yaml`, `.yml` and `.json` files are read in name order (not recursively, as kubectl
 * without `-R`). The only file-system code of `validate`.
 */

import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Input } from './validate.js';

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/**
 * Reads one `-f` argument.
 *
 * @param stdin - the stream `-` reads (process.stdin in the bin)
 * @returns one input per file, named by its path (`<stdin>` for `-`)
 * @throws the file system's error when the path cannot be read
 */
export async function readInputs(
  path: string,
  stdin: AsyncIterable<string | Uint8Array>,
): Promise<Input[]> {
  if (path === '-') return [{ source: '<stdin>', text: await readAll(stdin) }];
  if (!(await stat(path)).isDirectory()) {
    return [{ source: path, text: await readFile(path, 'utf8') }];
  }
  const names = (await readdir(path))
    .filter((name) => MANIFEST_EXTENSIONS.some((ext) => name.endsWith(ext)))
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const source = join(path, name);
      return { source, text: await readFile(source, 'utf8') };
    }),
  );
}

async function readAll(stream: AsyncIterable<string | Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}
