import { Agent, request } from 'undici';
import { assertPublicHost, guardedLookup, RefusedAddressError } from '@li-bus/net-guard';
import { uncountedHttpRequest } from '@li-bus/service-kit';
import { DeliveryFailedError } from './webhook-errors.ts';

export interface WebhookSender {
  /** POSTs `body` with `headers`; resolves with a 2xx status, else throws `DeliveryFailedError`. */
  send(url: string, headers: Record<string, string>, body: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * Deliveries over undici: the address guard at connect time (private, loopback and link-local targets refused
 * unless `allowPrivateNetworks`), no redirects followed, one timeout for the whole attempt, the answer's body
 * read and dropped (at most what undici buffers). Not counted in `linkedin_requests_total`.
 */
export function createWebhookSender(options: {
  allowPrivateNetworks: boolean;
  timeoutMs?: number;
}): WebhookSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const agent = new Agent({
    connect: options.allowPrivateNetworks
      ? { timeout: timeoutMs }
      : { lookup: guardedLookup, timeout: timeoutMs },
    connections: 8,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  return {
    async send(url, headers, body) {
      try {
        if (!options.allowPrivateNetworks) assertPublicHost(new URL(url).hostname);
        const response = await uncountedHttpRequest(() =>
          request(url, {
            method: 'POST',
            dispatcher: agent,
            headers: { 'content-type': 'application/json', 'user-agent': 'li-bus-webhooks/1', ...headers },
            body,
            signal: AbortSignal.timeout(timeoutMs),
          }),
        );
        await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
        if (response.statusCode >= 200 && response.statusCode < 300) return response.statusCode;
        const retryAfter = Number(response.headers['retry-after']);
        throw new DeliveryFailedError(`the endpoint answered ${response.statusCode}`, {
          ...(response.statusCode === 429 && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
        });
      } catch (error) {
        if (error instanceof DeliveryFailedError) throw error;
        if (RefusedAddressError.find(error))
          throw new DeliveryFailedError('the host is not a public address', { cause: error });
        throw new DeliveryFailedError(`the endpoint could not be reached (${(error as Error).name})`, {
          cause: error,
        });
      }
    },
    close: () => agent.close(),
  };
}
