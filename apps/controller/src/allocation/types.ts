/**
 * The values the allocation core hands to the controller daemon: what one Service should look
 * like after a sync, and the Events to record on it. Kept apart from the class so the daemon
 * and its tests can name them without pulling the allocator in.
 */

/** One core/v1 Event to record on the Service. */
export interface ServiceEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

/** What the Service should look like after this sync. */
export interface ServiceOutcome {
  /** status.loadBalancer.ingress IPs, canonical text, IPv4 before IPv6; [] = no IP (clear). */
  readonly ingress: readonly string[];
  /** Value of annotation metallb.io/ip-allocated-from-pool; undefined = annotation absent. */
  readonly pool: string | undefined;
  readonly events: readonly ServiceEvent[];
  /** True when this sync released addresses that other, waiting Services may now get. */
  readonly freedAddresses: boolean;
}

/** Options of {@link Balancers}. */
export interface BalancerOptions {
  /**
   * MetalLB's `--lb-class`: unset or empty handles only Services without
   * `spec.loadBalancerClass`; set handles only Services of exactly that class.
   */
  readonly lbClass?: string;
}
