import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { PostFailure } from '../failures.ts';
import { SCHEDULES_STREAM } from './schedule-subjects.ts';

/** How full `PUBLISHER_SCHEDULES` is, read from its stream info. */
export interface ScheduleCapacity {
  /** Bytes held over `max_bytes` (0 without a limit), read at most once per `cacheMs`. */
  usage(): Promise<number>;
  /** Throws `invalid_request` when the stream is at or over the refusal threshold. */
  assertRoom(): Promise<void>;
}

export interface ScheduleCapacityOptions {
  /** Share of `max_bytes` from which new waiting requests are refused (default 0.95). */
  refuseAt?: number;
  /** How long one stream info answers for (default 1 s: one round trip a second, not one per request). */
  cacheMs?: number;
  now?: () => number;
}

/**
 * The server refuses `discard: new` on a stream with schedules, so a full `PUBLISHER_SCHEDULES` would drop its
 * oldest waiting requests without a word. Requests that would start waiting are refused before that instead:
 * their caller gets `post.failed` and can send them again nearer their time. The threshold leaves room for what
 * is already in the system (retries, throttled requests, rescheduled ones) and for a second of arrivals the
 * cached figure does not see yet.
 */
export function createScheduleCapacity(
  nc: NatsConnection,
  options: ScheduleCapacityOptions = {},
): ScheduleCapacity {
  const refuseAt = options.refuseAt ?? 0.95;
  const cacheMs = options.cacheMs ?? 1000;
  const now = options.now ?? Date.now;
  const manager = jetstreamManager(nc);
  let cached: { at: number; ratio: Promise<number> } | undefined;

  async function read(): Promise<number> {
    const info = await (await manager).streams.info(SCHEDULES_STREAM);
    const limit = info.config.max_bytes;
    return limit > 0 ? info.state.bytes / limit : 0;
  }

  function usage(): Promise<number> {
    if (!cached || now() - cached.at >= cacheMs) {
      // Shared by every request of the second; a failed read is not kept.
      const ratio = read();
      cached = { at: now(), ratio };
      ratio.catch(() => (cached = undefined));
    }
    return cached.ratio;
  }

  return {
    usage,
    async assertRoom() {
      const ratio = await usage();
      if (ratio < refuseAt) return;
      throw new PostFailure(
        'invalid_request',
        `the schedule store is full (${SCHEDULES_STREAM} at ${Math.floor(ratio * 100)}% of its size limit): ` +
          'send the request nearer its time, or cancel others',
      );
    },
  };
}
