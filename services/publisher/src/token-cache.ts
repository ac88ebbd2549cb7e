import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { SUBJECTS, type TokensGetReply } from '@li-bus/contracts';
import type { TokenKeeperClient } from '@li-bus/token-keeper-client';

/** The events after which a cached `tokens.get` reply of their connection may be wrong. */
const INVALIDATING_SUBJECTS = [
  SUBJECTS.tokenIssued,
  SUBJECTS.tokenRefreshed,
  SUBJECTS.tokenRevoked,
  SUBJECTS.tokenExpired,
  SUBJECTS.tokenRefreshFailed,
] as const;

export interface TokenCacheOptions {
  /** Connections kept (least recently used dropped first). */
  maxEntries?: number;
  /** A reply is asked again after this long even without an event: the safety net if an event was missed. */
  maxAgeMs?: number;
  /**
   * After an event, replies of its connection are not cached for this long, unless one carries the event's
   * own token: the event reaches us before token-keeper has stored it, so a reply soon after may predate it.
   */
  holdMs?: number;
  now?: () => number;
  logger?: Logger;
}

export interface TokenCache extends Pick<TokenKeeperClient, 'get'> {
  readonly size: number;
  close(): void;
}

interface Entry {
  reply: TokensGetReply;
  at: number;
}

/**
 * `tokens.get` replies cached per connection in the publisher. They hold the sealed token exactly as
 * token-keeper answered (it is opened per use, never kept open). A core subscription on the token events drops a
 * connection's reply as soon as an event names it; a disconnect, a slow consumer or anything unexpected drops
 * them all, and nothing is cached while the subscription cannot be trusted. `get(id, { fresh: true })` (the
 * "LinkedIn answered 401, ask once more" path) always asks token-keeper.
 */
export async function createTokenCache(
  nc: NatsConnection,
  keeper: Pick<TokenKeeperClient, 'get'>,
  options: TokenCacheOptions = {},
): Promise<TokenCache> {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxAgeMs = options.maxAgeMs ?? 30_000;
  const holdMs = options.holdMs ?? 60_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  /** Connections an event named recently (insertion order = time order), with the event's token if any. */
  const holds = new Map<string, { until: number; accessToken?: string }>();
  /** Requests in flight per connection: a reply asked before everything was dropped is not cached. */
  const asking = new Map<string, Set<{ stale: boolean }>>();
  let connected = false;
  /** False for good once a subscription failed (a permissions change, say): from then on every get asks. */
  let subscribed = true;
  let closed = false;
  const live = () => connected && subscribed && !closed;

  function forget(connectionId: string, accessToken?: string) {
    entries.delete(connectionId);
    holds.delete(connectionId);
    holds.set(connectionId, { until: now() + holdMs, ...(accessToken ? { accessToken } : {}) });
    for (const [id, hold] of holds) {
      if (hold.until > now()) break;
      holds.delete(id);
    }
  }
  function forgetAll(reason: string) {
    if (entries.size > 0) options.logger?.info({ reason, dropped: entries.size }, 'token cache cleared');
    entries.clear();
    asking.forEach((requests) => requests.forEach((request) => (request.stale = true)));
  }
  /** False while an event for the connection may not be stored by token-keeper yet. */
  function settled(connectionId: string, reply: TokensGetReply) {
    const hold = holds.get(connectionId);
    if (!hold) return true;
    if (hold.until > now() && hold.accessToken !== reply.accessToken) return false;
    holds.delete(connectionId);
    return true;
  }

  const subscriptions: Subscription[] = INVALIDATING_SUBJECTS.map((subject) =>
    nc.subscribe(subject, {
      callback: (error, msg) => {
        if (error) {
          subscribed = false;
          options.logger?.warn({ err: error, subject }, 'token events lost: tokens.get is no longer cached');
          return forgetAll(`subscription error on ${subject}`);
        }
        let body: { connectionId?: unknown; accessToken?: unknown };
        try {
          body = msg.json();
        } catch {
          return forgetAll(`unreadable ${subject}`);
        }
        if (typeof body.connectionId !== 'string') return forgetAll(`${subject} without a connectionId`);
        forget(body.connectionId, typeof body.accessToken === 'string' ? body.accessToken : undefined);
      },
    }),
  );
  void (async () => {
    for await (const status of nc.status()) {
      if (closed) break;
      if (status.type === 'ping' || status.type === 'update') continue;
      // Events published while we were away (or dropped as a slow consumer) never reach us.
      forgetAll(`NATS ${status.type}`);
      if (status.type === 'disconnect' || status.type === 'staleConnection') connected = false;
      if (status.type === 'reconnect') connected = true;
    }
  })();
  // Only once the server has our subscriptions can an event after a reply be relied on to reach us.
  await nc.flush();
  connected = true;

  return {
    get size() {
      return entries.size;
    },
    async get(connectionId, getOptions) {
      const cached = entries.get(connectionId);
      if (cached && live() && !getOptions?.fresh && now() - cached.at < maxAgeMs) {
        entries.delete(connectionId); // re-inserted last: the map's order is the recency order
        entries.set(connectionId, cached);
        return cached.reply;
      }
      const request = { stale: !live() };
      const requests = asking.get(connectionId) ?? new Set();
      asking.set(connectionId, requests.add(request));
      try {
        const reply = await keeper.get(connectionId);
        if (!request.stale && live() && settled(connectionId, reply)) {
          entries.delete(connectionId);
          entries.set(connectionId, { reply, at: now() });
          if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
        }
        return reply;
      } catch (error) {
        // A refusal (revoked, expired, …) is never cached, and a cached reply is no longer to be trusted.
        entries.delete(connectionId);
        throw error;
      } finally {
        requests.delete(request);
        if (requests.size === 0) asking.delete(connectionId);
      }
    },
    close() {
      closed = true;
      entries.clear();
      subscriptions.forEach((subscription) => subscription.unsubscribe());
    },
  };
}
