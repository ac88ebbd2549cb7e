/**
 * A connection refused because the host is (or resolves to) an address that is not public unicast. The message
 * is generic and safe to show a caller; `host` and `address` are for logs only (they tell what a name resolves
 * to inside the network).
 */
export class RefusedAddressError extends Error {
  readonly code = 'address_refused';
  readonly host: string;
  readonly address: string;

  constructor(host: string, address: string) {
    super('the host is not a public address');
    this.name = 'RefusedAddressError';
    this.host = host;
    this.address = address;
  }

  /** Found anywhere in a cause chain (undici wraps connect errors). */
  static find(error: unknown): RefusedAddressError | undefined {
    for (let current = error, depth = 0; current && depth < 5; depth++) {
      if (current instanceof RefusedAddressError) return current;
      current = (current as { cause?: unknown }).cause;
    }
    return undefined;
  }
}
