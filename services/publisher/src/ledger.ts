import type { KV } from '@nats-io/kv';
import { BUCKET_MAX_BYTES, openKvBucket } from '@li-bus/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import type { FirstCommentOutcome, PostFailed } from '@li-bus/contracts';

/**
 * The publisher's record per `requestId`: `armed` (with the exact create body) before the create call,
 * `published` (with the URN) after, `failed` when it ended without a post. What makes "never twice" hold
 * across crashes and redeliveries: an armed request is only ever re-sent with the same body, which LinkedIn
 * answers with `DUPLICATE_POST` naming the post when the earlier create did land.
 */
export type LedgerEntry =
  | ArmedEntry
  | PublishedEntry
  | WaitingEntry
  | CancelledEntry
  | { state: 'failed'; code: string; failedAt: string; event?: PostFailed };

/**
 * Held by a server-side message schedule (not by the consumer) until `until` (ms since epoch): a `notBefore`
 * in the future, a throttled member, or a long retry delay. Only a compare-and-set from this revision may move
 * it on (to `armed` when it fires, to `cancelled` on a cancel): a cancel racing the due time has one winner.
 */
export interface WaitingEntry {
  state: 'waiting';
  connectionId: string;
  until: number;
  reason: 'scheduled' | 'throttled' | 'retry';
}

/**
 * Cancelled before reaching LinkedIn: never posted, whatever is delivered later. Written over `waiting` (or an
 * armed entry LinkedIn refused) by compare-and-set, or as the first entry when the publisher has not taken the
 * request yet (`connectionId` then comes from the cancel command, when it carried one).
 */
export interface CancelledEntry {
  state: 'cancelled';
  cancelledAt: string;
  connectionId?: string;
}

export interface PublishedEntry {
  state: 'published';
  urn: string;
  author: string;
  publishedAt: string;
  /** The first comment, when the request asked for one: written with `published`, settled before the event. */
  comment?: CommentEntry;
}

/**
 * The first comment's own record. `armed` before each create call (`sends` counts the calls that may have landed:
 * it is raised before the call and a definite answer settles the entry), `published` with the comment's URN,
 * `failed` with the `post.published.firstComment` failure. LinkedIn creates a second comment for the same text
 * (no duplicate detection on comments), so an armed entry with `sends > 0` is only re-sent after reading the
 * post's comments showed that the earlier call did not land.
 */
export type CommentEntry =
  | { state: 'armed'; armedAt: string; leaseUntil: number; sends: number }
  | ({ state: 'settled' } & { outcome: FirstCommentOutcome });

export interface ArmedEntry {
  state: 'armed';
  armedAt: string;
  author: string;
  /** The `/rest/posts` body, media URNs included: a reconcile sends exactly this again. */
  body: Record<string, unknown>;
  /** A live handler owns the create until then (ms); later, anyone may reconcile. */
  leaseUntil: number;
  /** False once LinkedIn answered the create with an error (nothing was created). */
  uncertain: boolean;
  /** The request's connection (for `post.cancelled` when a refused create is cancelled); absent in old entries. */
  connectionId?: string;
}

export interface Versioned<T> {
  value: T;
  revision: number;
}

export interface PublishLedger {
  get(requestId: string): Promise<Versioned<LedgerEntry> | null>;
  /** Writes the entry and returns its revision. */
  set(requestId: string, entry: LedgerEntry): Promise<number>;
  /** Writes the first entry for a request; false when another delivery already wrote one. */
  claim(requestId: string, entry: LedgerEntry): Promise<boolean>;
  /** Replaces the entry only if it is still at `revision` (compare-and-set); false otherwise. */
  replace(requestId: string, entry: LedgerEntry, revision: number): Promise<boolean>;
  /** Counts one failed attempt (never scheduling or throttling waits) and returns the total. */
  countAttempt(requestId: string): Promise<number>;
  attempts(requestId: string): Promise<number>;
}

export const LEDGER_BUCKET = 'publisher_ledger';

const encode = (requestId: string) => Buffer.from(requestId, 'utf8').toString('base64url');
const keyOf = (requestId: string) => `r.${encode(requestId)}`;
const attemptsKeyOf = (requestId: string) => `a.${encode(requestId)}`;

export async function createKvLedger(
  nc: NatsConnection,
  options: { replicas?: number } = {},
): Promise<PublishLedger> {
  // No max age (a request id is remembered for good): at ~300 bytes an entry, the limit holds millions of posts.
  const kv: KV = await openKvBucket(nc, LEDGER_BUCKET, {
    replicas: options.replicas ?? 1,
    maxBytes: BUCKET_MAX_BYTES.large,
  });
  const ok = () => true;
  const no = () => false;

  async function attempts(requestId: string): Promise<Versioned<number> | null> {
    const entry = await kv.get(attemptsKeyOf(requestId));
    if (!entry || entry.operation !== 'PUT') return null;
    return { value: Number(entry.string()) || 0, revision: entry.revision };
  }

  return {
    async get(requestId) {
      const entry = await kv.get(keyOf(requestId));
      if (!entry || entry.operation !== 'PUT') return null;
      return { value: entry.json<LedgerEntry>(), revision: entry.revision };
    },
    set: (requestId, entry) => kv.put(keyOf(requestId), JSON.stringify(entry)),
    claim: (requestId, entry) => kv.create(keyOf(requestId), JSON.stringify(entry)).then(ok, no),
    replace: (requestId, entry, revision) =>
      kv.update(keyOf(requestId), JSON.stringify(entry), revision).then(ok, no),
    async countAttempt(requestId) {
      for (;;) {
        const current = await attempts(requestId);
        const next = (current?.value ?? 0) + 1;
        const key = attemptsKeyOf(requestId);
        const written = current
          ? await kv.update(key, String(next), current.revision).then(ok, no)
          : await kv.create(key, String(next)).then(ok, no);
        if (written) return next;
      }
    },
    async attempts(requestId) {
      return (await attempts(requestId))?.value ?? 0;
    },
  };
}
