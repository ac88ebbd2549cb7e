// What token-keeper creates on NATS (one durable consumer per token subject), for packages that check those
// resources from outside (deploy permission checks).
import { STREAMS, SUBJECTS } from '@li-bus/contracts';
import { durableOf } from './ingest.ts';
export { durableOf } from './ingest.ts';

/** Token-keeper's durable consumers on `TOKENS`, one per token subject it stores (backlog on /metrics). */
export const TOKEN_KEEPER_CONSUMERS = [
  SUBJECTS.tokenIssued,
  SUBJECTS.tokenRefreshed,
  SUBJECTS.tokenRevoked,
  SUBJECTS.tokenRefreshFailed,
].map((subject) => ({ stream: STREAMS.tokens.name, durable: durableOf(subject) }));
