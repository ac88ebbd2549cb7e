import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { BUCKET_MAX_BYTES, openKvBucket } from '@li-bus/messaging';

/** A version LinkedIn answered 426 for. */
export interface Refusal {
  refusedAt: number;
  reason: string;
}

/**
 * The versions LinkedIn refused, shared by every replica of every service. A refusal is forgotten after
 * `forgetAfterMs`, so a version refused because it was not released yet is tried again later.
 */
export interface RefusalStore {
  /** Read before every LinkedIn call (a local copy, kept current by a watch: no round trip). */
  refused(now: number): Promise<ReadonlyMap<string, Refusal>>;
  /** Compare-and-set: true for the one caller that recorded the refusal, false when it was known already. */
  record(version: string, refusal: Refusal): Promise<boolean>;
  close(): void;
}

export const VERSIONS_BUCKET = 'linkedin_versions';
const KEY = 'refused';
/** A week: a sunset version costs one 426 a week; a not-yet-released one is retried within a week. */
export const FORGET_REFUSALS_AFTER_MS = 7 * 86_400_000;

type Table = Record<string, Refusal>;

function live(table: Table, now: number, forgetAfterMs: number): Map<string, Refusal> {
  return new Map(Object.entries(table).filter(([, refusal]) => now - refusal.refusedAt < forgetAfterMs));
}

export async function createKvRefusalStore(
  nc: NatsConnection,
  options: { replicas?: number; forgetAfterMs?: number } = {},
): Promise<RefusalStore> {
  const forgetAfterMs = options.forgetAfterMs ?? FORGET_REFUSALS_AFTER_MS;
  const kv: KV = await openKvBucket(nc, VERSIONS_BUCKET, {
    replicas: options.replicas ?? 1,
    maxBytes: BUCKET_MAX_BYTES.small,
  });
  async function read(): Promise<{ table: Table; revision: number }> {
    const entry = await kv.get(KEY);
    if (!entry || entry.operation !== 'PUT') return { table: {}, revision: 0 };
    return { table: entry.json<Table>(), revision: entry.revision };
  }
  // Every replica keeps the table watched: the check before each call is a local lookup. A refusal another
  // replica records reaches it within a round trip; a call already in flight may still meet its own 426.
  // The watch starts with the current value too; reading it first means no call ever sees an empty table.
  let known: Table = (await read()).table;
  const watcher = await kv.watch({ key: KEY });
  void (async () => {
    for await (const entry of watcher) known = entry.operation === 'PUT' ? entry.json<Table>() : {};
  })().catch(() => undefined);
  return {
    async refused(now) {
      return live(known, now, forgetAfterMs);
    },
    async record(version, refusal) {
      for (let tries = 0; tries < 20; tries += 1) {
        const { table, revision } = await read();
        if (live(table, refusal.refusedAt, forgetAfterMs).has(version)) return false;
        const kept = Object.fromEntries(live(table, refusal.refusedAt, forgetAfterMs));
        const next = JSON.stringify({ ...kept, [version]: refusal });
        try {
          if (revision === 0) await kv.create(KEY, next);
          else await kv.update(KEY, next, revision);
          known = JSON.parse(next) as Table;
          return true;
        } catch {
          // Another replica wrote first: read again and see whether it recorded the same refusal.
        }
      }
      throw new Error('could not record the refused LinkedIn version: the shared state keeps changing');
    },
    close: () => watcher.stop(),
  };
}

export function createInMemoryRefusalStore(forgetAfterMs = FORGET_REFUSALS_AFTER_MS): RefusalStore {
  const table: Table = {};
  return {
    async refused(now) {
      return live(table, now, forgetAfterMs);
    },
    async record(version, refusal) {
      const known = table[version];
      if (known && refusal.refusedAt - known.refusedAt < forgetAfterMs) return false;
      table[version] = refusal;
      return true;
    },
    close: () => undefined,
  };
}
