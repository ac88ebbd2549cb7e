import { Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';

/** A new media bucket's size limit: uploads beyond it fail rather than fill the NATS server's disk. */
export const MEDIA_BUCKET_MAX_BYTES = 2 * 1024 * 1024 * 1024;

/**
 * The object name of a tenant's file: `<encodeURIComponent(tenantId)>/<name>`. The publisher only lets a request
 * use objects under its connection's tenant (encoded, so tenant `a` never reaches tenant `a/b`'s files).
 */
export const tenantObjectName = (tenantId: string, name: string) => `${encodeURIComponent(tenantId)}/${name}`;

/**
 * Puts a media file into the NATS object store under `tenantId` (the tenant of the connections that will post
 * it) and returns the `nats-object://bucket/<tenant>/name` URL to use in `post.requested` `media[].url` (for
 * files too large or too private to fetch over https). A request of another tenant's connection is refused it.
 */
export async function putMedia(
  nc: NatsConnection,
  options: {
    bucket?: string;
    /** The tenant whose connections may post this file. */
    tenantId: string;
    name: string;
    data: Uint8Array | ReadableStream<Uint8Array>;
    description?: string;
    /** The size limit of a bucket this call creates (an existing bucket keeps its own). */
    maxBytes?: number;
  },
): Promise<string> {
  const bucket = options.bucket ?? 'media';
  const store = await new Objm(nc).create(bucket, { max_bytes: options.maxBytes ?? MEDIA_BUCKET_MAX_BYTES });
  const stream =
    options.data instanceof Uint8Array
      ? new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(options.data as Uint8Array);
            controller.close();
          },
        })
      : options.data;
  const name = tenantObjectName(options.tenantId, options.name);
  await store.put({ name, ...(options.description ? { description: options.description } : {}) }, stream);
  return `nats-object://${bucket}/${name}`;
}
