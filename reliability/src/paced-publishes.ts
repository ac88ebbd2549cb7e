// Sends `post.requested` commands through the real client (`requestPost`, no wait) at a steady rate, retrying a
// failed publish with the same requestId (the server drops a repeat by `Nats-Msg-Id`), and records what each
// publish was answered: an acknowledgement, or an error the caller saw ("failed loudly").
import { setTimeout as sleep } from 'node:timers/promises';
import type { NatsConnection } from '@nats-io/transport-node';
import { requestPost } from '@li-bus/client';
import type { PostRequestedInput } from '@li-bus/contracts';

export interface PublishRecord {
  requestId: string;
  acked: boolean;
  /** Publishes that got an error or no acknowledgement in time. */
  errors: number;
  /** Time from the first attempt to the acknowledgement. */
  ackMs?: number;
  /** Epoch ms of the acknowledgement. */
  ackedAt?: number;
}

export interface PacedPublishOptions {
  nc: NatsConnection;
  ids: readonly string[];
  body: (requestId: string) => PostRequestedInput;
  ratePerSecond: number;
  maxInFlight: number;
  /** Attempts per request before it is given up unacknowledged (1 = no retry). */
  maxAttempts: number;
  retryDelayMs?: number;
  /** Stop starting new requests once this returns true (already started ones finish). */
  stop?: () => boolean;
}

export interface PacedPublishResult {
  records: PublishRecord[];
  /** Error messages the client saw, by kind (first words), for the report. */
  errorKinds: Map<string, number>;
}

function kindOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(/[:(]/)[0]?.trim().slice(0, 60) || 'unknown';
}

export async function publishPaced(options: PacedPublishOptions): Promise<PacedPublishResult> {
  const records: PublishRecord[] = [];
  const errorKinds = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();

  const publishOne = async (requestId: string) => {
    const record: PublishRecord = { requestId, acked: false, errors: 0 };
    records.push(record);
    const first = Date.now();
    for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
      try {
        await requestPost(options.nc, options.body(requestId), { wait: false });
        record.acked = true;
        record.ackedAt = Date.now();
        record.ackMs = record.ackedAt - first;
        return;
      } catch (error) {
        record.errors += 1;
        const kind = kindOf(error);
        errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
        if (attempt < options.maxAttempts) await sleep(options.retryDelayMs ?? 500);
      }
    }
  };

  for (const [index, requestId] of options.ids.entries()) {
    if (options.stop?.()) break;
    const due = started + (index * 1000) / options.ratePerSecond;
    if (due > Date.now()) await sleep(due - Date.now());
    while (inFlight.size >= options.maxInFlight) await Promise.race(inFlight);
    const task = publishOne(requestId).finally(() => inFlight.delete(task));
    inFlight.add(task);
  }
  await Promise.all(inFlight);
  return { records, errorKinds };
}

/** The value at quantile `q` (0..1) of `values`, 0 when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
