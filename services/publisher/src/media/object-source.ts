import { Readable } from 'node:stream';
import { Objm, type ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { MediaRejectedError, type MediaSource } from './media-source.ts';

/** `nats-object://<bucket>/<name>`: large files from the NATS object store, streamed chunk by chunk. */
export function createObjectSource(nc: NatsConnection, options: { maxBytes: number }): MediaSource {
  const objm = new Objm(nc);
  const buckets = new Map<string, Promise<ObjectStore>>();
  const bucket = (name: string) => {
    let store = buckets.get(name);
    if (!store) {
      store = objm.open(name);
      store.catch(() => buckets.delete(name));
      buckets.set(name, store);
    }
    return store;
  };

  return {
    async open(url) {
      const match = /^nats-object:\/\/([A-Za-z0-9_-]+)\/(.+)$/.exec(url);
      if (!match?.[1] || !match[2])
        throw new MediaRejectedError(`${url} is not nats-object://<bucket>/<name>`);
      const [, bucketName, objectName] = match;
      const store = await bucket(bucketName).catch((error: unknown) => {
        throw new MediaRejectedError(`object store ${bucketName} not found`, { cause: error });
      });
      const name = objectName;
      const result = await store.get(name);
      if (!result) throw new MediaRejectedError(`${url} not found`);
      if (result.info.size > options.maxBytes) {
        await result.data.cancel();
        throw new MediaRejectedError(`${url} is ${result.info.size} bytes, more than ${options.maxBytes}`);
      }
      const stream = Readable.fromWeb(result.data);
      // The store checks the digest at the end; a mismatch fails the stream (and so the upload).
      void result.error.then((error) => error && stream.destroy(error));
      return { stream, size: result.info.size, contentType: undefined, name: name.split('/').pop() ?? name };
    },
  };
}
