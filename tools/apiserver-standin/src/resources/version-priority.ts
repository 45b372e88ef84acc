/**
 * Kubernetes' version priority: the order in which a group's versions are listed in discovery,
 * the first being the preferred one. "Kube-like" versions (`v1`, `v2beta1`, `v1alpha3`) sort
 * GA before beta before alpha, then by major, then by minor, each highest first; any other
 * version string sorts after all of them, alphabetically (`foo1` before `foo10`).
 *
 * Same rules as apimachinery's `version.CompareKubeAwareVersionStrings`, which the CRD
 * discovery controller uses to pick a CRD group's preferred version (the CRD docs, "Version
 * priority": v10, v2, v1, v11beta2, v10beta3, v3beta1, v12alpha1, v11alpha2, foo1, foo10).
 */

const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/** Stability ranks: a bigger number is a higher priority. */
const STABILITY = { alpha: 0, beta: 1, ga: 2 } as const;

/** Go's `strconv.Atoi` limit: a longer number makes the version not kube-like. */
const MAX_INT64 = 9_223_372_036_854_775_807n;

interface KubeVersion {
  readonly major: bigint;
  readonly stability: number;
  readonly minor: bigint;
}

function parseInt64(digits: string): bigint | undefined {
  const value = BigInt(digits);
  return value <= MAX_INT64 ? value : undefined;
}

/** Parses `v<major>[(alpha|beta)<minor>]`; undefined when the string is not kube-like. */
export function parseKubeVersion(version: string): KubeVersion | undefined {
  const match = KUBE_VERSION.exec(version);
  if (!match) return undefined;
  const major = parseInt64(match[1]!);
  if (major === undefined) return undefined;
  const type = match[2] as 'alpha' | 'beta' | undefined;
  if (type === undefined) return { major, stability: STABILITY.ga, minor: 0n };
  const minor = parseInt64(match[3]!);
  if (minor === undefined) return undefined;
  return { major, stability: STABILITY[type], minor };
}

function sign(value: bigint): number {
  return value > 0n ? 1 : value < 0n ? -1 : 0;
}

/**
 * Compares two version strings by priority: positive when `a` has the higher priority,
 * negative when `b` has, 0 when they rank the same (equal strings, or `v01` and `v1`).
 */
export function compareVersionPriority(a: string, b: string): number {
  if (a === b) return 0;
  const va = parseKubeVersion(a);
  const vb = parseKubeVersion(b);
  if (!va && !vb) return a < b ? 1 : a > b ? -1 : 0;
  if (!va) return -1;
  if (!vb) return 1;
  if (va.stability !== vb.stability) return va.stability - vb.stability;
  if (va.major !== vb.major) return sign(va.major - vb.major);
  return sign(va.minor - vb.minor);
}

/** The versions highest priority first (a new array; ties keep their input order). */
export function sortByVersionPriority(versions: readonly string[]): string[] {
  return [...versions].sort((a, b) => compareVersionPriority(b, a));
}
