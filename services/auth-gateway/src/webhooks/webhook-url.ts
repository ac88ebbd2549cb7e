import { assertPublicHost, RefusedAddressError } from '@li-bus/net-guard';
import { HttpError } from '../http/errors.ts';

/**
 * A webhook target: `https://` (Standard Webhooks recommends it), no credentials in it, and not an IP literal or
 * `localhost` outside the public internet. Names are checked again at every connect (DNS may change).
 * `allowPrivateNetworks` (tests, local setups) also allows `http://` and private or loopback hosts.
 */
export function checkWebhookUrl(raw: string, options: { allowPrivateNetworks: boolean }): string {
  const refuse = (why: string) => new HttpError(400, 'invalid_request', `url: ${why}`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('must be an absolute URL');
  }
  const schemes = options.allowPrivateNetworks ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) throw refuse('must be https');
  if (url.username || url.password) throw refuse('must not carry credentials');
  if (url.hash) throw refuse('must not have a fragment');
  if (!options.allowPrivateNetworks) {
    try {
      assertPublicHost(url.hostname);
    } catch (error) {
      if (error instanceof RefusedAddressError) throw refuse('the host is not a public address');
      throw error;
    }
  }
  return url.toString();
}
