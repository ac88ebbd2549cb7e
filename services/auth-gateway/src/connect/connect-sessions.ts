import { hash, randomBytes } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import { BUCKET_MAX_BYTES, openKvBucket } from '@li-bus/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ConnectionKind } from '../linkedin/apps.ts';
import type { AuthorizationRequest } from '../oauth-core/records.ts';

/** A connect flow asked for by a backend (or the self-serve page), not yet sent to LinkedIn. */
export interface PendingConnect {
  tenantId: string;
  kind: ConnectionKind;
  returnTo: string | null;
  /** A Page the caller pre-selected (`urn:li:organization:…`); the connection then lists only that Page. */
  organizationUrn?: string | null;
  expiresAt: number;
}

/** A flow sent to LinkedIn: found again by its state, bound to the browser by the cookie nonce. */
export interface StartedConnect extends PendingConnect {
  nonceDigest: string;
  /**
   * Set when the flow answers an `/oauth/authorize` request: the callback then issues its code. Only the consent
   * POST starts such a flow (in the browser that consented); a pending flow never carries one.
   */
  oauth?: AuthorizationRequest;
  /** The start request's trace context: the callback continues the same trace. */
  traceparent?: string;
}

export const CONNECT_TTL_MS = 15 * 60 * 1000;
export const BUCKET = 'gateway_connect';

export const randomToken = () => randomBytes(32).toString('base64url');
/** SHA-256, base64url. One-shot `hash`: no Hash stream object per call (several per callback). */
export const digest = (value: string) => hash('sha256', value, 'base64url');

export interface ConnectSessionStore {
  createPending(pending: Omit<PendingConnect, 'expiresAt'>): Promise<{ id: string; expiresAt: number }>;
  /** Reads a pending flow without using it up (the confirmation page names who asks). */
  peekPending(id: string): Promise<PendingConnect | null>;
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
  const kv = await openKvBucket(nc, BUCKET, { ttlMs: CONNECT_TTL_MS, maxBytes: BUCKET_MAX_BYTES.small });

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
    async peekPending(id) {
      const entry = await kv.get(`pending.${digest(id)}`);
      if (!entry || entry.operation !== 'PUT') return null;
      const value = entry.json<PendingConnect>();
      return value.expiresAt > now() ? value : null;
    },
    takePending: (id) => take<PendingConnect>(kv, `pending.${digest(id)}`),
    async saveStarted(state, started) {
      await kv.create(`state.${digest(state)}`, JSON.stringify(started));
    },
    takeStarted: (state) => take<StartedConnect>(kv, `state.${digest(state)}`),
  };
}
