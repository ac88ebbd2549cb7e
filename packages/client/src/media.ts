import { Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';

/**
 * Puts a media file into the NATS object store and returns the `nats-object://bucket/name` URL to use in
 * `post.requested` `media[].url` (for files too large or too private to fetch over https).
 */
export async function putMedia(
  nc: NatsConnection,
  options: {
    bucket?: string;
    name: string;
    data: Uint8Array | ReadableStream<Uint8Array>;
    description?: string;
  },
): Promise<string> {
  const bucket = options.bucket ?? 'media';
  const store = await new Objm(nc).create(bucket);
  const stream =
    options.data instanceof Uint8Array
      ? new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(options.data as Uint8Array);
            controller.close();
          },
        })
      : options.data;
  await store.put(
    { name: options.name, ...(options.description ? { description: options.description } : {}) },
    stream,
  );
  return `nats-object://${bucket}/${options.name}`;
}
