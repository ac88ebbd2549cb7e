// What the publisher creates and uses on NATS (durable consumers, KV buckets, schedule and counter streams,
// object-store reader), for packages that check those resources from outside (deploy permission checks,
// reliability scenarios).
import { STREAMS } from '@li-bus/contracts';
import { CANCEL_DURABLE, DUE_DURABLE, PUBLISHER_DURABLE } from './app.ts';
import { DELETE_DURABLE, UPDATE_DURABLE } from './edit-consumers.ts';
import { SCHEDULES_STREAM } from './schedules/schedule-subjects.ts';
export { CANCEL_DURABLE, DUE_DURABLE, PUBLISHER_DURABLE } from './app.ts';
export {
  DUE_SUBJECT,
  SCHEDULES_STREAM,
  SCHEDULES_SUBJECTS,
  WAITING_STREAM,
  WAITING_SUBJECTS,
} from './schedules/schedule-subjects.ts';
export { DELETE_DURABLE, UPDATE_DURABLE } from './edit-consumers.ts';
export { createKvLedger, LEDGER_BUCKET } from './ledger.ts';
export { createKvMemberThrottle, THROTTLE_BUCKET } from './member-throttle.ts';
export { createKvQuotaCounter } from './quota-counter.ts';
export { QUOTA_BUCKET } from '@li-bus/contracts';
export { createObjectSource } from './media/object-source.ts';
export { ensureScheduleStreams } from './schedules/schedule-streams.ts';
export { createScheduler } from './schedules/scheduler.ts';
export { createWaitingCount } from './schedules/waiting-count.ts';
export { createKvRefusalStore, VERSIONS_BUCKET } from '@li-bus/linkedin-versions';

/** The publisher's durable consumers (backlog on /metrics). */
export const PUBLISHER_CONSUMERS = [
  ...[PUBLISHER_DURABLE, CANCEL_DURABLE, UPDATE_DURABLE, DELETE_DURABLE].map((durable) => ({
    stream: STREAMS.posts.name,
    durable,
  })),
  { stream: SCHEDULES_STREAM, durable: DUE_DURABLE },
];
