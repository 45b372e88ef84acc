/**
 * The package's one error class. Parsing addresses, CIDRs and ranges throws `IpamError`; the
 * allocator never throws for an ordinary refusal (no free IP, sharing conflict): it returns a
 * result value with a reason, because those are decisions, not faults.
 */

const IPAM_ERROR_BRAND = Symbol.for('@baremetal-lb/ipam.IpamError');

/** Stable machine-readable codes for every error this package throws. */
export type IpamErrorCode =
  | 'IPAM_ERR_INVALID_ADDRESS'
  | 'IPAM_ERR_INVALID_CIDR'
  | 'IPAM_ERR_INVALID_RANGE'
  | 'IPAM_ERR_INVALID_POOL'
  | 'IPAM_ERR_INVALID_ARGUMENT';

/**
 * Base class of every error thrown by @baremetal-lb/ipam. `instanceof` holds across two
 * installed copies of the package (a `Symbol.for` brand, as undici does). Messages keep
 * MetalLB's wording (`invalid CIDR "x"`), so config can show them to operators unchanged.
 */
export class IpamError extends Error {
  readonly code: IpamErrorCode;

  constructor(code: IpamErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IpamError';
    this.code = code;
  }

  get [IPAM_ERROR_BRAND](): true {
    return true;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[IPAM_ERROR_BRAND] === true
    );
  }
}
