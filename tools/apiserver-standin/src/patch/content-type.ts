/**
 * Which patch a PATCH request carries, from its Content-Type. The apiserver cuts the header at
 * the first `;` (so `charset=utf-8` does not matter) and then compares the rest exactly: no
 * case folding, no trimming; `application/Merge-Patch+json` gets 415 there, and here.
 */

/** The four patch types the apiserver accepts. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const PATCH_TYPES: Readonly<Record<string, PatchType>> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** The media types, in the order the real server lists them in a 415 answer. */
export const PATCH_CONTENT_TYPES: readonly string[] = Object.keys(PATCH_TYPES);

/**
 * The patch type of a Content-Type header, or undefined for anything else (the caller answers
 * 415). Parameters after `;` are ignored; the media type itself must match exactly.
 */
export function patchTypeOf(contentType: string): PatchType | undefined {
  const cut = contentType.indexOf(';');
  const base = cut > 0 ? contentType.slice(0, cut) : contentType;
  return Object.hasOwn(PATCH_TYPES, base) ? PATCH_TYPES[base] : undefined;
}
