import type { NatsConnection } from '@nats-io/transport-node';
import type { GatewayConfig } from '../config.ts';
import { createGrants, type Grants } from './grants.ts';
import { createKvOAuthStore, type OAuthStore } from './oauth-store.ts';

export interface OAuthServer {
  store: OAuthStore;
  grants: Grants;
}

export async function createOAuthServer(
  nc: NatsConnection,
  config: GatewayConfig['oauth'],
  now: () => number,
): Promise<OAuthServer> {
  const store = await createKvOAuthStore(nc, config, now);
  return { store, grants: createGrants(store, config, now) };
}
