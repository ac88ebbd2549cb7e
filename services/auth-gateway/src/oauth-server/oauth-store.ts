import type { NatsConnection } from '@nats-io/transport-node';
import { openRecordBucket, type RecordBucket } from './kv-records.ts';
import type {
  AccessTokenRecord,
  AuthorizationCodeRecord,
  AuthorizationRequest,
  ConnectionGrants,
  OAuthClient,
  RefreshTokenRecord,
  TokenFamily,
} from './records.ts';
import { tokenDigest } from '../oauth-core/tokens.ts';

/** Registered clients (kept up to `OAUTH_CLIENT_REGISTRATION_TTL`; unconfirmed ones only a day). */
export const OAUTH_CLIENTS_BUCKET = 'gateway_oauth_clients';
/**
 * Requests, codes, tokens, families and connection generations (kept up to `OAUTH_REFRESH_TOKEN_TTL`; each record
 * is created with an entry TTL to its own expiry, so a pending request is gone after minutes).
 */
export const OAUTH_GRANTS_BUCKET = 'gateway_oauth_grants';

export interface OAuthStoreSettings {
  clientRegistrationTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  clientsMaxBytes: number;
  grantsMaxBytes: number;
}

/** Typed views over the two buckets; every secret key is the sha256 digest of the secret. */
export interface OAuthStore {
  clients: {
    get(clientId: string): Promise<OAuthClient | null>;
    /** A new client, kept until its `expiresAt` (an entry TTL). */
    create(client: OAuthClient): Promise<void>;
    /** Rewrites a client (e.g. confirmed): kept up to the registration TTL. */
    put(client: OAuthClient): Promise<void>;
  };
  requests: KeyedBucket<AuthorizationRequest>;
  codes: KeyedBucket<AuthorizationCodeRecord>;
  accessTokens: KeyedBucket<AccessTokenRecord>;
  refreshTokens: KeyedBucket<RefreshTokenRecord>;
  families: KeyedBucket<TokenFamily>;
  /** Keyed by connection id. */
  connections: KeyedBucket<ConnectionGrants>;
}

/** A record bucket addressed by a raw secret (or id), stored under `<kind>.<digest>`. */
export type KeyedBucket<T extends { expiresAt: number }> = {
  [K in keyof RecordBucket<T>]: RecordBucket<T>[K] extends (key: string, ...rest: infer R) => infer O
    ? (secret: string, ...rest: R) => O
    : never;
};

function keyed<T extends { expiresAt: number }>(
  bucket: RecordBucket<{ expiresAt: number }>,
  kind: string,
): KeyedBucket<T> {
  const typed = bucket as RecordBucket<T>;
  const key = (secret: string) => `${kind}.${tokenDigest(secret)}`;
  return {
    get: (secret) => typed.get(key(secret)),
    create: (secret, value) => typed.create(key(secret), value),
    put: (secret, value) => typed.put(key(secret), value),
    update: (secret, value, revision) => typed.update(key(secret), value, revision),
    deleteAt: (secret, revision) => typed.deleteAt(key(secret), revision),
    delete: (secret) => typed.delete(key(secret)),
  };
}

export async function createKvOAuthStore(
  nc: NatsConnection,
  settings: OAuthStoreSettings,
  now: () => number = Date.now,
): Promise<OAuthStore> {
  const clientsBucket = await openRecordBucket<OAuthClient>(
    nc,
    OAUTH_CLIENTS_BUCKET,
    { maxAgeMs: settings.clientRegistrationTtlSeconds * 1000, maxBytes: settings.clientsMaxBytes },
    now,
  );
  const grants = await openRecordBucket<{ expiresAt: number }>(
    nc,
    OAUTH_GRANTS_BUCKET,
    { maxAgeMs: settings.refreshTokenTtlSeconds * 1000, maxBytes: settings.grantsMaxBytes },
    now,
  );
  const clientKey = (clientId: string) => `client.${tokenDigest(clientId)}`;
  return {
    clients: {
      get: async (clientId) => (await clientsBucket.get(clientKey(clientId)))?.value ?? null,
      create: (client) => clientsBucket.create(clientKey(client.clientId), client),
      put: (client) => clientsBucket.put(clientKey(client.clientId), client),
    },
    requests: keyed(grants, 'request'),
    codes: keyed(grants, 'code'),
    accessTokens: keyed(grants, 'access'),
    refreshTokens: keyed(grants, 'refresh'),
    families: keyed(grants, 'family'),
    connections: keyed(grants, 'connection'),
  };
}
