import type { EventPublisher } from '@li-bus/messaging';
import type { Keyring } from '@li-bus/sealing';
import type { GatewayConfig } from '../config.ts';
import type { ConnectSessionStore } from '../connect/connect-sessions.ts';
import type { CallerDeps } from '../http/caller.ts';
import type { VerifyAccessToken } from '../oauth-core/records.ts';
import type { TokenKeeperClient } from '@li-bus/token-keeper-client';
import type { QuotaReader } from './quota-reader.ts';

/** What the connection API (`/v1/connections…`) needs. */
export interface ConnectionsDeps extends CallerDeps {
  config: GatewayConfig;
  /** `POST /v1/connections/authorize` leaves a pending flow for the connect feature to start. */
  sessions: Pick<ConnectSessionStore, 'createPending'>;
  tokenKeeper: Pick<TokenKeeperClient, 'status' | 'list' | 'get' | 'refreshToken' | 'awaitStored'>;
  keyring: Pick<Keyring, 'open'>;
  /** The member's creates today, for the connection view's `quota`. */
  quota: QuotaReader;
  /** Revoking a connection ends every OAuth grant made for it. */
  oauth: {
    grants: {
      verifyAccessToken: VerifyAccessToken;
      endConnectionGrants(connectionId: string): Promise<void>;
    };
  };
  events: Pick<EventPublisher, 'publish'>;
  now: () => number;
}
