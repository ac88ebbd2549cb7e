import type { PostRequested } from '@li-bus/contracts';
import { HttpError } from '../http/errors.ts';
import { MEDIA_OBJECT_STORE } from './media-store.ts';

/**
 * HTTP and MCP callers attach media by https URL, or by the `nats-object://` URL an upload of theirs returned
 * (`upload-media.ts`): one in their own tenant's namespace of the `media` bucket. Any other `nats-object://`
 * could name another tenant's file or a bucket they never wrote to. The publisher checks the tenant too; this
 * answers the caller clearly, before anything is queued.
 */
export function refuseObjectMedia(command: PostRequested, tenantId: string): void {
  const own = `nats-object://${MEDIA_OBJECT_STORE}/${encodeURIComponent(tenantId)}/`;
  const urls: [string, string | undefined][] = [
    ['article.thumbnailUrl', command.article?.thumbnailUrl],
    ...(command.media ?? []).map((item, index): [string, string] => [`media[${index}].url`, item.url]),
  ];
  for (const [field, url] of urls) {
    if (url?.startsWith('nats-object://') && !url.startsWith(own)) {
      throw new HttpError(
        400,
        'invalid_request',
        `${field}: nats-object:// URLs are refused over HTTP and MCP but for your own uploads: send an https:// URL or the URL upload_media returned`,
      );
    }
  }
}
