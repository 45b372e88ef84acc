/**
 * Community objects -> alias table, and the resolution of an advertisement's `communities`
 * (literal, or alias: an unknown alias is transient, as MetalLB's webhook blanks aliases).
 */
import { type CommunityValue, isCommunityAlias, parseCommunity } from './community.js';
import type { BuildContext } from './context.js';
import { asRecord, type KubeObject, specReader } from './kube.js';
import type { BgpMode } from './model.js';
import type { ObjectProblems } from './problems.js';

/** Adds every alias of one Community object to `table`; duplicates across objects rejected. */
export function communitiesFromCR(
  obj: KubeObject,
  ctx: BuildContext,
  table: Record<string, CommunityValue>,
): void {
  const name = obj.metadata.name ?? '';
  const report = ctx.sink.for('Community', name);
  const spec = specReader(obj, report);
  spec.list('communities').forEach((entry, i) => {
    const path = `spec.communities[${i}]`;
    const rec = asRecord(entry);
    const alias = rec?.name;
    const value = rec?.value;
    if (typeof alias !== 'string' || alias === '' || typeof value !== 'string') {
      report.add(path, 'community needs a name and a value');
      return;
    }
    if (Object.hasOwn(table, alias)) {
      report.add(`${path}.name`, `duplicate definition of community ${JSON.stringify(alias)}`);
      return;
    }
    const parsed = parseCommunity(value);
    if (typeof parsed === 'string') {
      report.add(`${path}.value`, `parsing community ${JSON.stringify(alias)}: ${parsed}`);
      return;
    }
    table[alias] = parsed;
  });
}

/**
 * Resolves an advertisement's community list: duplicates and bad literals are permanent
 * problems, unknown aliases transient ones.
 */
export function resolveCommunities(
  list: readonly string[],
  field: string,
  table: Readonly<Record<string, CommunityValue>>,
  mode: BgpMode,
  report: ObjectProblems,
): CommunityValue[] {
  const seen = new Set<string>();
  const out: CommunityValue[] = [];
  list.forEach((text, i) => {
    const path = `${field}[${i}]`;
    if (seen.has(text)) {
      report.add(path, `duplicate definition of community ${JSON.stringify(text)}`);
      return;
    }
    seen.add(text);
    let value: CommunityValue | string | undefined;
    if (isCommunityAlias(text)) {
      value = table[text];
      if (value === undefined) {
        report.addTransient(path, `unknown community alias ${JSON.stringify(text)}`);
        return;
      }
    } else {
      value = parseCommunity(text);
      if (typeof value === 'string') {
        report.add(
          path,
          `invalid community ${JSON.stringify(text)} in BGP advertisement: ${value}`,
        );
        return;
      }
    }
    if (value.type === 'large' && mode === 'native') {
      report.add(path, `large BGP communities are not supported in native mode`);
      return;
    }
    out.push(value);
  });
  return out;
}
