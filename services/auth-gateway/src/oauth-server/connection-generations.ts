import { randomUUID } from 'node:crypto';
import type { OAuthStore } from './oauth-store.ts';

/** The connection's generation, and whether this call started it (no generation existed yet). */
export interface CurrentGeneration {
  generation: string;
  created: boolean;
}

/** Which grants of a connection are still good: those of its current generation (records.ts, `ConnectionGrants`). */
export interface ConnectionGenerations {
  /** The current generation, created when absent, kept at least `until` (epoch ms). */
  current(connectionId: string, until: number): Promise<CurrentGeneration>;
  /** Whether `generation` is still the connection's; `undefined` (a family from before generations): none exists. */
  isCurrent(connectionId: string, generation: string | undefined): Promise<boolean>;
  /** Starts a new generation, kept until `until`: every code and token of the earlier ones stops working. */
  renew(connectionId: string, until: number): Promise<void>;
}

const ATTEMPTS = 5;

export function createConnectionGenerations(store: Pick<OAuthStore, 'connections'>): ConnectionGenerations {
  const { connections } = store;
  return {
    async current(connectionId, until) {
      for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
        const found = await connections.get(connectionId);
        if (!found) {
          const generation = randomUUID();
          const created = await connections.create(connectionId, { generation, expiresAt: until }).then(
            () => true,
            () => false,
          );
          if (created) return { generation, created: true };
          if (attempt === 0) continue; // someone else created (or renewed) it meanwhile: read again
          // Still unreadable: an expired record the server has not removed yet. Replacing it ends nothing live.
          await connections.put(connectionId, { generation, expiresAt: until });
          return { generation, created: false };
        }
        const { generation, expiresAt } = found.value;
        if (expiresAt >= until) return { generation, created: false };
        if (await connections.update(connectionId, { generation, expiresAt: until }, found.revision)) {
          return { generation, created: false };
        }
      }
      throw new Error('the connection generation kept changing');
    },

    async isCurrent(connectionId, generation) {
      const found = await connections.get(connectionId);
      return generation === undefined ? found === null : found?.value.generation === generation;
    },

    async renew(connectionId, until) {
      await connections.put(connectionId, { generation: randomUUID(), expiresAt: until });
    },
  };
}
