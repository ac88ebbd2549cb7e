import type { FastifyReply } from 'fastify';
import type { EventPublisher } from '@li-bus/messaging';
import type { Keyring } from '@li-bus/sealing';
import type { GatewayConfig } from '../config.ts';
import type { CallbackErrorCode } from '../http/errors.ts';
import type { AuthorizationRequest } from '../oauth-core/records.ts';
import type { TokenKeeperClient } from '@li-bus/token-keeper-client';
import type { LinkedInVersions } from '@li-bus/linkedin-versions';
import type { ConnectSessionStore } from './connect-sessions.ts';

/** How an `/oauth/authorize` flow ends once LinkedIn answered: a code for the client, or the failure. */
export type AuthorizationOutcome =
  { connectionId: string; tenantId: string } | { failure: CallbackErrorCode };

/**
 * The OAuth server's end of a connect it started (its consent page's Allow): injected by `app.ts`, so the connect
 * flow never imports the OAuth server (which imports the connect flow's `startConnect`).
 */
export type CompleteAuthorization = (
  reply: FastifyReply,
  request: AuthorizationRequest,
  outcome: AuthorizationOutcome,
) => Promise<unknown>;

/** What the connect flow (`/connect`, `/oauth/linkedin/start`, `/oauth/linkedin/callback`) needs. */
export interface ConnectDeps {
  config: GatewayConfig;
  sessions: ConnectSessionStore;
  events: Pick<EventPublisher, 'publish'>;
  tokenKeeper: Pick<TokenKeeperClient, 'awaitStored'>;
  keyring: Pick<Keyring, 'seal'>;
  /** Connecting again ends the OAuth grants made for the connection before. */
  oauth: { grants: { endConnectionGrants(connectionId: string): Promise<void> } };
  now: () => number;
  /** `LINKEDIN_VERSION` failover shared with every replica (absent: the first configured version). */
  linkedinVersions?: Pick<LinkedInVersions, 'run'>;
  completeAuthorization: CompleteAuthorization;
}
