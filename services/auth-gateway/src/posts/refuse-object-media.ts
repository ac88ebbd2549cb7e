import type { PostRequested } from '@li-bus/contracts';
import { HttpError } from '../http/errors.ts';

/**
 * HTTP and MCP callers attach media by https URL only. `nats-object://` names a file in the bus's object store,
 * which only NATS callers can write (under their tenant, with `putMedia`); from HTTP it could name another
 * tenant's file. The publisher checks the tenant too; this answers the caller clearly, before anything is queued.
 */
export function refuseObjectMedia(command: PostRequested): void {
  const urls: [string, string | undefined][] = [
    ['article.thumbnailUrl', command.article?.thumbnailUrl],
    ...(command.media ?? []).map((item, index): [string, string] => [`media[${index}].url`, item.url]),
  ];
  for (const [field, url] of urls) {
    if (url?.startsWith('nats-object://')) {
      throw new HttpError(
        400,
        'invalid_request',
        `${field}: nats-object:// URLs are for NATS callers; over HTTP and MCP send an https:// URL`,
      );
    }
  }
}
