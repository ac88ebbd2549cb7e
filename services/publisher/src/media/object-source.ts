import { Readable } from 'node:stream';
import { Objm, type ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { noMediaFetchMetrics, type MediaFetchMetrics } from './media-fetch-metrics.ts';
import { MediaRejectedError, type MediaSource } from './media-source.ts';

/**
 * Objects are namespaced per tenant: `@li-bus/client`'s `putMedia` names them `<encodeURIComponent(tenantId)>/…`
 * (encoded, so tenant `a` can never claim `a/b`'s objects). A request may only use its connection's tenant's.
 */
export const tenantObjectPrefix = (tenantId: string) => `${encodeURIComponent(tenantId)}/`;

/** `nats-object://<bucket>/<tenant>/<name>`: large files from the NATS object store, streamed chunk by chunk. */
export function createObjectSource(
  nc: NatsConnection,
  options: { maxBytes: number },
  deps: { logger?: Logger; metrics?: MediaFetchMetrics } = {},
): MediaSource {
  const metrics = deps.metrics ?? noMediaFetchMetrics;
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
    async open(url, type, owner) {
      const match = /^nats-object:\/\/([A-Za-z0-9_-]+)\/(.+)$/.exec(url);
      if (!match?.[1] || !match[2])
        throw new MediaRejectedError(`${url} is not nats-object://<bucket>/<name>`);
      const [, bucketName, name] = match;
      // Another tenant's object is answered exactly like a missing one: its existence is not revealed.
      const notFound = () => new MediaRejectedError(`${url} not found among this tenant's objects`);
      if (!name.startsWith(tenantObjectPrefix(owner.tenantId))) {
        deps.logger?.warn({ url, tenantId: owner.tenantId }, "media object outside the tenant's namespace");
        metrics.count('object', type, 'foreign_object');
        throw notFound();
      }
      const store = await bucket(bucketName).catch((error: unknown) => {
        metrics.count('object', type, 'not_found');
        throw new MediaRejectedError(`object store ${bucketName} not found`, { cause: error });
      });
      const result = await store.get(name);
      if (!result) {
        metrics.count('object', type, 'not_found');
        throw notFound();
      }
      if (result.info.size > options.maxBytes) {
        await result.data.cancel();
        metrics.count('object', type, 'too_large');
        throw new MediaRejectedError(`${url} is ${result.info.size} bytes, more than ${options.maxBytes}`);
      }
      metrics.count('object', type, 'ok');
      const stream = Readable.fromWeb(result.data);
      // The store checks the digest at the end; a mismatch fails the stream (and so the upload).
      void result.error.then((error) => error && stream.destroy(error));
      return { stream, size: result.info.size, contentType: undefined, name: name.split('/').pop() ?? name };
    },
  };
}
