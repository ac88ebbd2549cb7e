import type { NatsConnection } from '@nats-io/transport-node';
import type { GatewayConfig } from '../config.ts';
import { isClientIdUrl } from './client-id-url.ts';
import { createGrants, type Grants } from './grants.ts';
import { createMetadataDocumentClients, type MetadataDocumentClients } from './metadata-document-clients.ts';
import { createKvOAuthStore, type OAuthStore } from './oauth-store.ts';
import type { OAuthClient } from './records.ts';

export interface OAuthServer {
  store: OAuthStore;
  grants: Grants;
  /** Clients whose `client_id` is the URL of their metadata document: fetched and cached, never stored. */
  documents: MetadataDocumentClients;
}

/** The server's settings; no insecure metadata hosts unless configured (tests only). */
export type OAuthServerConfig = Omit<GatewayConfig['oauth'], 'clientMetadataInsecureHosts'> & {
  clientMetadataInsecureHosts?: readonly string[];
};

export async function createOAuthServer(
  nc: NatsConnection,
  config: OAuthServerConfig,
  now: () => number,
): Promise<OAuthServer> {
  const store = await createKvOAuthStore(nc, config, now);
  const documents = createMetadataDocumentClients({
    insecureHosts: config.clientMetadataInsecureHosts ?? [],
    tenantId: config.tenantId,
    now,
  });
  return { store, grants: createGrants(store, config, now), documents };
}

/**
 * The client a `client_id` names: a registered one (NATS KV), or the one its Client ID Metadata Document
 * describes, whose refusals (`invalid_client`, with the reason) are thrown rather than answered as null.
 */
export function findClient(
  oauth: Pick<OAuthServer, 'store' | 'documents'>,
  clientId: string,
): Promise<OAuthClient | null> {
  return isClientIdUrl(clientId) ? oauth.documents.resolve(clientId) : oauth.store.clients.get(clientId);
}
