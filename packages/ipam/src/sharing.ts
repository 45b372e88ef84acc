/**
 * MetalLB's IP-sharing rules (`internal/allocator/allocator.go` checkSharing / sharingOK), as a
 * pure function: may a newcomer hold an address that others already hold?
 */

/** One service port, as the sharing check compares them. */
export interface SharingPort {
  /** `TCP`, `UDP`, `SCTP`: compared exactly, so TCP 53 and UDP 53 can share an address. */
  readonly protocol: string;
  readonly port: number;
}

/** What the sharing rules look at for one holder of an address. */
export interface SharingTraits {
  /** The sharing key (`metallb.io/allow-shared-ip`); empty or absent means "never share". */
  readonly sharingKey?: string;
  /**
   * The backend key: empty for externalTrafficPolicy Cluster, the Service's label selector
   * string for Local. Holders of one address must have equal backend keys.
   */
  readonly backendKey?: string;
  /** The ports the holder serves on the address. */
  readonly ports?: readonly SharingPort[];
}

/** Why sharing is refused: the keys (sharing or backend) differ, or a port is taken. */
export interface SharingConflict {
  readonly rule: 'key' | 'port';
  /** MetalLB's sharingOK wording (`sharing key "a" does not match existing sharing key "b"`). */
  readonly message: string;
}

/**
 * Why the newcomer may not share with the existing holders, or undefined when it may. The
 * caller leaves the newcomer itself out of `existing`, so a sole holder may change its own
 * sharing key in place. Messages follow MetalLB's.
 */
export function sharingConflict(
  existing: readonly SharingTraits[],
  newcomer: SharingTraits,
): SharingConflict | undefined {
  const keyRule = (message: string): SharingConflict => ({ rule: 'key', message });
  const newKey = newcomer.sharingKey ?? '';
  const newBackend = newcomer.backendKey ?? '';
  for (const other of existing) {
    const otherKey = other.sharingKey ?? '';
    if (otherKey === '') return keyRule('existing service does not allow sharing');
    if (newKey === '') return keyRule('new service does not allow sharing');
    if (otherKey !== newKey) {
      return keyRule(
        `sharing key ${JSON.stringify(newKey)} does not match existing sharing key ${JSON.stringify(otherKey)}`,
      );
    }
    const otherBackend = other.backendKey ?? '';
    if (otherBackend !== newBackend) {
      return keyRule(
        `backend key ${JSON.stringify(newBackend)} does not match existing sharing key ${JSON.stringify(otherBackend)}`,
      );
    }
  }
  const inUse = new Set<string>();
  for (const other of existing) {
    for (const p of other.ports ?? []) inUse.add(`${p.protocol}/${p.port}`);
  }
  for (const p of newcomer.ports ?? []) {
    const name = `${p.protocol}/${p.port}`;
    if (inUse.has(name)) return { rule: 'port', message: `port ${name} is already in use` };
  }
  return undefined;
}
