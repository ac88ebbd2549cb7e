// Posts with a `notBefore`, for the schedule scenarios (11–14): due times spread over a window at odd
// milliseconds (schedules fire on whole seconds, so rounding the wrong way would show), held by the publisher's
// server-side schedules (`PUBLISHER_SCHEDULES`), and judged against what LinkedIn stored: never before its time.
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { PostRequestedInput } from '@li-bus/contracts';
import { SCHEDULES_STREAM } from '@li-bus/publisher/nats-resources';
import { requestIdOfPost } from './delivery-figures.ts';
import type { EmulatorPost } from './emulator-admin.ts';
import { quantile } from './paced-publishes.ts';
import { waitAllTerminal } from './post-outcomes.ts';
import type { Figure } from './scenario.ts';

/** A `notBefore` for each of `ids`, from `firstDueMs` over `spreadMs`, scattered (not in sending order). */
export function spreadDueTimes(ids: readonly string[], firstDueMs: number, spreadMs: number) {
  const dueOf = new Map<string, number>();
  ids.forEach((id, i) => dueOf.set(id, firstDueMs + ((i * 7_919) % Math.max(1, spreadMs))));
  return dueOf;
}

/** `body` with the request's `notBefore` from `dueOf`. */
export function scheduledBody(
  body: (requestId: string) => PostRequestedInput,
  dueOf: ReadonlyMap<string, number>,
): (requestId: string) => PostRequestedInput {
  return (requestId) => {
    const due = dueOf.get(requestId);
    return { ...body(requestId), ...(due ? { notBefore: new Date(due).toISOString() } : {}) };
  };
}

/** Requests the server holds on schedules now (one message each); undefined while the stream cannot be read. */
export async function heldSchedules(nc: NatsConnection): Promise<number | undefined> {
  try {
    const jsm = await jetstreamManager(nc, { timeout: 5_000 });
    return (await jsm.streams.info(SCHEDULES_STREAM)).state.messages;
  } catch {
    return undefined;
  }
}

/** Early posts (bar 0) and how late the first post of each request came after its `notBefore`. */
export function scheduleFigures(
  dueOf: ReadonlyMap<string, number>,
  posts: readonly EmulatorPost[],
): Figure[] {
  let early = 0;
  const firstAt = new Map<string, number>();
  for (const post of posts) {
    const id = requestIdOfPost(post);
    const due = id === undefined ? undefined : dueOf.get(id);
    if (id === undefined || due === undefined) continue;
    if (post.createdAt < due) early += 1;
    firstAt.set(id, Math.min(firstAt.get(id) ?? Infinity, post.createdAt));
  }
  const lateness = [...firstAt].map(([id, at]) => (at - (dueOf.get(id) ?? at)) / 1000);
  return [
    { name: 'posts created before their notBefore', value: early, bar: { eq: 0 } },
    { name: 'lateness after notBefore p50', value: quantile(lateness, 0.5), unit: 's' },
    { name: 'lateness after notBefore p99', value: quantile(lateness, 0.99), unit: 's' },
    { name: 'lateness after notBefore max', value: lateness.reduce((a, b) => Math.max(a, b), 0), unit: 's' },
  ];
}

/**
 * Waits until every one of `requestIds` ended, for as long as requests keep ending: a burst of many posts due
 * together drains at the system's throughput, so only `stallMs` without a single new ending gives up. The
 * stream is read again only once per `stallMs` (reading 100,000 requests' events is not free). Returns whether
 * all ended.
 */
export async function waitAllTerminalWhileProgressing(
  nc: NatsConnection,
  requestIds: readonly string[],
  watch: { done: ReadonlySet<string> },
  stallMs: number,
): Promise<boolean> {
  for (;;) {
    const before = watch.done.size;
    if (await waitAllTerminal(nc, requestIds, watch, { timeoutMs: stallMs, recheckMs: stallMs - 1_000 })) {
      return true;
    }
    if (watch.done.size === before) return false;
  }
}

/**
 * The delivery figures without the retry-window bar: when more posts fall due at once than the system posts in
 * a window, lateness is queueing, reported (p50, p99) rather than barred; a stall still fails "all terminal".
 */
export function withoutWindowBar(figures: readonly Figure[]): Figure[] {
  return figures.map((figure) =>
    figure.name === 'terminal later than the retry window'
      ? { name: 'terminal later than notBefore + retry window (a burst queues)', value: figure.value }
      : figure,
  );
}
