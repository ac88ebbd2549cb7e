import type { Logger } from 'pino';
import type { EventPublisher } from '@li-bus/messaging';
import type { Keyring } from '@li-bus/sealing';
import type { ReadinessState } from '@li-bus/service-kit';
import type { GatewayConfig } from './config.ts';
import type { ConnectSessionStore } from './connect-sessions.ts';

export interface GatewayDeps {
  config: GatewayConfig;
  sessions: ConnectSessionStore;
  events: EventPublisher;
  keyring: Keyring;
  logger: Logger;
  readiness: ReadinessState;
  now: () => number;
}
