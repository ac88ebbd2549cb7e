import { Objm, type ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';

/** The object store (not a KV bucket) NATS callers' `putMedia` writes to, and its size limit when this creates it. */
export const MEDIA_OBJECT_STORE = 'media';
const MEDIA_BUCKET_MAX_BYTES = 2 * 1024 * 1024 * 1024;

/** Where uploaded media files live until a post uses them. */
export interface MediaStore {
  /** Stores the file under the tenant's namespace; returns the `nats-object://` URL a post request names. */
  put(tenantId: string, name: string, data: Uint8Array): Promise<string>;
}

/**
 * The NATS object store, named exactly as `@li-bus/client`'s `putMedia` names NATS callers' files
 * (`<encodeURIComponent(tenantId)>/<name>` in bucket `media`): the publisher then streams an upload like any
 * other object and lets only the tenant's own connections use it.
 */
export function createObjectMediaStore(nc: NatsConnection): MediaStore {
  let store: Promise<ObjectStore> | undefined;
  const open = () => {
    store ??= new Objm(nc)
      .create(MEDIA_OBJECT_STORE, { max_bytes: MEDIA_BUCKET_MAX_BYTES })
      .catch((error: unknown) => {
        store = undefined;
        throw error;
      });
    return store;
  };
  return {
    async put(tenantId, name, data) {
      const objectName = `${encodeURIComponent(tenantId)}/${name}`;
      await (await open()).putBlob({ name: objectName }, data);
      return `nats-object://${MEDIA_OBJECT_STORE}/${objectName}`;
    },
  };
}
