// What the POSTS stream holds for each requestId: when it was requested and its terminal events
// (`post.published` / `post.failed` / `post.cancelled`), read back with an ordered consumer from the first message.
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { STREAMS, SUBJECTS } from '@li-bus/contracts';

export interface RequestRecord {
  /** Stream time of the first `post.requested` (ms), when it is in the stream. */
  requestedAt?: number;
  /** Stream time of the first terminal event (ms). */
  terminalAt?: number;
  published: number;
  failed: number;
  /** `post.cancelled` events (a cancelled request ends with one; repeated cancels repeat it). */
  cancelled: number;
  failureCodes: string[];
}

export type PostLedger = Map<string, RequestRecord>;

/** The events that end a request. */
const TERMINAL_SUBJECTS: string[] = [SUBJECTS.postPublished, SUBJECTS.postFailed, SUBJECTS.postCancelled];

function record(ledger: PostLedger, requestId: string): RequestRecord {
  let entry = ledger.get(requestId);
  if (!entry) {
    entry = { published: 0, failed: 0, cancelled: 0, failureCodes: [] };
    ledger.set(requestId, entry);
  }
  return entry;
}

/** Reads every `post.*` message of the POSTS stream (up to its last sequence now) into one ledger. */
export async function readPostLedger(nc: NatsConnection): Promise<PostLedger> {
  const ledger: PostLedger = new Map();
  const info = await (await jetstreamManager(nc)).streams.info(STREAMS.posts.name);
  const last = info.state.last_seq;
  if (info.state.messages === 0) return ledger;
  const consumer = await jetstream(nc).consumers.get(STREAMS.posts.name, {
    filter_subjects: 'post.>',
    deliver_policy: DeliverPolicy.All,
  });
  const messages = await consumer.consume({ max_messages: 2_000 });
  try {
    for await (const m of messages) {
      let body: { requestId?: unknown; code?: unknown };
      try {
        body = m.json();
      } catch {
        body = {};
      }
      if (typeof body.requestId === 'string') {
        const entry = record(ledger, body.requestId);
        const at = Math.round(Number(m.info.timestampNanos) / 1e6);
        if (m.subject === SUBJECTS.postRequested) entry.requestedAt ??= at;
        if (TERMINAL_SUBJECTS.includes(m.subject)) {
          entry.terminalAt ??= at;
          if (m.subject === SUBJECTS.postPublished) entry.published += 1;
          else if (m.subject === SUBJECTS.postCancelled) entry.cancelled += 1;
          else {
            entry.failed += 1;
            entry.failureCodes.push(String(body.code));
          }
        }
      }
      if (m.seq >= last || m.info.pending === 0) break;
    }
  } finally {
    await messages.close();
  }
  return ledger;
}

/** How many of `requestIds` have a terminal event in the ledger. */
export function countTerminal(ledger: PostLedger, requestIds: Iterable<string>): number {
  let count = 0;
  for (const id of requestIds) {
    const entry = ledger.get(id);
    if (entry && entry.published + entry.failed + entry.cancelled > 0) count += 1;
  }
  return count;
}

/** A live count of distinct requestIds that reached a terminal event (core subscription, for progress). */
export function watchTerminal(nc: NatsConnection) {
  const done = new Set<string>();
  const subs = TERMINAL_SUBJECTS.map((subject) =>
    nc.subscribe(subject, {
      callback: (_error, msg) => {
        try {
          const body = msg.json<{ requestId?: unknown }>();
          if (typeof body.requestId === 'string') done.add(body.requestId);
        } catch {
          // not a JSON body: not an outcome
        }
      },
    }),
  );
  return {
    done,
    stop: () => subs.forEach((sub) => sub.unsubscribe()),
  };
}

/**
 * Waits until every one of `requestIds` has a terminal event, or `timeoutMs` passed. The live watch is cheap
 * but misses events published while this client was reconnecting, so the stream is read every `recheckMs` too.
 * Returns whether all ended.
 */
export async function waitAllTerminal(
  nc: NatsConnection,
  requestIds: readonly string[],
  watch: { done: ReadonlySet<string> },
  options: { timeoutMs: number; recheckMs?: number },
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  let nextRecheck = Date.now() + (options.recheckMs ?? 5_000);
  const all = () => requestIds.every((id) => watch.done.has(id));
  while (Date.now() < deadline) {
    if (all()) return true;
    if (Date.now() >= nextRecheck) {
      const ledger = await readPostLedger(nc).catch(() => undefined);
      if (ledger && countTerminal(ledger, requestIds) === requestIds.length) return true;
      nextRecheck = Date.now() + (options.recheckMs ?? 5_000);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return all();
}
