import { jetstreamManager } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { postRequested } from '@li-bus/contracts';
import { createKvLedger, LEDGER_BUCKET, type WaitingEntry } from '../src/ledger.ts';
import {
  atScheduleOf,
  DUE_SUBJECT,
  SCHEDULES_STREAM,
  scheduleSubjectOf,
  waitingSubjectOf,
} from '../src/schedules/schedule-subjects.ts';

export interface HeldLoad {
  count: number;
  /** The connections the held posts are spread over (each holds count / connections). */
  connections: number;
  /** When the held posts are due (ms since epoch): far enough ahead that none fires during the bench. */
  untilMs: number;
  progress?: (line: string) => void;
}

const encode = (value: string) => Buffer.from(value, 'utf8').toString('base64url');
/** The ledger's key of a request (`keyOf` in src/ledger.ts); checked below through the ledger itself. */
const ledgerSubjectOf = (requestId: string) => `$KV.${LEDGER_BUCKET}.r.${encode(requestId)}`;

/**
 * Puts `count` waiting posts on NATS as the publisher's `hold` leaves them: a `waiting` ledger entry (a KV
 * create), a `Nats-Schedule: @at` message on `publisher.schedule.at.<id>` with the scheduler's headers and the
 * parsed request as its body, and each connection's waiting counter. Through the publisher each takes four
 * round trips (a million would take over 20 minutes here), and even awaited JetStream publishes manage only
 * 1,500–3,900 a second on this machine, so these are plain publishes to the streams' subjects, flushed every
 * thousand, and the stored counts are checked afterwards (none dropped).
 * Returns the ms it took.
 */
export async function holdScheduled(nc: NatsConnection, load: HeldLoad): Promise<number> {
  const jsm = await jetstreamManager(nc);
  const ledgerStream = `KV_${LEDGER_BUCKET}`;
  const ledger = await createKvLedger(nc);
  const count = async (stream: string) => (await jsm.streams.info(stream)).state.messages;
  const before = { ledger: await count(ledgerStream), schedules: await count(SCHEDULES_STREAM) };
  const connectionOf = (n: number) => `conn_held_${n % load.connections}`;
  const started = performance.now();
  let lastReport = started;
  for (let n = 0; n < load.count; n += 1) {
    // Parsed as the consumer parses it, so the schedule holds the same body (defaults filled in).
    const post = postRequested.parse({
      requestId: `held-${n}`,
      connectionId: connectionOf(n),
      text: `Held post ${n}, scheduled for later`,
      notBefore: new Date(load.untilMs).toISOString(),
    });
    const entry: WaitingEntry = {
      state: 'waiting',
      connectionId: post.connectionId,
      until: load.untilMs,
      reason: 'scheduled',
    };
    const create = headers();
    create.set('Nats-Expected-Last-Subject-Sequence', '0');
    nc.publish(ledgerSubjectOf(post.requestId), JSON.stringify(entry), { headers: create });
    // As `createScheduler().schedule` sends it (no trace context: no span is active here).
    const schedule = headers();
    schedule.set('Nats-Schedule', atScheduleOf(load.untilMs));
    schedule.set('Nats-Schedule-Target', DUE_SUBJECT);
    nc.publish(scheduleSubjectOf(post.requestId), JSON.stringify(post), { headers: schedule });
    if (n % 1000 === 999) await nc.flush();
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      load.progress?.(`schedules: ${n.toLocaleString('en')} of ${load.count.toLocaleString('en')} sent`);
    }
  }
  await nc.flush();
  // Each connection's waiting count, as the holder's +1s would have left it (one counter message each).
  const perConnection = Array.from(
    { length: load.connections },
    (_, c) => Math.floor(load.count / load.connections) + (c < load.count % load.connections ? 1 : 0),
  );
  await Promise.all(
    perConnection.map(async (held, c) => {
      const h = headers();
      h.set('Nats-Incr', `+${held}`);
      await nc.request(waitingSubjectOf(connectionOf(c)), new Uint8Array(), { headers: h, timeout: 10_000 });
    }),
  );
  // The server stores what it was sent a little after the flush: wait for all of it, and fail if it dropped any.
  for (let settled = 0; ; settled += 1) {
    const stored = {
      ledger: (await count(ledgerStream)) - before.ledger,
      schedules: (await count(SCHEDULES_STREAM)) - before.schedules,
    };
    if (stored.ledger === load.count && stored.schedules === load.count) break;
    if (settled > 600)
      throw new Error(
        `held ${load.count}, stored ${stored.schedules} schedules, ${stored.ledger} ledger entries`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const ms = performance.now() - started;
  // The ledger reads what was written as the publisher's own entry (same key, same shape).
  const first = await ledger.get('held-0');
  if (load.count > 0 && first?.value.state !== 'waiting') throw new Error('held-0: no waiting ledger entry');
  return ms;
}
