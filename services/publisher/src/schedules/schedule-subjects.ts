/**
 * Names of the publisher's own waiting room on NATS (internal: not part of the contracts). A waiting request is
 * one message schedule (ADR-51) per request in `PUBLISHER_SCHEDULES`; the server publishes it to the due subject
 * at its time. The number of waiting requests per connection is a counter (ADR-49) in `PUBLISHER_WAITING`.
 */
export const SCHEDULES_STREAM = 'PUBLISHER_SCHEDULES';
export const SCHEDULES_SUBJECTS = ['publisher.schedule.>'] as const;
/** Where the server publishes a request when its schedule fires (consumed by `publisher-due`). */
export const DUE_SUBJECT = 'publisher.schedule.due';

export const WAITING_STREAM = 'PUBLISHER_WAITING';
export const WAITING_SUBJECTS = ['publisher.waiting.>'] as const;

const encode = (value: string) => Buffer.from(value, 'utf8').toString('base64url');

/** One schedule per request: publishing this subject again replaces it, purging it removes it. */
export const scheduleSubjectOf = (requestId: string) => `publisher.schedule.at.${encode(requestId)}`;

/** The counter subject of a connection's waiting requests. */
export const waitingSubjectOf = (connectionId: string) => `publisher.waiting.${encode(connectionId)}`;

/**
 * `Nats-Schedule: @at <RFC 3339 UTC>` rounded up to the next whole second: schedules never fire before their
 * time, and the handler checks the time again on the fired copy anyway.
 */
export function atScheduleOf(untilMs: number): string {
  const second = new Date(Math.ceil(untilMs / 1000) * 1000);
  return `@at ${second.toISOString().replace('.000Z', 'Z')}`;
}
