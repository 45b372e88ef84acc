/**
 * Which discovery format a client asked for at `/api` and `/apis`. client-go (kubectl 1.32)
 * sends `Accept: <aggregated v2>,<aggregated v2beta1>,application/json` and takes whichever
 * the server picks by the response Content-Type: the aggregated `APIGroupDiscoveryList`, or the
 * legacy `APIVersions` / `APIGroupList` (after which it fetches every group version's
 * `APIResourceList`). client-node sends `application/json, *\/*;q=0.8`: legacy.
 */

/** Content-Type of an aggregated discovery v2 response. */
export const AGGREGATED_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Content-Type of an aggregated discovery v2beta1 response (clients before 1.30 ask for it). */
export const AGGREGATED_V2BETA1 =
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

/** The discovery flavour a request gets; `legacy` is `APIVersions` / `APIGroupList`. */
export type DiscoveryFlavour = 'v2' | 'v2beta1' | 'legacy';

interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly params: ReadonlyMap<string, string>;
  readonly q: number;
}

/** One `type/subtype;k=v;...` entry of an Accept header (RFC 9110 §12.5.1). */
function parseMediaRange(text: string): MediaRange | undefined {
  const [essence = '', ...rawParams] = text.split(';');
  const [type, subtype] = essence.trim().toLowerCase().split('/');
  if (!type || !subtype) return undefined;
  const params = new Map<string, string>();
  for (const raw of rawParams) {
    const eq = raw.indexOf('=');
    if (eq < 0) continue;
    const key = raw.slice(0, eq).trim().toLowerCase();
    const value = raw
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    params.set(key, value);
  }
  const qText = params.get('q');
  params.delete('q');
  const q = qText === undefined ? 1 : Number(qText);
  return { type, subtype, params, q: Number.isFinite(q) ? q : 0 };
}

/** The flavour one media range selects, or undefined if the server cannot answer it. */
function flavourOf(range: MediaRange): DiscoveryFlavour | undefined {
  const jsonLike =
    (range.type === 'application' && (range.subtype === 'json' || range.subtype === '*')) ||
    (range.type === '*' && range.subtype === '*');
  if (!jsonLike) return undefined; // protobuf, yaml, text/html ...
  const as = range.params.get('as');
  if (as === undefined) {
    // Plain JSON: only if it asks for no other group/version of a conversion either.
    return range.params.has('g') || range.params.has('v') ? undefined : 'legacy';
  }
  if (as !== 'APIGroupDiscoveryList' || range.params.get('g') !== 'apidiscovery.k8s.io') {
    return undefined; // as=Table, as=PartialObjectMetadata...: not a discovery document
  }
  const version = range.params.get('v');
  return version === 'v2' || version === 'v2beta1' ? version : undefined;
}

/**
 * Picks the discovery flavour from an Accept header: the first acceptable media range by
 * q-value (ties in header order). A missing or empty header, or one the server can answer with
 * nothing better, gets the legacy documents, which every client understands.
 */
export function negotiateDiscovery(accept: string | undefined): DiscoveryFlavour {
  if (!accept) return 'legacy';
  const ranges = accept
    .split(',')
    .map(parseMediaRange)
    .filter((r): r is MediaRange => r !== undefined && r.q > 0);
  // Array#sort is stable: equal q keeps the client's order.
  ranges.sort((a, b) => b.q - a.q);
  for (const range of ranges) {
    const flavour = flavourOf(range);
    if (flavour) return flavour;
  }
  return 'legacy';
}

/** The response Content-Type for a flavour. */
export function discoveryContentType(flavour: DiscoveryFlavour): string {
  if (flavour === 'v2') return AGGREGATED_V2;
  if (flavour === 'v2beta1') return AGGREGATED_V2BETA1;
  return 'application/json';
}
