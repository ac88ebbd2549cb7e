import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { PostDeleted, PostFailed, PostUpdated } from '@li-bus/contracts';
import { BUCKET_MAX_BYTES, openKvBucket } from '@li-bus/messaging';
import { LEDGER_BUCKET } from './ledger.ts';

/** The changes to an existing post the publisher carries out (`post.update.requested`, `post.delete.requested`). */
export type OperationKind = 'update' | 'delete';

/** How an operation ended, with the event it emitted: a redelivery re-emits exactly that and calls nobody. */
export type OperationEntry<E extends PostUpdated | PostDeleted = PostUpdated | PostDeleted> =
  { state: 'done'; event: E } | { state: 'failed'; event: PostFailed };

/** The newest edit of a post, by when its command reached the stream: an older edit never overwrites it. */
export interface LatestEdit {
  requestId: string;
  publishedAtMs: number;
}

export interface OperationLedger {
  get(kind: OperationKind, requestId: string): Promise<OperationEntry | null>;
  set(kind: OperationKind, requestId: string, entry: OperationEntry): Promise<void>;
  /** Counts one failed attempt and returns the total (the retry policy's budget, like posts'). */
  countAttempt(kind: OperationKind, requestId: string): Promise<number>;
  attempts(kind: OperationKind, requestId: string): Promise<number>;
  /**
   * Records `edit` as the post's newest edit unless a command published later already is; returns the newest
   * (`edit` itself when it won).
   */
  claimLatestEdit(postUrn: string, edit: LatestEdit): Promise<LatestEdit>;
}

const encode = (value: string) => Buffer.from(value, 'utf8').toString('base64url');
const PREFIX: Record<OperationKind, string> = { update: 'u', delete: 'd' };
const keyOf = (kind: OperationKind, requestId: string) => `${PREFIX[kind]}.${encode(requestId)}`;
const attemptsKeyOf = (kind: OperationKind, requestId: string) => `${PREFIX[kind]}a.${encode(requestId)}`;
const latestKeyOf = (postUrn: string) => `e.${encode(postUrn)}`;

/**
 * In the publisher's ledger bucket, beside the posts' own keys (`r.`, `a.`) and apart from them, so an operation
 * may reuse the id of the request that created its post.
 */
export async function createKvOperationLedger(
  nc: NatsConnection,
  options: { replicas?: number } = {},
): Promise<OperationLedger> {
  const kv: KV = await openKvBucket(nc, LEDGER_BUCKET, {
    replicas: options.replicas ?? 1,
    maxBytes: BUCKET_MAX_BYTES.large,
  });
  const ok = () => true;
  const no = () => false;

  async function read<T>(key: string): Promise<{ value: T; revision: number } | null> {
    const entry = await kv.get(key);
    if (!entry || entry.operation !== 'PUT') return null;
    return { value: entry.json<T>(), revision: entry.revision };
  }

  /** Compare-and-set loop: `next` sees the current value (or null) and returns the one to write, or undefined. */
  async function swap<T>(key: string, next: (current: T | null) => T | undefined): Promise<T> {
    for (;;) {
      const current = await read<T>(key);
      const value = next(current?.value ?? null);
      if (value === undefined) return current!.value;
      const body = JSON.stringify(value);
      const written = current
        ? await kv.update(key, body, current.revision).then(ok, no)
        : await kv.create(key, body).then(ok, no);
      if (written) return value;
    }
  }

  return {
    get: async (kind, requestId) => (await read<OperationEntry>(keyOf(kind, requestId)))?.value ?? null,
    async set(kind, requestId, entry) {
      await kv.put(keyOf(kind, requestId), JSON.stringify(entry));
    },
    countAttempt: (kind, requestId) => swap<number>(attemptsKeyOf(kind, requestId), (n) => (n ?? 0) + 1),
    attempts: async (kind, requestId) => (await read<number>(attemptsKeyOf(kind, requestId)))?.value ?? 0,
    claimLatestEdit: (postUrn, edit) =>
      swap<LatestEdit>(latestKeyOf(postUrn), (current) =>
        current && current.requestId !== edit.requestId && current.publishedAtMs > edit.publishedAtMs
          ? undefined
          : edit,
      ),
  };
}
