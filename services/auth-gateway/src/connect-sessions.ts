import { createHash, randomBytes } from 'node:crypto';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { AuthorizationRequest } from './oauth-server/records.ts';

export type ConnectionKind = 'member' | 'organization';

/** A connect flow asked for by a backend (or the self-serve page), not yet sent to LinkedIn. */
export interface PendingConnect {
  tenantId: string;
  kind: ConnectionKind;
  returnTo: string | null;
  /** A Page the caller pre-selected (`urn:li:organization:…`); the connection then lists only that Page. */
  organizationUrn?: string | null;
  /** Set when the flow answers an `/oauth/authorize` request: the callback then issues its code. */
  oauth?: AuthorizationRequest;
  expiresAt: number;
}

/** A flow sent to LinkedIn: found again by its state, bound to the browser by the cookie nonce. */
export interface StartedConnect extends PendingConnect {
  nonceDigest: string;
  /** The start request's trace context: the callback continues the same trace. */
  traceparent?: string;
}

export const CONNECT_TTL_MS = 15 * 60 * 1000;
export const BUCKET = 'gateway_connect';

export const randomToken = () => randomBytes(32).toString('base64url');
export const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest('base64url');

export interface ConnectSessionStore {
  createPending(pending: Omit<PendingConnect, 'expiresAt'>): Promise<{ id: string; expiresAt: number }>;
  /** Single use: returns the pending flow once, then never again. */
  takePending(id: string): Promise<PendingConnect | null>;
  saveStarted(state: string, started: StartedConnect): Promise<void>;
  /** Single use: the first caller gets the flow; a replayed state gets null. */
  takeStarted(state: string): Promise<StartedConnect | null>;
}

/** Pending flows in a NATS KV bucket whose entries expire after 15 minutes (Redis belongs to token-keeper). */
export async function createKvConnectSessionStore(
  nc: NatsConnection,
  now: () => number = Date.now,
): Promise<ConnectSessionStore> {
  const kv = await new Kvm(nc).create(BUCKET, { ttl: CONNECT_TTL_MS, history: 1 });

  async function take<T extends { expiresAt: number }>(store: KV, key: string): Promise<T | null> {
    const entry = await store.get(key);
    if (!entry || entry.operation !== 'PUT') return null;
    try {
      await store.delete(key, { previousSeq: entry.revision });
    } catch {
      return null; // someone else took it first
    }
    const value = entry.json<T>();
    return value.expiresAt > now() ? value : null;
  }

  return {
    async createPending(pending) {
      const id = randomToken();
      const expiresAt = now() + CONNECT_TTL_MS;
      await kv.create(`pending.${digest(id)}`, JSON.stringify({ ...pending, expiresAt }));
      return { id, expiresAt };
    },
    takePending: (id) => take<PendingConnect>(kv, `pending.${digest(id)}`),
    async saveStarted(state, started) {
      await kv.create(`state.${digest(state)}`, JSON.stringify(started));
    },
    takeStarted: (state) => take<StartedConnect>(kv, `state.${digest(state)}`),
  };
}
