/**
 * BFDProfile -> BfdProfile with FRR's defaults (MetalLB `bfdProfileFromCR`): every interval
 * range-checked with MetalLB's wording.
 */
import type { BuildContext } from './context.js';
import { type FieldReader, type KubeObject, specReader } from './kube.js';
import type { BfdProfile } from './model.js';

function ranged(
  spec: FieldReader,
  field: string,
  what: string,
  min: number,
  max: number,
  dflt: number,
): number {
  const v = spec.record[field];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    spec.report.add(
      spec.path(field),
      `invalid ${what} value: invalid value ${String(v)}, must be in ${min}-${max} range`,
    );
    return dflt;
  }
  return v;
}

/** Parses one BFDProfile; undefined when it has problems. */
export function bfdProfileFromCR(obj: KubeObject, ctx: BuildContext): BfdProfile | undefined {
  const name = obj.metadata.name ?? '';
  const before = ctx.sink.problems.length;
  const report = ctx.sink.for('BFDProfile', name);
  const spec = specReader(obj, report);
  const profile: BfdProfile = {
    name,
    receiveIntervalMs: ranged(spec, 'receiveInterval', 'receive interval', 10, 60000, 300),
    transmitIntervalMs: ranged(spec, 'transmitInterval', 'transmit interval', 10, 60000, 300),
    detectMultiplier: ranged(spec, 'detectMultiplier', 'detect multiplier', 2, 255, 3),
    echoIntervalMs: ranged(spec, 'echoInterval', 'echo interval', 10, 60000, 50),
    echoMode: spec.bool('echoMode') ?? false,
    passiveMode: spec.bool('passiveMode') ?? false,
    minimumTtl: ranged(spec, 'minimumTtl', 'minimum ttl', 1, 254, 254),
  };
  if (ctx.bgpMode === 'native') report.add('metadata.name', 'bfd profiles section set');
  return ctx.sink.problems.length === before ? profile : undefined;
}
