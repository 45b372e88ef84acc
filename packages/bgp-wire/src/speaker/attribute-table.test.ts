import { describe, expect, it } from 'vitest';
import { AttributeTable } from './attribute-table.js';
import { DEFAULT_ATTRIBUTES } from './route.js';

describe('AttributeTable', () => {
  it('interns by key, drops a template when its last RIB releases it, and never reuses ids', () => {
    const table = new AttributeTable();
    const a = table.intern('a', () => DEFAULT_ATTRIBUTES);
    expect(table.intern('a', () => DEFAULT_ATTRIBUTES)).toBe(a);
    table.retain(a);
    table.retain(a);
    table.sweep();
    table.release(a);
    expect(table.get(a)).toBe(DEFAULT_ATTRIBUTES);
    table.release(a);
    expect(table.get(a)).toBeUndefined();
    const again = table.intern('a', () => DEFAULT_ATTRIBUTES);
    expect(again).not.toBe(a);
    table.sweep(); // nobody retained it
    expect(table.size).toBe(0);
  });
});
