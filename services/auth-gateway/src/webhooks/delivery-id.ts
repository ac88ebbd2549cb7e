import { createHash } from 'node:crypto';

/** The `webhook-id` of an event's delivery to a webhook: the same on every attempt and after any redelivery. */
export function deliveryIdOf(webhookId: string, sourceEventId: string): string {
  const digest = createHash('sha256').update(`${webhookId}\n${sourceEventId}`, 'utf8').digest('base64url');
  return `msg_${digest.slice(0, 32)}`;
}
