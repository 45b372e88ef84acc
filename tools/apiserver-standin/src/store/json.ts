/**
 * Small helpers over plain JSON values: the store keeps every object deeply frozen (so history,
 * watchers and listeners can share one copy safely) and hands out clones.
 */

/** Freezes `value` and everything reachable from it; returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** A mutable deep copy of a JSON value (frozen or not). */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/**
 * JSON equality: same types, same array elements in order, same object keys (a key whose value
 * is `undefined` counts as absent) with equal values.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => jsonEqual(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);
  const leftKeys = keys(left);
  if (leftKeys.length !== keys(right).length) return false;
  return leftKeys.every((k) => Object.hasOwn(right, k) && jsonEqual(left[k], right[k]));
}
