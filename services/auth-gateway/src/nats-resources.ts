import { STREAMS } from '@li-bus/contracts';
import { postStatusConsumers } from './posts/post-status-consumers.ts';
import { webhookConsumers } from './webhooks/start-webhooks.ts';

/**
 * The gateway's durable consumers, every name built from one prefix (`auth-gateway`; tests pass their own): what
 * the workers run and what /metrics reports the backlog of.
 */
export function gatewayConsumers(prefix = 'auth-gateway') {
  const refresh = { stream: STREAMS.tokens.name, durable: `${prefix}-refresh` };
  const postStatusPrefix = `${prefix}-post-status`;
  return {
    refresh,
    postStatusPrefix,
    webhooksPrefix: prefix,
    all: [refresh, ...Object.values(postStatusConsumers(postStatusPrefix)), ...webhookConsumers(prefix)],
  };
}
