/**
 * The 409 an apply gets when it would change fields other managers own, worded as the
 * apiserver words it (managedfields/internal/conflict.go):
 * `Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .spec.replicas`,
 * or for several, one `conflicts with "<manager>":` block per manager (sorted) listing `- <path>`.
 */

import { ApiError } from '../../errors.js';
import { compareGoStrings, goQuote } from '../util/go-format.js';
import { parseIdentifier } from './managed-fields.js';
import { pathToString } from './path-element.js';
import type { Conflict } from './updater.js';

/** How a manager is named in conflict messages: `"kubectl" with subresource "status"`, ... */
export function printManager(identifier: string): string {
  let info: ReturnType<typeof parseIdentifier>;
  try {
    info = parseIdentifier(identifier);
  } catch {
    return goQuote(identifier);
  }
  let text = goQuote(info.manager);
  if (info.subresource) text = `${text} with subresource ${goQuote(info.subresource)}`;
  // The identifier never carries a time, so updaters print as "using <apiVersion>".
  if (info.operation === 'Update') text = `${text} using ${info.apiVersion ?? ''}`;
  return text;
}

/** The conflict message. */
export function conflictMessage(conflicts: readonly Conflict[]): string {
  if (conflicts.length === 1) {
    const [only] = conflicts;
    return `Apply failed with 1 conflict: conflict with ${printManager(only!.manager)}: ${pathToString(only!.path)}`;
  }
  const byManager = new Map<string, string[]>();
  for (const { manager, path } of conflicts) {
    const paths = byManager.get(manager) ?? [];
    paths.push(pathToString(path));
    byManager.set(manager, paths);
  }
  const lines: string[] = [];
  for (const manager of [...byManager.keys()].sort(compareGoStrings)) {
    lines.push(`conflicts with ${printManager(manager)}:`);
    for (const path of byManager.get(manager)!) lines.push(`- ${path}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** `NewConflictError`: 409 Conflict with one `FieldManagerConflict` cause per field. */
export function applyConflictError(conflicts: readonly Conflict[]): ApiError {
  const ordered = [...conflicts].sort((a, b) => compareGoStrings(a.manager, b.manager));
  return new ApiError(409, 'Conflict', conflictMessage(ordered), {
    causes: ordered.map(({ manager, path }) => ({
      reason: 'FieldManagerConflict',
      message: `conflict with ${printManager(manager)}`,
      field: pathToString(path),
    })),
  });
}
