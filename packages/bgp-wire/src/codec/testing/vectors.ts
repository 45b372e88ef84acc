/**
 * Golden vector files (STYLE.md §8): `vectors/<daemon>-<version>-<what>.hex`, comment lines
 * first saying how they were captured, then per message a `# <n> <TYPE> ...` line and one
 * line of hex. `<file>.expected.json` beside each holds the decoded messages in our object
 * model, written from the daemons' configuration and tcpdump's dissection, not from our decoder.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const VECTORS_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'vectors',
);

export interface VectorMessage {
  label: string;
  bytes: Uint8Array;
}

export interface VectorFile {
  name: string;
  provenance: string[];
  messages: VectorMessage[];
}

export function listVectorFiles(dir = VECTORS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.hex'))
    .sort();
}

export function readVectorFile(name: string, dir = VECTORS_DIR): VectorFile {
  const lines = readFileSync(join(dir, name), 'utf8').split('\n');
  const provenance: string[] = [];
  const messages: VectorMessage[] = [];
  let label = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const text = line.replace(/^#\s?/, '');
      if (messages.length === 0 && !/^\d+\s/.test(text)) provenance.push(text);
      else label = text;
      continue;
    }
    messages.push({ label, bytes: new Uint8Array(Buffer.from(line, 'hex')) });
    label = '';
  }
  return { name, provenance, messages };
}

/** Expected decoded messages; `{"$hex": "..."}` stands for a Uint8Array. */
export function readExpected(name: string, dir = VECTORS_DIR): unknown[] {
  const text = readFileSync(join(dir, name.replace(/\.hex$/, '.expected.json')), 'utf8');
  return JSON.parse(text, (_key, value: unknown) => {
    if (
      value !== null &&
      typeof value === 'object' &&
      '$hex' in value &&
      typeof value.$hex === 'string'
    ) {
      return new Uint8Array(Buffer.from(value.$hex, 'hex'));
    }
    return value;
  }) as unknown[];
}
