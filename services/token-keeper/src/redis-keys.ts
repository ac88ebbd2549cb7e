/** Every Redis key token-keeper uses. One Redis primary (not Cluster): the scripts touch records and schedule together. */
export function createRedisKeys(prefix: string) {
  return {
    record: (connectionId: string) => `${prefix}:conn:{${connectionId}}`,
    recordPattern: `${prefix}:conn:*`,
    tenant: (tenantId: string) => `${prefix}:tenant:${tenantId}`,
    /** Sorted set: connection id → when it next needs the scheduler (ms). */
    schedule: `${prefix}:schedule`,
    /** Sorted set: connection id → until when a replica holds it (ms). */
    leases: `${prefix}:schedule:leases`,
    /** Hash: the policy fingerprint the schedule was built with. */
    scheduleMeta: `${prefix}:schedule:meta`,
    rebuildLock: `${prefix}:schedule:rebuild-lock`,
  };
}

export type RedisKeys = ReturnType<typeof createRedisKeys>;

/** The connection id inside a record key. */
export function connectionIdOfKey(key: string): string | undefined {
  return /:conn:\{(.+)\}$/.exec(key)?.[1];
}
