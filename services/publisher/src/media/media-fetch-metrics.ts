import { Counter, type Registry } from '@li-bus/service-kit';
import type { MediaType } from './media-source.ts';

/** How one media fetch ended: a fixed set, so the metric never grows with the URLs callers send. */
export type MediaFetchOutcome =
  | 'ok'
  | 'refused_address'
  | 'not_found'
  | 'foreign_object'
  | 'client_error'
  | 'server_error'
  | 'wrong_type'
  | 'too_large'
  | 'network_error';

export interface MediaFetchMetrics {
  count(source: 'https' | 'object', kind: MediaType, outcome: MediaFetchOutcome): void;
}

/** `media_fetch_requests_total{source, kind, outcome}`: no label comes from the URL. */
export function createMediaFetchMetrics(registry: Registry): MediaFetchMetrics {
  const fetches = new Counter({
    name: 'media_fetch_requests_total',
    help: 'Media fetches (https and NATS object store) by source, media kind and outcome',
    labelNames: ['source', 'kind', 'outcome'],
    registers: [registry],
  });
  return { count: (source, kind, outcome) => fetches.inc({ source, kind, outcome }) };
}

export const noMediaFetchMetrics: MediaFetchMetrics = { count: () => undefined };
