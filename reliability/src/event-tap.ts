// Every event seen on a set of core subjects (JSON bodies), for waiting on outcomes by id.
import type { NatsConnection } from '@nats-io/transport-node';
import { waitFor } from '@li-bus/testkit';

export interface TappedEvent {
  subject: string;
  body: Record<string, unknown>;
}

export interface EventTap {
  readonly events: TappedEvent[];
  /** Events on `subject` whose `field` equals `value`. */
  matching(subject: string, field: string, value: string): TappedEvent[];
  /** Waits until at least one such event arrived (throws naming it after `timeoutMs`). */
  waitFor(subject: string, field: string, value: string, timeoutMs?: number): Promise<TappedEvent>;
  stop(): void;
}

export function tapEvents(nc: NatsConnection, subjects: readonly string[]): EventTap {
  const events: TappedEvent[] = [];
  const subs = subjects.map((subject) =>
    nc.subscribe(subject, {
      callback: (_error, msg) => {
        try {
          events.push({ subject: msg.subject, body: msg.json<Record<string, unknown>>() });
        } catch {
          events.push({ subject: msg.subject, body: {} });
        }
      },
    }),
  );
  const matching = (subject: string, field: string, value: string) =>
    events.filter((e) => e.subject === subject && e.body[field] === value);
  return {
    events,
    matching,
    waitFor: (subject, field, value, timeoutMs = 20_000) =>
      waitFor(() => matching(subject, field, value)[0], {
        timeoutMs,
        intervalMs: 50,
        message: `no ${subject} with ${field}=${value}`,
      }),
    stop: () => subs.forEach((sub) => sub.unsubscribe()),
  };
}
