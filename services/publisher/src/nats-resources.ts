// What the publisher creates and uses on NATS (its durable consumer, KV buckets, object-store reader), for
// packages that check those resources from outside (deploy permission checks, reliability scenarios).
import { STREAMS } from '@li-bus/contracts';
import { PUBLISHER_DURABLE } from './app.ts';
import { DELETE_DURABLE, UPDATE_DURABLE } from './edit-consumers.ts';
export { PUBLISHER_DURABLE } from './app.ts';
export { DELETE_DURABLE, UPDATE_DURABLE } from './edit-consumers.ts';
export { createKvLedger, LEDGER_BUCKET } from './ledger.ts';
export { createKvMemberThrottle, THROTTLE_BUCKET } from './member-throttle.ts';
export { createKvQuotaCounter } from './quota-counter.ts';
export { QUOTA_BUCKET } from '@li-bus/contracts';
export { createObjectSource } from './media/object-source.ts';
export { createKvRefusalStore, VERSIONS_BUCKET } from '@li-bus/linkedin-versions';

/** The publisher's durable consumer of `post.requested` (backlog on /metrics). */
export const PUBLISHER_CONSUMERS = [PUBLISHER_DURABLE, UPDATE_DURABLE, DELETE_DURABLE].map((durable) => ({
  stream: STREAMS.posts.name,
  durable,
}));
