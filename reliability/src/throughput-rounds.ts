// Rounds of posts from several members at once: each round queues every member's requests interleaved (so all
// members share the queue alike), and a group's throughput is its published posts over the time from the
// round's start (the publisher let loose on the queue) to the group's last outcome (POSTS stream time).
import type { NatsConnection } from '@nats-io/transport-node';
import { requestPost } from '@li-bus/client';
import type { ServiceProcess } from '@li-bus/dev-stack';
import { waitFor } from '@li-bus/testkit';
import { postText } from './delivery-figures.ts';
import type { PostLedger } from './post-outcomes.ts';

/** Publishes `perMember` requests for each connection, interleaved; returns the requestIds per connection. */
export async function publishRound(options: {
  nc: NatsConnection;
  connectionIds: readonly string[];
  perMember: number;
  prefix: string;
  concurrency?: number;
}): Promise<Map<string, string[]>> {
  const byConnection = new Map<string, string[]>(options.connectionIds.map((id) => [id, []]));
  const queue: { requestId: string; connectionId: string }[] = [];
  for (let n = 0; n < options.perMember; n++) {
    options.connectionIds.forEach((connectionId, m) => {
      const requestId = `${options.prefix}-m${m}-${n}`;
      byConnection.get(connectionId)?.push(requestId);
      queue.push({ requestId, connectionId });
    });
  }
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      await requestPost(
        options.nc,
        { requestId: next.requestId, connectionId: next.connectionId, text: postText(next.requestId) },
        { wait: false },
      );
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 64 }, worker));
  return byConnection;
}

export interface GroupMeasure {
  published: number;
  failed: number;
  /** From the round's start to the group's last outcome (ms). */
  spanMs: number;
  /** Round start to outcome, for each of the group's published requests (ms). */
  latenciesMs: number[];
}

/** Measures `group` (requestIds) of a round that started at `start` (epoch ms). */
export function measureGroup(ledger: PostLedger, start: number, group: readonly string[]): GroupMeasure {
  const measure: GroupMeasure = { published: 0, failed: 0, spanMs: 0, latenciesMs: [] };
  let end = start;
  for (const id of group) {
    const entry = ledger.get(id);
    if (!entry || entry.terminalAt === undefined) continue;
    end = Math.max(end, entry.terminalAt);
    if (entry.published > 0) {
      measure.published += 1;
      measure.latenciesMs.push(entry.terminalAt - start);
    } else {
      measure.failed += 1;
    }
  }
  measure.spanMs = end - start;
  return measure;
}

/** Posts per second over several rounds: all published posts over all the rounds' spans. */
export function rate(measures: readonly GroupMeasure[]): number {
  const posts = measures.reduce((sum, m) => sum + m.published, 0);
  const ms = measures.reduce((sum, m) => sum + m.spanMs, 0);
  return ms > 0 ? (posts * 1000) / ms : 0;
}

export type RoundKind = 'W' | 'B' | 'T';

export interface Round {
  kind: RoundKind;
  /** When the publisher was let loose on the round's queued requests (epoch ms). */
  start: number;
  others: string[];
  subject: string[];
}

/**
 * One round per `order` entry: the publisher is paused (SIGSTOP) while the round's requests are queued, then
 * resumed, so that it meets them all at once; the round ends when the others' requests (and, unless the
 * subject's requests are expected to wait, the subject's) reached a terminal event.
 */
export async function runRounds(options: {
  nc: NatsConnection;
  publisher: ServiceProcess;
  order: readonly RoundKind[];
  perMember: number;
  others: readonly string[];
  subjectOf: (kind: RoundKind) => string;
  subjectWaits: (kind: RoundKind) => boolean;
  done: ReadonlySet<string>;
  prefix: string;
  timeoutMs: number;
}): Promise<Round[]> {
  const rounds: Round[] = [];
  for (const [r, kind] of options.order.entries()) {
    const subject = options.subjectOf(kind);
    options.publisher.kill('SIGSTOP');
    let ids: Map<string, string[]>;
    try {
      ids = await publishRound({
        nc: options.nc,
        connectionIds: [...options.others, subject],
        perMember: options.perMember,
        prefix: `${options.prefix}-r${r}${kind}`,
      });
    } finally {
      options.publisher.kill('SIGCONT');
    }
    const round: Round = {
      kind,
      start: Date.now(),
      others: options.others.flatMap((id) => ids.get(id) ?? []),
      subject: ids.get(subject) ?? [],
    };
    const awaited = options.subjectWaits(kind) ? round.others : [...round.others, ...round.subject];
    await waitFor(() => awaited.every((id) => options.done.has(id)), {
      timeoutMs: options.timeoutMs,
      intervalMs: 50,
      message: `round ${r} (${kind}): not all of ${awaited.length} requests terminal`,
    });
    rounds.push(round);
  }
  return rounds;
}
