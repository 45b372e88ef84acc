/**
 * Reads the golden vectors in ../testdata: `# ` comment lines first (provenance), then per frame a
 * `# <n> <tcpdump summary>` line and one hex line (written by testdata/capture.sh).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TESTDATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'testdata');

export interface VectorFrame {
  label: string;
  bytes: Uint8Array;
}

export interface VectorFile {
  name: string;
  provenance: string[];
  frames: VectorFrame[];
}

export function readVectorFile(name: string): VectorFile {
  const provenance: string[] = [];
  const frames: VectorFrame[] = [];
  let label = '';
  for (const raw of readFileSync(join(TESTDATA_DIR, name), 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const text = line.replace(/^#\s?/, '');
      if (/^\d+\s/.test(text)) label = text;
      else if (frames.length === 0) provenance.push(text);
      continue;
    }
    frames.push({ label, bytes: new Uint8Array(Buffer.from(line, 'hex')) });
  }
  return { name, provenance, frames };
}

export function readAllVectors(): VectorFile[] {
  return readdirSync(TESTDATA_DIR)
    .filter((f) => f.endsWith('.hex'))
    .sort()
    .map(readVectorFile);
}

/** The one frame whose tcpdump summary contains every `parts` string; throws if not exactly one. */
export function findFrame(files: VectorFile[], ...parts: string[]): VectorFrame {
  const found = files
    .flatMap((f) => f.frames)
    .filter((fr) => parts.every((p) => fr.label.includes(p)));
  if (found.length === 0) throw new Error(`no vector frame matches ${parts.join(' & ')}`);
  return found[0]!;
}
