/**
 * Durable state for `--data-dir`: a snapshot (`snapshot.json`, every object and the RV counter)
 * plus an append-only change log (`changes.log`, one JSON line per stored change).
 *
 * Every change is written to the log with a synchronous `write(2)` before the write is
 * acknowledged, so it survives a SIGKILL of the process (the kernel holds the bytes; we do not
 * fsync per change, so a power cut may lose the tail). Opening replays snapshot + log, drops a
 * torn last line (a write cut short by the kill), and compacts at once into a fresh snapshot,
 * so later appends never land after torn bytes. The log is compacted again when it grows long.
 * Snapshots are written to a temporary file, fsynced and renamed into place (atomic).
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '../types.js';
import { keyOf } from './keys.js';

/** One logged change: an object stored (create/update) or removed. */
export type LogEntry =
  | {
      readonly rv: number;
      readonly op: 'put';
      readonly storage: string;
      readonly object: KubeObject;
    }
  | { readonly rv: number; readonly op: 'delete'; readonly storage: string; readonly key: string };

/** What the store holds: storage -> key -> object, and the RV counter. */
export interface PersistedState {
  resourceVersion: number;
  tables: Map<string, Map<string, KubeObject>>;
}

interface Snapshot {
  version: 1;
  resourceVersion: number;
  objects: { storage: string; object: KubeObject }[];
}

const SNAPSHOT = 'snapshot.json';
const LOG = 'changes.log';
/** Compact when the log holds this many changes. */
const COMPACT_AFTER_ENTRIES = 5000;

function readSnapshot(dir: string): PersistedState {
  const state: PersistedState = { resourceVersion: 0, tables: new Map() };
  const file = join(dir, SNAPSHOT);
  if (!existsSync(file)) return state;
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  if (snapshot.version !== 1)
    throw new Error(`${file}: unknown snapshot version ${snapshot.version}`);
  state.resourceVersion = snapshot.resourceVersion;
  for (const { storage, object } of snapshot.objects)
    tableOf(state, storage).set(keyOf(object), object);
  return state;
}

function tableOf(state: PersistedState, storage: string): Map<string, KubeObject> {
  let table = state.tables.get(storage);
  if (table === undefined) {
    table = new Map();
    state.tables.set(storage, table);
  }
  return table;
}

/** Applies the log to `state`. A torn last line is skipped; a bad line before it is an error. */
function replayLog(dir: string, state: PersistedState): void {
  const file = join(dir, LOG);
  if (!existsSync(file)) return;
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let entry: LogEntry;
    try {
      entry = JSON.parse(line) as LogEntry;
    } catch (error) {
      const isLast = lines.slice(index + 1).every((rest) => rest.trim() === '');
      if (isLast) return; // torn write: the change was never acknowledged
      throw new Error(`${file}:${index + 1}: corrupt change log line`, { cause: error });
    }
    // Entries already folded into the snapshot (a crash between snapshot and truncation).
    if (entry.rv <= state.resourceVersion) return;
    const table = tableOf(state, entry.storage);
    if (entry.op === 'put') table.set(keyOf(entry.object), entry.object);
    else table.delete(entry.key);
    state.resourceVersion = entry.rv;
  });
}

/** `write(2)` until every byte is written (a single call may write less). */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
}

/** The data directory of one store: load at open, append per change, compact. */
export class Persistence {
  readonly #dir: string;
  #fd: number | undefined;
  #entries = 0;

  private constructor(dir: string) {
    this.#dir = dir;
  }

  /** Loads the state in `dir` (created if missing) and compacts it into a fresh snapshot. */
  static open(dir: string): { persistence: Persistence; state: PersistedState } {
    mkdirSync(dir, { recursive: true });
    const state = readSnapshot(dir);
    replayLog(dir, state);
    const persistence = new Persistence(dir);
    persistence.#fd = openSync(join(dir, LOG), 'a');
    persistence.compact(state);
    return { persistence, state };
  }

  /** Whether the log is long enough that the owner should call `compact`. */
  get wantsCompaction(): boolean {
    return this.#entries >= COMPACT_AFTER_ENTRIES;
  }

  /** Appends one change; returns once the bytes are in the kernel (SIGKILL-safe). */
  append(entry: LogEntry): void {
    if (this.#fd === undefined) throw new Error('persistence is closed');
    writeAll(this.#fd, `${JSON.stringify(entry)}\n`);
    this.#entries++;
  }

  /** Writes `state` as the new snapshot (atomically) and empties the log. */
  compact(state: PersistedState): void {
    if (this.#fd === undefined) throw new Error('persistence is closed');
    const snapshot: Snapshot = { version: 1, resourceVersion: state.resourceVersion, objects: [] };
    for (const [storage, table] of state.tables) {
      for (const object of table.values()) snapshot.objects.push({ storage, object });
    }
    const file = join(this.#dir, SNAPSHOT);
    const temporary = `${file}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      writeAll(fd, JSON.stringify(snapshot));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
    // The log is opened for append, so writes after truncation start at offset 0 again.
    ftruncateSync(this.#fd, 0);
    this.#entries = 0;
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
