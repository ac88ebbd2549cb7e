import { Counter, type Registry } from '@li-bus/service-kit';

export type DeliveryOutcome = 'delivered' | 'failed' | 'gave_up' | 'dropped';

export interface WebhookMetrics {
  delivery(outcome: DeliveryOutcome): void;
  disabled(): void;
}

/** `gateway_webhook_deliveries_total{outcome}` and `gateway_webhooks_disabled_total`. */
export function createWebhookMetrics(registry: Registry | undefined): WebhookMetrics {
  const registers = registry ? [registry] : [];
  const deliveries = new Counter({
    name: 'gateway_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome (delivered, failed and retried, gave_up after 24 h, dropped)',
    labelNames: ['outcome'],
    registers,
  });
  const disabled = new Counter({
    name: 'gateway_webhooks_disabled_total',
    help: 'Webhooks disabled after 5 days of failed deliveries',
    registers,
  });
  return {
    delivery: (outcome) => deliveries.inc({ outcome }),
    disabled: () => disabled.inc(),
  };
}
