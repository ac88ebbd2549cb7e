import { z } from 'zod';
import { describeIssues } from '@li-bus/contracts';
import { OAUTH_SCOPES } from '../oauth-core/scopes.ts';
import { checkClientIdUrl } from './client-id-url.ts';
import { createDocumentFetcher, type DocumentFetcher } from './client-metadata-document.ts';
import { OAuthError } from './oauth-error.ts';
import type { OAuthClient } from './records.ts';
import { isAcceptableRedirectUri } from './registration.ts';

/**
 * How documents are cached (in memory, per replica): as long as their Cache-Control `max-age` says, but at least
 * a minute (a `no-store` document cannot make us fetch on every request) and at most a day (a changed document
 * is seen within a day); the oldest entry goes first past `maxEntries`. Fetches run at most `maxInFlight` at once.
 */
export const DOCUMENT_CACHE = {
  minTtlSeconds: 60,
  maxTtlSeconds: 86_400,
  defaultTtlSeconds: 300,
  maxEntries: 1000,
  maxInFlight: 32,
} as const;

/** Shown on the consent page: registration's limit for `client_name`. */
const MAX_NAME_LENGTH = 100;

// The document's other members (client_uri, logo_uri, scope, …) are ignored: nothing shows or trusts them.
const documentSchema = z.object({
  client_id: z.string(),
  redirect_uris: z.array(z.string()).min(1),
  client_name: z.string().optional(),
  token_endpoint_auth_method: z.string().optional(),
  grant_types: z.array(z.string()).optional(),
});

export interface MetadataDocumentClients {
  /** The client that the document at `clientId` describes (cached); `invalid_client` with the reason otherwise. */
  resolve(clientId: string): Promise<OAuthClient>;
}

export interface MetadataDocumentOptions {
  /** `OAUTH_CLIENT_METADATA_INSECURE_HOSTS`: fetched over plain HTTP, any address. */
  insecureHosts: readonly string[];
  /** The tenant such clients act in (`OAUTH_TENANT`): no tenant reviewed them. */
  tenantId: string;
  now: () => number;
}

const refuse = (description: string) => new OAuthError('invalid_client', description);

/** Display text chosen by whoever wrote the document: no control or bidirectional-override characters, bounded. */
function displayName(name: string | undefined): string | undefined {
  const clean = name?.replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '').trim();
  return clean ? clean.slice(0, MAX_NAME_LENGTH) : undefined;
}

/** The draft's checks of the document against the URL it came from; public clients (PKCE) only. */
function clientFrom(
  clientId: string,
  body: unknown,
  options: MetadataDocumentOptions,
  ttlSeconds: number,
): OAuthClient {
  const parsed = documentSchema.safeParse(body);
  if (!parsed.success) {
    throw refuse(`the client metadata document is invalid: ${describeIssues(parsed.error)}`);
  }
  const document = parsed.data;
  if (document.client_id !== clientId) {
    throw refuse("the client metadata document's client_id is not the URL it was fetched from");
  }
  const record = body as Record<string, unknown>;
  if ('client_secret' in record || 'client_secret_expires_at' in record) {
    throw refuse('a client metadata document must not carry a client secret');
  }
  const method = document.token_endpoint_auth_method ?? 'none';
  if (method !== 'none') {
    throw refuse(
      `the client metadata document asks for token_endpoint_auth_method ${method.slice(0, 40)}: only none ` +
        '(a public client with PKCE) is supported',
    );
  }
  if (document.grant_types && !document.grant_types.includes('authorization_code')) {
    throw refuse('the client metadata document does not allow the authorization_code grant');
  }
  const redirectUris = document.redirect_uris.filter(isAcceptableRedirectUri);
  if (redirectUris.length === 0) {
    throw refuse(
      'the client metadata document lists no acceptable redirect URI (https, or http on a loopback address)',
    );
  }
  const name = displayName(document.client_name);
  const now = options.now();
  return {
    clientId,
    ...(name !== undefined ? { clientName: name } : {}),
    redirectUris,
    tokenEndpointAuthMethod: 'none',
    scope: [...OAUTH_SCOPES],
    tenantId: options.tenantId,
    issuedAt: now,
    expiresAt: now + ttlSeconds * 1000,
    fromMetadataDocument: true,
  };
}

/**
 * Clients known by a Client ID Metadata Document: the document is fetched (`client-metadata-document.ts`),
 * checked against its URL, and cached in memory only. Nothing a document says is written to NATS KV.
 */
export function createMetadataDocumentClients(
  options: MetadataDocumentOptions,
  fetcher: DocumentFetcher = createDocumentFetcher(),
): MetadataDocumentClients {
  const cache = new Map<string, OAuthClient>();
  const inFlight = new Map<string, Promise<OAuthClient>>();

  function cached(clientId: string): OAuthClient | undefined {
    const entry = cache.get(clientId);
    if (!entry) return undefined;
    cache.delete(clientId);
    if (entry.expiresAt <= options.now()) return undefined;
    cache.set(clientId, entry); // most recently used last: eviction takes the first
    return entry;
  }

  async function load(clientId: string): Promise<OAuthClient> {
    const url = checkClientIdUrl(clientId, options.insecureHosts);
    const fetched = await fetcher.fetch(url, { guarded: !options.insecureHosts.includes(url.host) });
    const { minTtlSeconds, maxTtlSeconds, defaultTtlSeconds, maxEntries } = DOCUMENT_CACHE;
    const ttl = Math.min(maxTtlSeconds, Math.max(minTtlSeconds, fetched.maxAgeSeconds ?? defaultTtlSeconds));
    const client = clientFrom(clientId, fetched.body, options, ttl);
    cache.set(clientId, client);
    while (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
    return client;
  }

  return {
    async resolve(clientId) {
      const hit = cached(clientId);
      if (hit) return hit;
      // Concurrent requests for one document share one fetch.
      const running = inFlight.get(clientId);
      if (running) return running;
      if (inFlight.size >= DOCUMENT_CACHE.maxInFlight) {
        throw new OAuthError(
          'temporarily_unavailable',
          'too many client metadata documents are being fetched; try again shortly',
          503,
        );
      }
      const loading = load(clientId).finally(() => inFlight.delete(clientId));
      inFlight.set(clientId, loading);
      return loading;
    },
  };
}
